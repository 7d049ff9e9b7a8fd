import XAPI from '@xapi/xapi';
import { issueXapiCredential, registerClient, ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { createHash, randomUUID } from 'node:crypto';

const VERSION = { 'x-experience-api-version': '1.0.3' };
const HOME = 'https://lms.palembang.go.id';
const ACTIVITIES = `${HOME}/xapi/activities`;
const sha1 = (bytes: Buffer | string) => `"${createHash('sha1').update(bytes).digest('hex')}"`;

/**
 * The xAPI Document resources (State, Activity Profile, Agent Profile) and the Agents and Activities
 * resources through the gateway, as a learning system calls them: with its HTTP Basic xAPI credential,
 * through a stock xAPI client library where it has the call, by hand where the rule is in the headers.
 */
describe('the xAPI Document, Agents and Activities resources (gateway and training processes, real PostgreSQL and Kafka)', () => {
  let platform: ServicesBehindGateway<'training'>;
  let dpmptsp: { username: string; password: string };
  let dinkes: { username: string; password: string };
  const url = () => platform.gateway.baseUrl;
  const lmsOf = (login: { username: string; password: string }) => new XAPI({ endpoint: `${url()}/xapi/`, auth: XAPI.toBasicAuth(login.username, login.password), adapter: 'fetch' });
  const call = (login: { username: string; password: string }, method: string, path: string, headers: Record<string, string> = {}, body?: BodyInit) =>
    fetch(`${url()}${path}`, { method, headers: { authorization: XAPI.toBasicAuth(login.username, login.password), ...VERSION, ...headers }, body });
  const learner = () => ({ objectType: 'Agent' as const, name: 'Peserta Pelatihan', mbox: `mailto:peserta-${randomUUID()}@example.com` });
  const query = (parameters: Record<string, unknown>) =>
    new URLSearchParams(Object.entries(parameters).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)])).toString();

  beforeAll(async () => {
    platform = await startBehindGateway(['training']);
    const lmsDpmptsp = await registerClient(url(), platform.adminToken, 'dpmptsp', ['training:read', 'training:write']);
    const lmsDinkes = await registerClient(url(), platform.adminToken, 'dinas-kesehatan', ['training:read', 'training:write']);
    dpmptsp = await issueXapiCredential(url(), platform.adminToken, lmsDpmptsp.clientId);
    dinkes = await issueXapiCredential(url(), platform.adminToken, lmsDinkes.clientId);
  }, 180_000);

  afterAll(async () => {
    expect(await platform?.stop()).toEqual([0, 0]);
  });

  it('keeps State as a stock client writes it: PUT, POST merging JSON objects, GET, the ids list with since, DELETE one and all', async () => {
    const lms = lmsOf(dpmptsp);
    const agent = learner();
    const activityId = `${ACTIVITIES}/state-${randomUUID()}`;
    const registration = randomUUID();
    await lms.setState({ agent, activityId, registration, stateId: 'bookmark', state: { page: 3, audio: 'on' } });
    await lms.createState({ agent, activityId, registration, stateId: 'bookmark', state: { page: 4 } });
    expect((await lms.getState({ agent, activityId, registration, stateId: 'bookmark' })).data).toEqual({ page: 4, audio: 'on' });
    // A State PUT over an existing document needs no concurrency header (cmi5 content saves this way).
    await lms.setState({ agent, activityId, registration, stateId: 'bookmark', state: { page: 5 } });
    expect((await lms.getState({ agent, activityId, registration, stateId: 'bookmark' })).data).toEqual({ page: 5 });
    const before = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await lms.setState({ agent, activityId, registration, stateId: 'suspend-data', state: { location: 'm2' } });
    expect([...(await lms.getStates({ agent, activityId, registration })).data].sort()).toEqual(['bookmark', 'suspend-data']);
    expect((await lms.getStates({ agent, activityId, registration, since: before.toISOString() })).data).toEqual(['suspend-data']);
    await lms.deleteState({ agent, activityId, registration, stateId: 'bookmark' });
    expect((await call(dpmptsp, 'GET', `/xapi/activities/state?${query({ agent, activityId, registration, stateId: 'bookmark' })}`)).status).toBe(404);
    await lms.deleteStates({ agent, activityId, registration });
    expect((await lms.getStates({ agent, activityId, registration })).data).toEqual([]);
  });

  it('stores a document of any media type as bytes, and answers GET and HEAD with its Content-Type, SHA-1 ETag and Last-Modified', async () => {
    const address = `/xapi/agents/profile?${query({ agent: learner(), profileId: 'photo' })}`;
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x0a]);
    expect((await call(dpmptsp, 'PUT', address, { 'content-type': 'image/png', 'if-none-match': '*' }, bytes)).status).toBe(204);
    const read = await call(dpmptsp, 'GET', address);
    expect([read.status, read.headers.get('content-type'), read.headers.get('etag'), read.headers.get('x-experience-api-version')]).toEqual([200, 'image/png', sha1(bytes), '1.0.3']);
    expect(Buffer.from(await read.arrayBuffer()).equals(bytes)).toBe(true);
    expect(Number.isNaN(Date.parse(read.headers.get('last-modified') ?? ''))).toBe(false);
    const head = await call(dpmptsp, 'HEAD', address);
    expect([head.status, head.headers.get('etag'), (await head.arrayBuffer()).byteLength]).toEqual([200, sha1(bytes), 0]);
    const text = `/xapi/activities/profile?${query({ activityId: `${ACTIVITIES}/text-${randomUUID()}`, profileId: 'notes' })}`;
    expect((await call(dpmptsp, 'PUT', text, { 'content-type': 'text/plain; charset=utf-8' }, 'Catatan pelatihan: modul 2')).status).toBe(204);
    const notes = await call(dpmptsp, 'GET', text);
    expect([notes.headers.get('content-type'), await notes.text()]).toEqual(['text/plain; charset=utf-8', 'Catatan pelatihan: modul 2']);
    // Merging needs two JSON objects: into text, or text into JSON, is a 400 and changes nothing.
    const merged = await call(dpmptsp, 'POST', text, { 'content-type': 'application/json' }, JSON.stringify({ note: 'x' }));
    expect(merged.status).toBe(400);
    expect(await (await call(dpmptsp, 'GET', text)).text()).toBe('Catatan pelatihan: modul 2');
  });

  it('stores any JSON a PUT sends, null included, and refuses a POST whose body is no JSON object with 400 naming the body, storing nothing', async () => {
    const json = { 'content-type': 'application/json' };
    for (const resource of [
      `/xapi/activities/state?${query({ agent: learner(), activityId: `${ACTIVITIES}/null-${randomUUID()}`, stateId: 'empty' })}`,
      `/xapi/activities/profile?${query({ activityId: `${ACTIVITIES}/null-${randomUUID()}`, profileId: 'empty' })}`,
      `/xapi/agents/profile?${query({ agent: learner(), profileId: 'empty' })}`,
    ]) {
      expect([resource, (await call(dpmptsp, 'PUT', resource, json, 'null')).status]).toEqual([resource, 204]);
      expect([resource, await (await call(dpmptsp, 'GET', resource)).text()]).toEqual([resource, 'null']);
      expect((await call(dpmptsp, 'DELETE', resource, { 'if-match': sha1('null') })).status).toBe(204);
      for (const [contentType, body] of [['application/json', 'null'], ['application/json', '[1]'], ['text/plain', 'bookmark']]) {
        const refused = await call(dpmptsp, 'POST', resource, { 'content-type': contentType }, body);
        const problem = (await refused.json()) as { errors: Array<{ field: string }> };
        expect([resource, body, refused.status, problem.errors.map((error) => error.field)]).toEqual([resource, body, 400, ['body']]);
      }
      expect([resource, (await call(dpmptsp, 'GET', resource)).status]).toEqual([resource, 404]);
    }
  });

  it('guards profile documents with ETags: 409 for a PUT over one without If-Match, 412 for a stale ETag or If-None-Match: *, 204 with the current ETag', async () => {
    const address = `/xapi/activities/profile?${query({ activityId: `${ACTIVITIES}/profile-${randomUUID()}`, profileId: 'cmi5Preferences' })}`;
    const json = { 'content-type': 'application/json' };
    expect((await call(dpmptsp, 'PUT', address, { ...json, 'if-match': sha1('nothing') }, '{"a":1}')).status).toBe(412);
    expect((await call(dpmptsp, 'PUT', address, { ...json, 'if-none-match': '*' }, '{"a":1}')).status).toBe(204);
    const etag = (await call(dpmptsp, 'GET', address)).headers.get('etag') ?? '';
    expect(etag).toBe(sha1('{"a":1}'));
    const missing = await call(dpmptsp, 'PUT', address, json, '{"a":2}');
    expect([missing.status, ((await missing.json()) as { detail: string }).detail]).toEqual([409, expect.stringContaining('If-Match')]);
    expect((await call(dpmptsp, 'PUT', address, { ...json, 'if-none-match': '*' }, '{"a":2}')).status).toBe(412);
    expect((await call(dpmptsp, 'PUT', address, { ...json, 'if-match': sha1('stale') }, '{"a":2}')).status).toBe(412);
    expect((await call(dpmptsp, 'POST', address, { ...json, 'if-match': sha1('stale') }, '{"b":2}')).status).toBe(412);
    expect((await call(dpmptsp, 'DELETE', address, { 'if-match': sha1('stale') })).status).toBe(412);
    expect(await (await call(dpmptsp, 'GET', address)).json()).toEqual({ a: 1 });
    expect((await call(dpmptsp, 'PUT', address, { ...json, 'if-match': etag }, '{"a":2}')).status).toBe(204);
    expect((await call(dpmptsp, 'POST', address, json, '{"b":3}')).status).toBe(204);
    expect(await (await call(dpmptsp, 'GET', address)).json()).toEqual({ a: 2, b: 3 });
    expect((await call(dpmptsp, 'DELETE', address, { 'if-match': (await call(dpmptsp, 'GET', address)).headers.get('etag') ?? '' })).status).toBe(204);
    expect((await call(dpmptsp, 'GET', address)).status).toBe(404);
  });

  it("keeps each agency's documents its own: another agency's learning system neither reads, lists nor deletes them", async () => {
    const agent = learner();
    const activityId = `${ACTIVITIES}/agency-${randomUUID()}`;
    const state = `/xapi/activities/state?${query({ agent, activityId, stateId: 'progress' })}`;
    const list = `/xapi/activities/state?${query({ agent, activityId })}`;
    const profile = `/xapi/agents/profile?${query({ agent, profileId: 'preferences' })}`;
    expect((await call(dpmptsp, 'PUT', state, { 'content-type': 'application/json' }, '{"done":0.5}')).status).toBe(204);
    expect((await call(dpmptsp, 'PUT', profile, { 'content-type': 'application/json' }, '{"lang":"id"}')).status).toBe(204);
    expect((await call(dinkes, 'GET', state)).status).toBe(404);
    expect((await call(dinkes, 'HEAD', state)).status).toBe(404);
    expect(await (await call(dinkes, 'GET', list)).json()).toEqual([]);
    expect((await call(dinkes, 'GET', profile)).status).toBe(404);
    expect((await call(dinkes, 'DELETE', list)).status).toBe(204);
    // Its PUT without If-Match creates its own document: there is none in its agency to conflict with.
    expect((await call(dinkes, 'PUT', profile, { 'content-type': 'application/json' }, '{"lang":"en"}')).status).toBe(204);
    expect(await (await call(dpmptsp, 'GET', state)).json()).toEqual({ done: 0.5 });
    expect(await (await call(dpmptsp, 'GET', profile)).json()).toEqual({ lang: 'id' });
    expect(await (await call(dinkes, 'GET', profile)).json()).toEqual({ lang: 'en' });
  });

  it('answers the Agents resource with the Person object, and the Activities resource with the definition from the statements the caller may read', async () => {
    const agent = learner();
    const person = (await lmsOf(dpmptsp).getAgent({ agent })).data;
    expect(person).toEqual({ objectType: 'Person', name: [agent.name], mbox: [agent.mbox] });
    const activityId = `${ACTIVITIES}/defined-${randomUUID()}`;
    const statement = (definition: Record<string, unknown>) => ({ actor: agent, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { objectType: 'Activity' as const, id: activityId, definition } });
    await lmsOf(dpmptsp).sendStatements({ statements: [statement({ name: { 'en-US': 'ASN ethics' }, type: 'http://adlnet.gov/expapi/activities/course' })] });
    await lmsOf(dpmptsp).sendStatements({ statements: [statement({ name: { 'id-ID': 'Etika ASN' }, description: { 'id-ID': 'Kode etik aparatur' } })] });
    expect((await lmsOf(dpmptsp).getActivity({ activityId })).data).toEqual({
      objectType: 'Activity',
      id: activityId,
      definition: { name: { 'en-US': 'ASN ethics', 'id-ID': 'Etika ASN' }, description: { 'id-ID': 'Kode etik aparatur' }, type: 'http://adlnet.gov/expapi/activities/course' },
    });
    // The statements are dpmptsp's (the learner is no civil servant of dinas-kesehatan): dinkes knows the id only.
    expect(await (await call(dinkes, 'GET', `/xapi/activities?${query({ activityId })}`)).json()).toEqual({ objectType: 'Activity', id: activityId });
  });

  it('answers HEAD on the Agents, Activities and About resources as GET, without the body', async () => {
    for (const path of [`/xapi/agents?${query({ agent: learner() })}`, `/xapi/activities?${query({ activityId: `${ACTIVITIES}/head-${randomUUID()}` })}`, '/xapi/about']) {
      const get = await call(dpmptsp, 'GET', path);
      const head = await call(dpmptsp, 'HEAD', path);
      expect([path, head.status, head.headers.get('content-type'), (await head.arrayBuffer()).byteLength]).toEqual([path, 200, get.headers.get('content-type'), 0]);
      expect((await get.text()).length).toBeGreaterThan(0);
    }
  });

  it('refuses what the specification refuses (400: bad parameters, no version header), and a caller without the xAPI credential (401)', async () => {
    const agent = learner();
    const activityId = `${ACTIVITIES}/refused`;
    for (const path of [
      `/xapi/activities/state?${query({ activityId, stateId: 's' })}`,
      `/xapi/activities/state?${query({ agent, activityId, StateId: 's' })}`,
      `/xapi/activities/state?${query({ agent: { name: 'no identifier' }, activityId, stateId: 's' })}`,
      `/xapi/activities/profile?${query({ activityId, profileId: 'p', since: 'yesterday' })}`,
      `/xapi/agents?${query({})}`,
      `/xapi/activities?${query({ activityId: 'not an iri' })}`,
    ]) {
      expect([path, (await call(dpmptsp, 'GET', path)).status]).toEqual([path, 400]);
    }
    expect((await call(dpmptsp, 'PUT', `/xapi/agents/profile?${query({ agent })}`, { 'content-type': 'application/json' }, '{}')).status).toBe(400);
    expect((await fetch(`${url()}/xapi/agents?${query({ agent })}`, { headers: VERSION })).status).toBe(401);
    // X-Experience-API-Version is required here as on every resource but about (400), and every answer names 1.0.3.
    for (const path of [`/xapi/activities/state?${query({ agent, activityId })}`, `/xapi/agents?${query({ agent })}`, `/xapi/activities?${query({ activityId })}`]) {
      const unversioned = await fetch(`${url()}${path}`, { headers: { authorization: XAPI.toBasicAuth(dpmptsp.username, dpmptsp.password) } });
      expect([path, unversioned.status, unversioned.headers.get('x-experience-api-version')]).toEqual([path, 400, '1.0.3']);
    }
    expect((await fetch(`${url()}/xapi/activities/state?${query({ agent, activityId })}`, { headers: VERSION })).status).toBe(401);
  });
});
