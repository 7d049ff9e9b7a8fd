import { ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { Client } from 'pg';
import { call, Caller, expectStatus, nipOf, program } from '../testing/training';

const VERSION = { 'x-experience-api-version': '1.0.3' };
const LMS_HOME = 'https://lms.palembang.go.id';

/**
 * Second review, finding 4: a Group actor is never a civil servant. xAPI 1.0.3 (2.4.2.2): an Identified
 * Group's account identifies the group, not a member. Before, the store's agency check skipped Groups
 * while sealing treated any account named by a NIP as that civil servant, so another agency's learning
 * system stored a Group "named" by agency A's NIP, passed the check, and linked its own agency to A's
 * civil servant: A could no longer forget them alone.
 */
describe('an xAPI Group actor named by a NIP (gateway and training processes, real PostgreSQL and Kafka)', () => {
  let platform: ServicesBehindGateway<'training'>;
  let database: Client;
  let bkpsdm: Caller;
  let activityId: string;
  const gateway = () => platform.gateway.baseUrl;
  const client = async (agencyId: string, scopes: string[]): Promise<Caller> => ({ token: await platform.tokenFor(agencyId, scopes), agencyId });
  const xapi = (caller: Caller, method: string, path: string, body?: unknown) => call(platform.services.training.baseUrl, caller, method, path, { body, headers: VERSION });

  beforeAll(async () => {
    platform = await startBehindGateway(['training']);
    database = new Client({ connectionString: platform.services.training.databaseUrl });
    await database.connect();
    bkpsdm = await client('bkpsdm', ['training:read', 'training:write']);
    const created = await expectStatus(call(gateway(), bkpsdm, 'POST', '/v1/training-programs', { body: program({ jp: 12, deliveryMode: 'e-learning' }) }), 201);
    activityId = (created.xapiActivityIds as string[])[0];
  }, 180_000);

  afterAll(async () => {
    await database?.end();
    expect(await platform?.stop()).toEqual([0, 0]);
  });

  it("is a group of its own: another agency's learning system neither links itself to the civil servant nor credits them, and their agency still forgets them alone", async () => {
    const nip = nipOf(621);
    await expectStatus(call(gateway(), bkpsdm, 'POST', '/v1/civil-servants', { body: { nip, name: 'Dewi Lestari', agencyId: 'dpmptsp' } }), 201);
    const lmsDinkes = await client('dinas-kesehatan', ['training:read', 'training:write']);
    const group = { objectType: 'Group', name: 'Kelompok Belajar', account: { homePage: LMS_HOME, name: nip } };
    const statement = { actor: group, verb: { id: 'http://adlnet.gov/expapi/verbs/completed' }, object: { objectType: 'Activity', id: activityId }, result: { completion: true, success: true } };

    // The group's statement is dinas-kesehatan's own business: stored, read back, and about no civil servant.
    const [id] = (await expectStatus(xapi(lmsDinkes, 'POST', '/xapi/statements', statement), 200)) as unknown as string[];
    expect((await expectStatus(xapi(lmsDinkes, 'GET', `/xapi/statements?statementId=${id}`), 200)).actor).toEqual(group);
    expect(JSON.stringify((await database.query(`SELECT statement FROM xapi_statements WHERE statement_id = $1`, [id])).rows)).not.toContain('Kelompok');
    expect((await expectStatus(call(gateway(), bkpsdm, 'GET', `/v1/development-records/${nip}`), 200)).jpEarned).toBe(0);
    // dpmptsp's reader does not see it: the statement is not about its civil servant.
    expect((await xapi(await client('dpmptsp', ['training:read']), 'GET', `/xapi/statements?statementId=${id}`)).status).toBe(404);

    // The civil servant's agency holds the only case and forgets them alone; dinas-kesehatan may not.
    expect((await call(gateway(), await client('dinas-kesehatan', ['admin']), 'POST', `/v1/civil-servants/${nip}/forget`)).status).toBe(404);
    expect((await expectStatus(call(gateway(), await client('dpmptsp', ['admin']), 'POST', `/v1/civil-servants/${nip}/forget`), 200)).erasedKeys).toBe(1);
    // Forgetting the person leaves the group's name; dinas-kesehatan forgets its group as an xAPI agent.
    expect((await expectStatus(xapi(lmsDinkes, 'GET', `/xapi/statements?statementId=${id}`), 200)).actor).toEqual(group);
    const forgotten = await expectStatus(call(gateway(), await client('dinas-kesehatan', ['admin']), 'POST', '/v1/xapi-agents/forget', { body: { account: group.account } }), 200);
    expect(forgotten.erasedKeys).toBe(1);
    expect((await expectStatus(xapi(lmsDinkes, 'GET', `/xapi/statements?statementId=${id}`), 200)).actor).toEqual({ objectType: 'Group', account: group.account });
  });
});
