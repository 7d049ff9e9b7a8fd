import { createHttpAdapter } from '@palembang/http';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServiceDatabase } from '@palembang/platform/testing';
import { DocumentRequest, DocumentResource, parseDocumentRequest } from '@palembang/xapi';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ServicePerformanceConsumer } from '../recommendations/service-performance.consumer';
import { TrainingModule } from '../training.module';
import { XapiStatementsService } from '../xapi/xapi.service';
import { XapiDocumentsService } from './xapi-documents.service';

const ACTIVITY = 'https://lms.palembang.go.id/xapi/activities/etika-asn';
const HOME = 'https://lms.palembang.go.id';
const json = (value: unknown) => ({ content: Buffer.from(JSON.stringify(value)), contentType: 'application/json' });
const NO_HEADERS = { ifMatch: undefined, ifNoneMatch: undefined };

/** The Document resources' store against real PostgreSQL: what is kept, how preconditions guard it, whose it is. */
describe('the xAPI documents store', () => {
  let app: INestApplication;
  let documents: XapiDocumentsService;
  let dataSource: DataSource;
  const lms = { clientId: 'lms-dpmptsp', agencyId: 'dpmptsp', allAgencies: false, correlationId: randomUUID() };
  const otherAgency = { clientId: 'lms-dinkes', agencyId: 'dinas-kesehatan', allAgencies: false, correlationId: randomUUID() };
  const agentOf = (name: string) => JSON.stringify({ objectType: 'Agent', account: { homePage: HOME, name } });
  const request = (resource: DocumentResource, method: 'GET' | 'PUT' | 'POST' | 'DELETE', query: Record<string, string>): DocumentRequest => {
    const parsed = parseDocumentRequest(resource, method, query);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    return parsed.value;
  };
  const single = (...args: Parameters<typeof request>) => request(...args) as Extract<DocumentRequest, { kind: 'single' }>;

  beforeAll(async () => {
    process.env.PERSONAL_DATA_KEY ??= randomBytes(32).toString('base64');
    process.env.GATEWAY_URL ??= 'http://127.0.0.1:9';
    const databaseUrl = await createServiceDatabase('training');
    const moduleRef = await Test.createTestingModule({
      imports: [TrainingModule.forConfig({ serviceName: 'training', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') })],
    })
      .overrideProvider(ServicePerformanceConsumer)
      .useValue({})
      .compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    await app.init();
    documents = app.get(XapiDocumentsService);
    dataSource = app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('keeps a document as bytes with its media type, its ETag the quoted SHA-1 of the content, and no agent identifier in clear', async () => {
    const nip = `1987${randomUUID().slice(0, 8)}`;
    const address = single('state', 'PUT', { activityId: ACTIVITY, agent: agentOf(nip), stateId: 'bookmark' });
    const bytes = Buffer.from([0, 1, 2, 255]);
    await documents.put(address, { content: bytes, contentType: 'application/octet-stream' }, NO_HEADERS, lms);
    const stored = await documents.get(address, lms);
    expect(stored.content.equals(bytes)).toBe(true);
    expect(stored.contentType).toBe('application/octet-stream');
    expect(stored.etag).toBe(`"${createHash('sha1').update(bytes).digest('hex')}"`);
    const rows: Array<{ agent_key: string }> = await dataSource.query(`SELECT agent_key FROM xapi_documents WHERE document_id = 'bookmark' AND updated_by = $1`, [lms.clientId]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => !row.agent_key.includes(nip))).toBe(true);
  });

  it('refuses a profile PUT over an existing document without If-Match (409), and a stale If-Match (412), leaving the document as it was', async () => {
    const profileId = `preferences-${randomUUID()}`;
    const address = single('activity-profile', 'PUT', { activityId: ACTIVITY, profileId });
    await documents.put(address, json({ language: 'id-ID' }), { ifMatch: undefined, ifNoneMatch: '*' }, lms);
    await expect(documents.put(address, json({ language: 'en-US' }), NO_HEADERS, lms)).rejects.toMatchObject({ problem: { status: 409 } });
    await expect(documents.put(address, json({ language: 'en-US' }), { ifMatch: '"0000"', ifNoneMatch: undefined }, lms)).rejects.toMatchObject({ problem: { status: 412 } });
    await expect(documents.put(address, json({ language: 'en-US' }), { ifMatch: undefined, ifNoneMatch: '*' }, lms)).rejects.toMatchObject({ problem: { status: 412 } });
    const before = await documents.get(address, lms);
    expect(JSON.parse(before.content.toString())).toEqual({ language: 'id-ID' });
    await documents.put(address, json({ language: 'en-US' }), { ifMatch: before.etag, ifNoneMatch: undefined }, lms);
    expect(JSON.parse((await documents.get(address, lms)).content.toString())).toEqual({ language: 'en-US' });
  });

  it('merges a posted JSON object into the stored one, and refuses to merge into a document that is not JSON (400)', async () => {
    const agent = agentOf(`1990${randomUUID().slice(0, 8)}`);
    const address = single('agent-profile', 'POST', { agent, profileId: 'cmi5LearnerPreferences' });
    await documents.post(address, json({ languagePreference: 'id-ID', audioPreference: 'on' }), NO_HEADERS, lms);
    await documents.post(address, json({ audioPreference: 'off' }), NO_HEADERS, lms);
    expect(JSON.parse((await documents.get(address, lms)).content.toString())).toEqual({ languagePreference: 'id-ID', audioPreference: 'off' });
    const text = single('agent-profile', 'PUT', { agent, profileId: 'notes' });
    await documents.put(text, { content: Buffer.from('catatan'), contentType: 'text/plain' }, NO_HEADERS, lms);
    await expect(documents.post(text, json({ a: 1 }), NO_HEADERS, lms)).rejects.toMatchObject({ problem: { status: 400 } });
    expect((await documents.get(text, lms)).content.toString()).toBe('catatan');
  });

  it("lists ids (since), deletes one or all of a registration's states, and shows another agency nothing", async () => {
    const agent = agentOf(`1991${randomUUID().slice(0, 8)}`);
    const registration = randomUUID();
    const scope = { activityId: ACTIVITY, agent, registration };
    await documents.put(single('state', 'PUT', { ...scope, stateId: 'first' }), json({ n: 1 }), NO_HEADERS, lms);
    const between = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await documents.put(single('state', 'PUT', { ...scope, stateId: 'second' }), json({ n: 2 }), NO_HEADERS, lms);
    await documents.put(single('state', 'PUT', { activityId: ACTIVITY, agent, stateId: 'unregistered' }), json({ n: 3 }), NO_HEADERS, lms);
    const ids = (query: Record<string, string>, caller = lms) => documents.ids(request('state', 'GET', query) as Extract<DocumentRequest, { kind: 'ids' }>, caller);
    expect((await ids(scope)).sort()).toEqual(['first', 'second']);
    expect(await ids({ ...scope, since: between.toISOString() })).toEqual(['second']);
    expect((await ids({ activityId: ACTIVITY, agent })).sort()).toEqual(['first', 'second', 'unregistered']);
    expect(await ids(scope, otherAgency)).toEqual([]);
    await expect(documents.get(single('state', 'GET', { ...scope, stateId: 'first' }), otherAgency)).rejects.toMatchObject({ problem: { status: 404 } });
    await documents.delete(request('state', 'DELETE', scope) as Exclude<DocumentRequest, { kind: 'ids' }>, NO_HEADERS, otherAgency);
    expect((await ids(scope)).sort()).toEqual(['first', 'second']);
    await documents.delete(single('state', 'DELETE', { ...scope, stateId: 'first' }), NO_HEADERS, lms);
    expect(await ids(scope)).toEqual(['second']);
    await documents.delete(request('state', 'DELETE', scope) as Exclude<DocumentRequest, { kind: 'ids' }>, NO_HEADERS, lms);
    expect(await ids({ activityId: ACTIVITY, agent })).toEqual(['unregistered']);
  });

  it('lets exactly one of concurrent first writes with If-None-Match: * store the document; the others fail their precondition (412)', async () => {
    const address = single('activity-profile', 'PUT', { activityId: ACTIVITY, profileId: `race-${randomUUID()}` });
    const outcomes = await Promise.allSettled([1, 2, 3, 4].map((n) => documents.put(address, json({ n }), { ifMatch: undefined, ifNoneMatch: '*' }, lms)));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => (outcome as PromiseRejectedResult).reason.problem.status)).toEqual([412, 412, 412]);
  });

  it("forgetting an agent deletes their documents in every agency, in the erasure's commit; a refused forget deletes nothing", async () => {
    const statements = app.get(XapiStatementsService);
    const name = `learner-${randomUUID().slice(0, 8)}`;
    const agent = { account: { homePage: HOME, name } };
    const address = single('state', 'PUT', { activityId: ACTIVITY, agent: agentOf(name), stateId: 'suspend-data' });
    const profile = single('agent-profile', 'PUT', { agent: agentOf(name), profileId: 'preferences' });
    await documents.put(address, json({ page: 7 }), NO_HEADERS, lms);
    await documents.put(profile, json({ language: 'id' }), { ifMatch: undefined, ifNoneMatch: '*' }, otherAgency);
    const now = new Date().toISOString();

    // An agency admin without a case of theirs may not forget them (404), and nothing is deleted.
    await expect(statements.forgetAgent(agent, { clientId: 'admin-dinkes', agencyId: 'dinas-kesehatan', scopes: ['admin'] }, now)).rejects.toMatchObject({ status: 404 });
    expect((await documents.get(address, lms)).content.toString()).toBe('{"page":7}');

    await statements.forgetAgent(agent, { clientId: 'city-admin', agencyId: 'pemkot-palembang', scopes: ['admin', 'agencies:all'] }, now);
    await expect(documents.get(address, lms)).rejects.toMatchObject({ status: 404 });
    await expect(documents.get(profile, otherAgency)).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a POST whose merge would grow the document past the body limit (413), and keeps the stored one', async () => {
    const address = single('state', 'POST', { activityId: ACTIVITY, agent: agentOf(`grow-${randomUUID().slice(0, 8)}`), stateId: 'notes' });
    const half = 'x'.repeat(40 * 1024);
    await documents.post(address, json({ first: half }), NO_HEADERS, lms);
    await expect(documents.post(address, json({ second: half }), NO_HEADERS, lms)).rejects.toMatchObject({ status: 413 });
    expect(Object.keys(JSON.parse((await documents.get(address, lms)).content.toString()))).toEqual(['first']);
  });
});
