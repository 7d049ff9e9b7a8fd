/**
 * The smoke test of a containerized platform, through its gateway only:
 * a token, a permit submitted and decided, a complaint filed, an xAPI statement
 * posted and read back, and the accountability metrics counting the approved
 * permit. Run by compose.sh and kube.sh:
 *   SMOKE_GATEWAY_URL=http://127.0.0.1:PORT SMOKE_ADMIN_SECRET=... tsx tools/images/smoke.ts
 * Prints one line per step and a closing "smoke: N passed, N failed".
 */
import { randomUUID } from 'node:crypto';

const gateway = required('SMOKE_GATEWAY_URL');
const adminSecret = required('SMOKE_ADMIN_SECRET');
const METRICS_WAIT_MS = 90_000;
const READ_ATTEMPTS = 5;

type Answer = { status: number; body: Record<string, unknown> };
type Client = { clientId: string; clientSecret: string };

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

async function call(method: string, path: string, auth: string | undefined, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  // A read answered 503 (a dependency not reachable yet) is retried after its Retry-After, as a careful client does; writes are not.
  for (let attempt = 1; ; attempt += 1) {
    const answer = await callOnce(method, path, auth, body, headers);
    if (answer.status !== 503 || method !== 'GET' || attempt === READ_ATTEMPTS) return answer;
    console.log(`smoke: ${method} ${path} answered 503, retrying (${attempt}/${READ_ATTEMPTS})`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

async function callOnce(method: string, path: string, auth: string | undefined, body: unknown, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${gateway}${path}`, {
    method,
    headers: { ...(auth ? { authorization: auth } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

function expectStatus(answer: Answer, status: number, what: string): Record<string, unknown> {
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function tokenOf(client: Client): Promise<string> {
  const response = await fetch(`${gateway}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200 || typeof body.access_token !== 'string') throw new Error(`token of ${client.clientId}: ${response.status} ${JSON.stringify(body)}`);
  return `Bearer ${body.access_token}`;
}

async function registerClient(admin: string, agencyId: string, scopes: string[]): Promise<Client> {
  const created = expectStatus(await call('POST', '/v1/admin/clients', admin, { name: `smoke ${agencyId}`, agencyId, scopes }), 201, `registering a ${agencyId} client`);
  return { clientId: created.clientId as string, clientSecret: created.clientSecret as string };
}

type Figures = { agencyId: string; permits: Record<string, number>; complaints: Record<string, number> };

/** A figure summed over every agency the dashboard sees (agencies:all), this month. */
async function totalOf(dashboard: string, pick: (figures: Figures) => number | undefined): Promise<number> {
  const period = new Date().toISOString().slice(0, 7);
  const body = expectStatus(await call('GET', `/v1/metrics/agencies?period=${period}`, dashboard), 200, 'reading the metrics');
  return (body.items as Figures[]).reduce((sum, item) => sum + (pick(item) ?? 0), 0);
}

async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + METRICS_WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${METRICS_WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function main(): Promise<number> {
  let passed = 0;
  let failed = 0;
  const step = async <T>(name: string, body: () => Promise<T>): Promise<T | undefined> => {
    const started = Date.now();
    try {
      const result = await body();
      passed += 1;
      console.log(`smoke: ok   ${name} (${Date.now() - started} ms)`);
      return result;
    } catch (error) {
      failed += 1;
      console.log(`smoke: FAIL ${name}: ${(error as Error).message}`);
      return undefined;
    }
  };

  const admin = await step('the bootstrap admin gets a token', () => tokenOf({ clientId: 'bootstrap-admin', clientSecret: adminSecret }));
  if (!admin) return finish(passed, failed + 1);
  const tokens = await step('clients registered and their tokens issued', async () => {
    const officer = await tokenOf(await registerClient(admin, 'dinas-pariwisata', ['permits:read', 'permits:write']));
    const portal = await tokenOf(await registerClient(admin, 'pemkot-palembang', ['complaints:read', 'complaints:write', 'agencies:all']));
    const dashboard = await tokenOf(await registerClient(admin, 'pemkot-palembang', ['metrics:read', 'agencies:all']));
    const lms = await registerClient(admin, 'bkpsdm', ['training:read', 'training:write', 'agencies:all']);
    const issued = expectStatus(await call('POST', `/v1/admin/clients/${lms.clientId}/xapi-credentials`, admin), 201, 'an xAPI credential');
    const xapi = `Basic ${Buffer.from(`${issued.username as string}:${issued.password as string}`).toString('base64')}`;
    return { officer, portal, dashboard, xapi };
  });
  if (!tokens) return finish(passed, failed + 1);
  const approved = (figures: Figures) => figures.permits?.approved;
  const approvedBefore = await totalOf(tokens.dashboard, approved);

  await step('a permit is submitted and decided', async () => {
    const submitted = expectStatus(
      await call('POST', '/v1/permit-applications', tokens.officer, {
        permitTypeCode: 'TDUP',
        documents: ['nib', 'ktp', 'akta-pendirian', 'foto-tempat-usaha'],
        applicant: { applicantId: `warga-${randomUUID().slice(0, 8)}`, nik: '1671014506880002', name: 'Nyimas Ayu', phone: '0812-7811-2201', address: 'Jl. Sudirman 12, Palembang' },
      }),
      201,
      'submitting a permit application',
    );
    for (const [action, body] of [['verify', {}], ['start-review', { officerId: 'smoke-officer' }], ['approve', {}]] as const) {
      expectStatus(await call('POST', `/v1/permit-applications/${submitted.applicationId as string}/${action}`, tokens.officer, body), 200, action);
    }
  });
  await step('a complaint is filed', async () => {
    const complaint = { intakeType: 'complaint', channel: 'web', categoryCode: 'JALAN-RUSAK', title: 'Jalan berlubang', description: 'Lubang besar', address: 'Jl. Sudirman', anonymous: true, reporter: { reporterId: `warga-${randomUUID().slice(0, 8)}`, name: 'Budi' } };
    expectStatus(await call('POST', '/v1/complaints', tokens.portal, complaint), 201, 'filing a complaint');
  });
  await step('an xAPI statement is posted and read back', async () => {
    const statementId = randomUUID();
    const xapiHeaders = { 'x-experience-api-version': '1.0.3' };
    const statement = {
      id: statementId,
      actor: { objectType: 'Agent', name: 'Smoke Learner', account: { homePage: 'https://lms.palembang.go.id', name: '198001012005011001' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } },
      object: { objectType: 'Activity', id: 'https://lms.palembang.go.id/smoke-01' },
      result: { completion: true, success: true },
    };
    expectStatus(await call('POST', '/xapi/statements', tokens.xapi, [statement], xapiHeaders), 200, 'posting a statement');
    const read = expectStatus(await call('GET', `/xapi/statements?statementId=${statementId}`, tokens.xapi, undefined, xapiHeaders), 200, 'reading it back');
    if (read.id !== statementId) throw new Error(`read back ${JSON.stringify(read)}`);
  });
  await step('the accountability metrics count the approved permit', async () => {
    let approvedNow = approvedBefore;
    await eventually(`approved permits this month: ${approvedBefore} before`, async () => (approvedNow = await totalOf(tokens.dashboard, approved)) > approvedBefore).catch((error: Error) => {
      throw new Error(`${error.message}, ${approvedNow} now`);
    });
  });
  return finish(passed, failed);
}

function finish(passed: number, failed: number): number {
  console.log(`smoke: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`smoke: ${(error as Error).message}`);
    process.exit(1);
  },
);
