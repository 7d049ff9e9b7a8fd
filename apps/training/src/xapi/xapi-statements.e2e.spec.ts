import XAPI from '@xapi/xapi';
import { issueXapiCredential, registerClient, ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { CompactSign, generateKeyPair } from 'jose';
import { createHash, randomUUID } from 'node:crypto';

const VERSION = { 'x-experience-api-version': '1.0.3' };
const ACTIVITIES = 'https://lms.palembang.go.id/activities';
/** A statement as answered, read deep in the assertions. */
type Answered = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The Statement resource's conformance rules, each through the gateway as a learning system calls it. */
describe('the xAPI Statement resource, rule by rule (gateway and training processes, real PostgreSQL and Kafka)', () => {
  let platform: ServicesBehindGateway<'training'>;
  let login: { username: string; password: string };
  let lmsClientId: string;
  /** Another agency's learning system. */
  let otherLogin: { username: string; password: string };
  const url = () => platform.gateway.baseUrl;
  const basic = () => XAPI.toBasicAuth(login.username, login.password);
  const xapi = (method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; raw?: BodyInit } = {}) =>
    fetch(`${url()}${path}`, {
      method,
      headers: { authorization: basic(), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...(options.headers ?? VERSION) },
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  const statement = (overrides: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    actor: { mbox: 'mailto:learner@palembang.go.id' },
    verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced', 'id-ID': 'mengalami' } },
    object: { id: `${ACTIVITIES}/orientation`, definition: { name: { 'en-US': 'Orientation', 'id-ID': 'Orientasi' } } },
    ...overrides,
  });
  const read = async (id: string, query = '', headers: Record<string, string> = VERSION) => {
    const answer = await xapi('GET', `/xapi/statements?statementId=${id}${query}`, { headers });
    expect(answer.status).toBe(200);
    return (await answer.json()) as Answered;
  };

  beforeAll(async () => {
    platform = await startBehindGateway(['training']);
    const lms = await registerClient(url(), platform.adminToken, 'bkpsdm', ['training:read', 'training:write']);
    login = await issueXapiCredential(url(), platform.adminToken, lms.clientId);
    lmsClientId = lms.clientId;
    const otherLms = await registerClient(url(), platform.adminToken, 'dinas-kesehatan', ['training:read', 'training:write']);
    otherLogin = await issueXapiCredential(url(), platform.adminToken, otherLms.clientId);
  }, 180_000);

  afterAll(async () => {
    expect(await platform?.stop()).toEqual([0, 0]);
  });

  it('requires X-Experience-API-Version on every Statement request (400 without it) but not on about', async () => {
    for (const [method, path, body] of [['GET', '/xapi/statements'], ['POST', '/xapi/statements', statement()], ['PUT', `/xapi/statements?statementId=${randomUUID()}`, statement()]] as const) {
      const answer = await xapi(method, path, { body, headers: {} });
      expect([method, answer.status, answer.headers.get('x-experience-api-version')]).toEqual([method, 400, '1.0.3']);
    }
    const about = await fetch(`${url()}/xapi/about`);
    expect(about.status).toBe(200);
  });

  it('names X-Experience-API-Consistent-Through on every Statement answer, errors included', async () => {
    const answers = [
      await xapi('POST', '/xapi/statements', { body: statement() }),
      await xapi('PUT', `/xapi/statements?statementId=${randomUUID()}`, { body: statement({ id: undefined }) }),
      await xapi('GET', '/xapi/statements?limit=1'),
      await xapi('GET', `/xapi/statements?statementId=${randomUUID()}`),
      await xapi('POST', '/xapi/statements', { body: statement({ verb: { id: 'not an iri' } }) }),
      await xapi('GET', '/xapi/statements', { headers: {} }),
      await fetch(`${url()}/xapi/statements`, { headers: VERSION }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 204, 200, 404, 400, 400, 401]);
    expect(answers.map((answer) => answer.headers.get('x-experience-api-version'))).toEqual(Array(answers.length).fill('1.0.3'));
    for (const answer of answers) expect(new Date(answer.headers.get('x-experience-api-consistent-through') ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps a statement version of 1.0 or 1.0.x as sent, and refuses a timestamp with a negative zero offset', async () => {
    const [ten, tenNine] = [statement({ version: '1.0' }), statement({ version: '1.0.9' })];
    expect((await xapi('POST', '/xapi/statements', { body: [ten, tenNine] })).status).toBe(200);
    expect([(await read(ten.id)).version, (await read(tenNine.id)).version]).toEqual(['1.0', '1.0.9']);
    for (const offset of ['-00', '-0000', '-00:00']) {
      expect((await xapi('POST', '/xapi/statements', { body: statement({ timestamp: `2026-11-20T08:45:00${offset}` }) })).status).toBe(400);
    }
    expect((await xapi('POST', '/xapi/statements', { body: statement({ timestamp: '2026-11-20T08:45:00+00:00' }) })).status).toBe(200);
  });

  it("returns a SubStatement's context activities as arrays", async () => {
    const planned = statement({
      object: { objectType: 'SubStatement', actor: { mbox: 'mailto:learner@palembang.go.id' }, verb: { id: 'http://adlnet.gov/expapi/verbs/attended' }, object: { id: `${ACTIVITIES}/class` }, context: { contextActivities: { parent: { id: `${ACTIVITIES}/course` } } } },
    });
    expect((await xapi('POST', '/xapi/statements', { body: planned })).status).toBe(200);
    expect((await read(planned.id)).object.context).toEqual({ contextActivities: { parent: [{ id: `${ACTIVITIES}/course` }] } });
  });

  it("answers format=canonical in the reader's Accept-Language, format=ids with identifiers only, and HEAD as GET without the body", async () => {
    const sent = statement({ actor: { name: 'Budi', mbox: 'mailto:budi@palembang.go.id' } });
    expect((await xapi('POST', '/xapi/statements', { body: sent })).status).toBe(200);
    const indonesian = await read(sent.id, '&format=canonical', { ...VERSION, 'accept-language': 'id-ID, en;q=0.5' });
    expect([indonesian.verb.display, indonesian.object.definition.name, indonesian.actor]).toEqual([{ 'id-ID': 'mengalami' }, { 'id-ID': 'Orientasi' }, sent.actor]);
    const english = await read(sent.id, '&format=canonical', { ...VERSION, 'accept-language': 'en' });
    expect(english.verb.display).toEqual({ 'en-US': 'experienced' });
    const ids = await read(sent.id, '&format=ids');
    expect([ids.actor, ids.verb, ids.object]).toEqual([{ mbox: 'mailto:budi@palembang.go.id' }, { id: sent.verb.id }, { id: sent.object.id }]);
    expect((await read(sent.id)).verb.display).toEqual(sent.verb.display);
    const head = await xapi('HEAD', `/xapi/statements?statementId=${sent.id}`);
    expect([head.status, head.headers.get('content-type'), (await head.arrayBuffer()).byteLength]).toEqual([200, expect.stringMatching(/^application\/json/), 0]);
  });

  it('answers the Alternate Request Syntax (POST ?method= with headers, parameters and content as form fields) as the request it stands for', async () => {
    const form = ({ method, ...fields }: Record<string, string>) =>
      fetch(`${url()}/xapi/statements?method=${method}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    const sent = statement();
    const fields = { Authorization: basic(), 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' };
    const put = await form({ method: 'PUT', ...fields, statementId: sent.id, content: JSON.stringify(sent) });
    expect(put.status).toBe(204);
    const got = await form({ method: 'GET', ...fields, statementId: sent.id });
    expect(got.status).toBe(200);
    expect(((await got.json()) as Answered).id).toBe(sent.id);
    const posted = await form({ method: 'POST', ...fields, content: JSON.stringify(statement({ id: undefined })) });
    expect(posted.status).toBe(200);
    expect((await posted.json()) as string[]).toEqual([expect.any(String)]);

    expect((await form({ method: 'GET', 'X-Experience-API-Version': '1.0.3', statementId: sent.id })).status).toBe(401);
    expect((await form({ method: 'GET', Authorization: basic(), statementId: sent.id })).status).toBe(400);
    expect((await form({ method: 'PATCH', ...fields })).status).toBe(400);
    const queryParameter = await fetch(`${url()}/xapi/statements?method=GET&statementId=${sent.id}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    expect(queryParameter.status).toBe(400);

    // The training service reads it too, for a caller that reaches it with a token as a form field.
    const token = await platform.tokenFor('bkpsdm', ['training:read']);
    const direct = await fetch(`${platform.services.training.baseUrl}/xapi/statements?method=GET`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ Authorization: `Bearer ${token}`, 'X-Experience-API-Version': '1.0.3', limit: '1' }).toString(),
    });
    expect([direct.status, direct.headers.get('x-experience-api-consistent-through') !== null]).toEqual([200, true]);
    expect(Array.isArray(((await direct.json()) as Answered).statements)).toBe(true);

    // Every xAPI resource takes it: a State document, here as text.
    const state = { activityId: `${ACTIVITIES}/orientation`, agent: JSON.stringify({ mbox: 'mailto:learner@palembang.go.id' }), stateId: `bookmark-${randomUUID()}` };
    const putState = await fetch(`${url()}/xapi/activities/state?method=PUT`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...fields, 'Content-Type': 'text/plain', ...state, content: 'halaman 3' }).toString(),
    });
    expect(putState.status).toBe(204);
    const readState = await xapi('GET', `/xapi/activities/state?${new URLSearchParams(state).toString()}`);
    expect([readState.status, readState.headers.get('content-type'), await readState.text()]).toEqual([200, expect.stringMatching(/^text\/plain/), 'halaman 3']);
  });

  it('takes an authority that is a Group of two Agents (application and user, OAuth style) and stores the authenticated client as the authority instead', async () => {
    const oauthStyle = { objectType: 'Group', account: { homePage: 'https://lms.palembang.go.id', name: 'moodle+budi' }, member: [{ account: { homePage: 'https://lms.palembang.go.id/oauth/token', name: 'moodle' } }, { mbox: 'mailto:budi@palembang.go.id' }] };
    const sent = statement({ authority: oauthStyle });
    expect((await xapi('POST', '/xapi/statements', { body: sent })).status).toBe(200);
    const stored = await read(sent.id);
    expect(stored.authority).toEqual({ objectType: 'Agent', account: { homePage: expect.any(String), name: lmsClientId } });
    // The authority the LRS overwrote does not make the same statement sent again a conflict.
    expect((await xapi('PUT', `/xapi/statements?statementId=${sent.id}`, { body: sent })).status).toBe(204);
    expect((await xapi('POST', '/xapi/statements', { body: statement({ authority: { ...oauthStyle, member: oauthStyle.member.slice(0, 1) } }) })).status).toBe(400);
  });

  describe('attachments as raw data (multipart/mixed)', () => {
    const data = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d]);
    const sha2 = createHash('sha256').update(data).digest('hex');
    const certificate = { usageType: 'http://id.tincanapi.com/attachment/certificate', display: { 'en-US': 'Certificate' }, contentType: 'application/pdf', length: data.length, sha2 };
    const multipart = (json: unknown, parts: Array<{ headers: string[]; content: Buffer }>, boundary = `b-${randomUUID()}`) => ({
      headers: { ...VERSION, 'content-type': `multipart/mixed; boundary=${boundary}` },
      raw: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(json)}\r\n`),
        ...parts.flatMap((part) => [Buffer.from(`--${boundary}\r\n${part.headers.join('\r\n')}\r\n\r\n`), part.content, Buffer.from('\r\n')]),
        Buffer.from(`--${boundary}--\r\n`),
      ]),
    });
    const dataPart = { headers: ['Content-Type: application/pdf', 'Content-Transfer-Encoding: binary', `X-Experience-API-Hash: ${sha2}`], content: data };

    it('stores statements with their attachments and answers attachments=true as multipart/mixed with the data', async () => {
      const sent = statement({ attachments: [certificate] });
      const posted = await xapi('POST', '/xapi/statements', multipart([sent], [dataPart]));
      expect(posted.status).toBe(200);
      const put = statement({ attachments: [certificate] });
      expect((await xapi('PUT', `/xapi/statements?statementId=${put.id}`, multipart(put, [dataPart]))).status).toBe(204);

      const answer = await xapi('GET', `/xapi/statements?statementId=${sent.id}&attachments=true`);
      expect(answer.status).toBe(200);
      const boundary = /boundary=([^;]+)/.exec(answer.headers.get('content-type') ?? '')?.[1] ?? '';
      expect(answer.headers.get('content-type')).toMatch(/^multipart\/mixed; boundary=/);
      const body = Buffer.from(await answer.arrayBuffer());
      const parts = body.toString('latin1').split(`--${boundary}`).slice(1, -1);
      expect(parts).toHaveLength(2);
      expect(JSON.parse(parts[0].split('\r\n\r\n')[1]).id).toBe(sent.id);
      expect(parts[1]).toContain(`X-Experience-API-Hash: ${sha2}`);
      expect(Buffer.from(parts[1].split('\r\n\r\n')[1].slice(0, -2), 'latin1').equals(data)).toBe(true);
      expect(((await read(sent.id)) as { attachments: unknown }).attachments).toEqual([certificate]);

      // Another agency's learning system gets neither the statement nor its data; a search of its own holds none of it.
      const other = { authorization: XAPI.toBasicAuth(otherLogin.username, otherLogin.password), ...VERSION };
      expect((await fetch(`${url()}/xapi/statements?statementId=${sent.id}&attachments=true`, { headers: other })).status).toBe(404);
      const search = await fetch(`${url()}/xapi/statements?attachments=true&limit=50`, { headers: other });
      expect(search.status).toBe(200);
      expect(Buffer.from(await search.arrayBuffer()).includes(data)).toBe(false);
    });

    it("keeps an attachment's data sealed with the actor's key: forgetting the person erases it", async () => {
      const mbox = `mailto:peserta-${randomUUID()}@palembang.go.id`;
      const sent = statement({ actor: { mbox }, attachments: [certificate] });
      expect((await xapi('POST', '/xapi/statements', multipart([sent], [dataPart]))).status).toBe(200);
      const partsOf = async () => {
        const answer = await xapi('GET', `/xapi/statements?statementId=${sent.id}&attachments=true`);
        expect(answer.status).toBe(200);
        const boundary = /boundary=([^;]+)/.exec(answer.headers.get('content-type') ?? '')?.[1] ?? '';
        return Buffer.from(await answer.arrayBuffer()).toString('latin1').split(`--${boundary}`).slice(1, -1).length;
      };
      expect(await partsOf()).toBe(2);
      const admin = await platform.tokenFor('bkpsdm', ['admin']);
      const forgotten = await fetch(`${url()}/v1/xapi-agents/forget`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ mbox }) });
      expect(forgotten.status).toBe(200);
      expect(await partsOf()).toBe(1);
    });

    it('refuses a missing part (also of a JSON request), a part of no attachment, a part not binary or not its hash; a fileUrl needs no part', async () => {
      const sent = statement({ attachments: [certificate] });
      const refused = [
        await xapi('POST', '/xapi/statements', multipart([sent], [])),
        await xapi('POST', '/xapi/statements', { body: sent }),
        await xapi('POST', '/xapi/statements', multipart([statement()], [dataPart])),
        await xapi('POST', '/xapi/statements', multipart([sent], [{ ...dataPart, headers: dataPart.headers.filter((header) => !header.startsWith('Content-Transfer-Encoding')) }])),
        await xapi('POST', '/xapi/statements', multipart([sent], [{ ...dataPart, content: Buffer.from('other bytes') }])),
      ];
      expect(refused.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400]);
      const linked = statement({ attachments: [{ ...certificate, fileUrl: 'https://lms.palembang.go.id/certificates/1.pdf' }] });
      expect((await xapi('POST', '/xapi/statements', { body: linked })).status).toBe(200);
    });

    // The certificate check (x5c) is covered by the library's unit spec, which holds test certificates.
    it('verifies signed statements: a JWS (RS256/384/512) whose payload is the statement', async () => {
      const signedRequest = async (original: Record<string, unknown>, payload: unknown, alg = 'RS384') => {
        const { privateKey } = await generateKeyPair(alg);
        const jws = Buffer.from(await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg }).sign(privateKey));
        const signatureSha2 = createHash('sha256').update(jws).digest('hex');
        const signature = { usageType: 'http://adlnet.gov/expapi/attachments/signature', display: { 'en-US': 'Signature' }, contentType: 'application/octet-stream', length: jws.length, sha2: signatureSha2 };
        return multipart([{ ...original, attachments: [signature] }], [{ headers: ['Content-Type: application/octet-stream', 'Content-Transfer-Encoding: binary', `X-Experience-API-Hash: ${signatureSha2}`], content: jws }]);
      };
      const original = statement();
      const signedWithoutId = { ...original, id: undefined };
      expect((await xapi('POST', '/xapi/statements', await signedRequest(original, signedWithoutId))).status).toBe(200);
      expect(((await read(original.id)) as { attachments: Array<{ usageType: string }> }).attachments.map((attachment) => attachment.usageType)).toEqual(['http://adlnet.gov/expapi/attachments/signature']);
      const tampered = statement();
      expect((await xapi('POST', '/xapi/statements', await signedRequest(tampered, { ...tampered, verb: { id: 'http://adlnet.gov/expapi/verbs/passed' } }))).status).toBe(400);
      const elliptic = statement();
      expect((await xapi('POST', '/xapi/statements', await signedRequest(elliptic, elliptic, 'ES256'))).status).toBe(400);
    });
  });
});
