import { GATEWAY_ASSERTION_HEADER, internalAssertionKeyOf, InternalAssertionSigner } from '@palembang/auth';
import { callApi, PermitsBehindGateway, startPermitsBehindGateway } from '@palembang/platform/testing';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

const KEY = randomBytes(32).toString('base64');

/** One request written byte for byte (fetch would normalise the target); the status line and body of the answer. */
function raw(baseUrl: string, requestLine: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      const lines = [requestLine, `Host: ${url.host}`, 'Connection: close', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', ''];
      socket.write(lines.join('\r\n'));
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve({ status: Number(answer.split(' ')[1]), body: answer.split('\r\n\r\n').slice(1).join('\r\n\r\n') }));
    socket.on('error', reject);
  });
}

/** What a hostile or careless client can send the gateway (gateway and permits processes): none of it reaches what the route table does not hold. */
describe('the gateway against hostile requests', () => {
  let platform: PermitsBehindGateway;
  let reader: string;

  beforeAll(async () => {
    platform = await startPermitsBehindGateway({ INTERNAL_ASSERTION_KEY: KEY }, { INTERNAL_ASSERTION_KEY: KEY });
    reader = await platform.tokenFor('dpmptsp', ['permits:read']);
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it('does not let a client widen its scopes with an assertion signed with the right key for a wider principal', async () => {
    // Leaked, or replayed from a capture: the gateway overwrites it with its own, never passes it on.
    const forged = await new InternalAssertionSigner(internalAssertionKeyOf(KEY)).sign(
      { principal: {} as never, claims: { sub: 'someone-else', agency_id: 'bappeda', scope: 'permits:read permits:write permits:decide', exp: Math.floor(Date.now() / 1000) + 60 } as never },
      { method: 'POST', path: '/v1/permit-applications' },
    );
    const answer = await callApi(platform.gateway.baseUrl, reader, 'POST', '/v1/permit-applications', { body: {}, headers: { [GATEWAY_ASSERTION_HEADER]: forged } });
    expect(answer.status).toBe(403);
  });

  it.each([
    '/v1/tracking/..%2F..%2Fhealth%2Fready',
    '/v1/tracking/%2e%2e%2f%2e%2e%2fhealth%2fready',
    '/v1/tracking/%252e%252e%252f%252e%252e%252fhealth%252fready',
    '/v1/tracking/%2e%2e/%2e%2e/health/ready',
    '/v1/tracking/x%5C..%5C..%5Chealth%5Cready',
    '/v1/permit-types/..;/..;/health/ready',
    '/v1/internal/anything',
  ])('never reaches a service route the table does not hold: GET %s', async (path) => {
    const answer = await raw(platform.gateway.baseUrl, `GET ${path} HTTP/1.1`, { authorization: `Bearer ${reader}` });
    expect(answer.body).not.toMatch(/"status"\s*:\s*"(ok|error)"|"info"\s*:/);
    expect([400, 404]).toContain(answer.status);
  });

  it('gives 12 concurrent submissions with one Idempotency-Key one application: the others a replay of it or 409, never a second', async () => {
    const writer = await platform.tokenFor('dinas-pariwisata', ['permits:read', 'permits:write']);
    const body = {
      permitTypeCode: 'TDUP',
      applicant: { applicantId: `citizen-${randomBytes(4).toString('hex')}`, nik: '1671011708900001', name: 'Siti Aminah', phone: '0812-7300-1234', email: 'siti@example.id', address: 'Jl. Merdeka No. 1, Bukit Kecil, Palembang' },
      documents: ['nib', 'ktp', 'akta-pendirian', 'foto-tempat-usaha'],
    };
    const key = `review-${randomBytes(6).toString('hex')}`;
    const answers = await Promise.all(Array.from({ length: 12 }, () => callApi(platform.gateway.baseUrl, writer, 'POST', '/v1/permit-applications', { body, headers: { 'idempotency-key': key } })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const ids = new Set(answers.filter((answer) => answer.status === 201).map((answer) => answer.body.applicationId));
    expect(ids.size).toBe(1);
    const listed = await callApi(platform.gateway.baseUrl, writer, 'GET', `/v1/permit-applications?limit=100`);
    const mine = (listed.body.items ?? []).filter((item) => (item as { applicantId?: string }).applicantId === body.applicant.applicantId || ids.has(item.applicationId));
    expect(mine).toHaveLength(1);
  });

  it('ignores method override headers', async () => {
    for (const header of ['x-http-method-override', 'x-http-method', 'x-method-override']) {
      const answer = await raw(platform.gateway.baseUrl, 'POST /v1/permit-types HTTP/1.1', { authorization: `Bearer ${reader}`, [header]: 'GET', 'content-length': '0' });
      expect([404, 405]).toContain(answer.status);
    }
  });

  it.each(['xyzzy://y/v1/permit-types', 'http://evil.example/v1/permit-types', 'HTTP://a@evil.example/v1/permit-types'])(
    'refuses an absolute-form request target with 400 rather than joining it to the service address: GET %s',
    async (target) => {
      // Express routes it by its path; joined to PERMITS_URL as it came, it named another host (503, or a call elsewhere).
      const answer = await raw(platform.gateway.baseUrl, `GET ${target} HTTP/1.1`, { authorization: `Bearer ${reader}` });
      expect({ status: answer.status, problem: answer.body.includes('"code":"REQUEST.TARGET_NOT_ORIGIN_FORM"') }).toEqual({ status: 400, problem: true });
    },
  );

  it('forwards the same call in origin-form', async () => {
    const answer = await raw(platform.gateway.baseUrl, 'GET /v1/permit-types HTTP/1.1', { authorization: `Bearer ${reader}` });
    expect(answer.status).toBe(200);
  });
});
