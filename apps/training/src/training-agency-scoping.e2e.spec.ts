import { ServicesBehindGateway, startBehindGateway } from '@palembang/platform/testing';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { call, Caller, expectStatus, jakartaDay, nipOf, program } from './testing/training';

const VERSION = { 'x-experience-api-version': '1.0.3' };
const LMS_HOME = 'https://lms.palembang.go.id';
const COMPLETED = { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } };

/**
 * Issue 12, points 3, 4 and 8 (training): xAPI statements scoped by agency, enrolment trusting the
 * register and not the request, the actor's name and mailbox sealed, and forgetting training subjects.
 * xAPI is called on the training service with bearer tokens (the gateway's Basic credentials are
 * exchanged for the same tokens); forgetting goes through the gateway.
 */
describe('training across agencies (gateway and training processes, real PostgreSQL and Kafka)', () => {
  let platform: ServicesBehindGateway<'training'>;
  let database: Client;
  let bkpsdm: Caller;
  let lmsDpmptsp: Caller;
  let readerDpmptsp: Caller;
  let lmsDinkes: Caller;
  let lmsCity: Caller;
  let activityId: string;
  const nipDpmptsp = nipOf(601);
  const nipDinkes = nipOf(602);
  const gateway = () => platform.gateway.baseUrl;
  const training = () => platform.services.training.baseUrl;
  const client = async (agencyId: string, scopes: string[]): Promise<Caller> => ({ token: await platform.tokenFor(agencyId, scopes), agencyId });
  const xapi = (caller: Caller, method: string, path: string, body?: unknown) => call(training(), caller, method, path, { body, headers: VERSION });
  const completion = (nip: string, overrides: Record<string, unknown> = {}) => ({
    actor: { objectType: 'Agent', name: 'Siti Aminah', account: { homePage: LMS_HOME, name: nip } },
    verb: COMPLETED,
    object: { objectType: 'Activity', id: activityId },
    result: { completion: true, success: true },
    timestamp: new Date().toISOString(),
    ...overrides,
  });
  const jpOf = async (nip: string) => (await expectStatus(call(gateway(), bkpsdm, 'GET', `/v1/development-records/${nip}`), 200)).jpEarned;

  beforeAll(async () => {
    platform = await startBehindGateway(['training']);
    database = new Client({ connectionString: platform.services.training.databaseUrl });
    await database.connect();
    bkpsdm = await client('bkpsdm', ['training:read', 'training:write']);
    lmsDpmptsp = await client('dpmptsp', ['training:read', 'training:write']);
    readerDpmptsp = await client('dpmptsp', ['training:read']);
    lmsDinkes = await client('dinas-kesehatan', ['training:read', 'training:write']);
    lmsCity = await client('bkpsdm', ['training:read', 'training:write', 'agencies:all']);
    await expectStatus(call(gateway(), bkpsdm, 'POST', '/v1/civil-servants', { body: { nip: nipDpmptsp, name: 'Siti Aminah', agencyId: 'dpmptsp' } }), 201);
    await expectStatus(call(gateway(), bkpsdm, 'POST', '/v1/civil-servants', { body: { nip: nipDinkes, name: 'Budi Santoso', agencyId: 'dinas-kesehatan' } }), 201);
    const created = await expectStatus(call(gateway(), bkpsdm, 'POST', '/v1/training-programs', { body: program({ jp: 12, deliveryMode: 'e-learning' }) }), 201);
    activityId = (created.xapiActivityIds as string[])[0];
  }, 180_000);

  afterAll(async () => {
    await database?.end();
    expect(await platform?.stop()).toEqual([0, 0]);
  });

  describe('xAPI statements belong to agencies (point 3)', () => {
    it("credits only the caller's agency's civil servants, unless the learning system holds agencies:all", async () => {
      await expectStatus(xapi(lmsDpmptsp, 'POST', '/xapi/statements', completion(nipDpmptsp)), 200);
      expect(await jpOf(nipDpmptsp)).toBe(12);

      const foreign = await xapi(lmsDpmptsp, 'POST', '/xapi/statements', completion(nipDinkes));
      expect([foreign.status, foreign.body.code]).toEqual([403, 'XAPI.NOT_YOUR_CIVIL_SERVANT']);
      // An unregistered NIP gets the same answer: the refusal does not tell where a NIP serves.
      expect((await xapi(lmsDpmptsp, 'POST', '/xapi/statements', completion(nipOf(603)))).status).toBe(403);
      expect(await jpOf(nipDinkes)).toBe(0);

      await expectStatus(xapi(lmsCity, 'POST', '/xapi/statements', completion(nipDinkes)), 200);
      expect(await jpOf(nipDinkes)).toBe(12);
    });

    it("reads what the caller stored and what concerns its agency's civil servants, nothing else", async () => {
      const [id] = (await expectStatus(xapi(lmsDpmptsp, 'POST', '/xapi/statements', completion(nipDpmptsp, { verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' } })), 200)) as unknown as string[];
      expect((await xapi(lmsDpmptsp, 'GET', `/xapi/statements?statementId=${id}`)).status).toBe(200);
      expect((await xapi(readerDpmptsp, 'GET', `/xapi/statements?statementId=${id}`)).status).toBe(200);
      expect((await xapi(lmsCity, 'GET', `/xapi/statements?statementId=${id}`)).status).toBe(200);
      expect((await xapi(lmsDinkes, 'GET', `/xapi/statements?statementId=${id}`)).status).toBe(404);
      // Nor can another system probe the id by storing under it.
      const probe = completion(nipDpmptsp, { verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' } });
      expect((await xapi(lmsDinkes, 'PUT', `/xapi/statements?statementId=${id}`, { ...probe, id })).status).toBe(409);

      const seenByDinkes = await expectStatus(xapi(lmsDinkes, 'GET', '/xapi/statements?limit=500'), 200);
      const learners = (seenByDinkes.statements as Array<{ actor: { account?: { name: string } } }>).map((statement) => statement.actor.account?.name);
      expect(learners).not.toContain(nipDpmptsp);
      const agent = encodeURIComponent(JSON.stringify({ account: { homePage: LMS_HOME, name: nipDpmptsp } }));
      expect((await expectStatus(xapi(lmsDinkes, 'GET', `/xapi/statements?agent=${agent}`), 200)).statements).toEqual([]);
      expect(((await expectStatus(xapi(readerDpmptsp, 'GET', `/xapi/statements?agent=${agent}`), 200)).statements as unknown[]).length).toBeGreaterThanOrEqual(2);
    });

    it('voids only statements the caller stored', async () => {
      const [id] = (await expectStatus(xapi(lmsCity, 'POST', '/xapi/statements', completion(nipDinkes, { object: { objectType: 'Activity', id: `${activityId}#again` } })), 200)) as unknown as string[];
      const jp = await jpOf(nipDinkes);
      const voiding = (statementId: string) => ({ actor: { mbox: 'mailto:lms@palembang.go.id' }, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id: statementId } });
      const [credited] = (await expectStatus(xapi(lmsCity, 'GET', `/xapi/statements?agent=${encodeURIComponent(JSON.stringify({ account: { homePage: LMS_HOME, name: nipDinkes } }))}&verb=${encodeURIComponent(COMPLETED.id)}`), 200))
        .statements as Array<{ id: string }>;
      const refused = await xapi(lmsDinkes, 'POST', '/xapi/statements', voiding(credited.id));
      expect([refused.status, refused.body.code]).toEqual([403, 'XAPI.NOT_YOUR_STATEMENT']);
      expect((await xapi(lmsDpmptsp, 'POST', '/xapi/statements', voiding(id))).status).toBe(403);
      expect(await jpOf(nipDinkes)).toBe(jp);
      expect((await xapi(lmsCity, 'GET', `/xapi/statements?statementId=${credited.id}`)).status).toBe(200);
    });

    it('refuses a statement that would credit a closed year, however it is dated', async () => {
      const backdated = await xapi(lmsDpmptsp, 'POST', '/xapi/statements', completion(nipDpmptsp, { timestamp: '2019-06-01T08:00:00+07:00' }));
      expect([backdated.status, backdated.body.code, backdated.body.errors?.[0]?.field]).toEqual([400, 'XAPI.YEAR_CLOSED', 'timestamp']);
      expect((await expectStatus(call(gateway(), bkpsdm, 'GET', `/v1/development-records/${nipDpmptsp}?year=2019`), 200)).jpEarned).toBe(0);
      const future = await xapi(lmsCity, 'POST', '/xapi/statements', completion(nipDpmptsp, { timestamp: `${new Date().getUTCFullYear() + 2}-01-15T08:00:00+07:00` }));
      expect(future.status).toBe(400);
    });
  });

  describe('enrolment trusts the register, not the request (point 4)', () => {
    it("takes the civil servant's agency and name from the register and tells another agency nothing", async () => {
      const created = await expectStatus(call(gateway(), bkpsdm, 'POST', '/v1/training-programs', { body: program() }), 201);
      const cohort = await expectStatus(
        call(gateway(), bkpsdm, 'POST', `/v1/training-programs/${created.programId}/cohorts`, { body: { startsOn: jakartaDay(7), endsOn: jakartaDay(7), capacity: 5, sessions: [{ sessionId: 's1', date: jakartaDay(7) }] } }),
        201,
      );
      const enrol = (caller: Caller, body: Record<string, unknown>) => call(gateway(), caller, 'POST', `/v1/cohorts/${cohort.cohortId}/enrolments`, { body });
      // dinas-kesehatan claims dpmptsp's civil servant as its own: refused, whatever it says.
      const claimed = await enrol(lmsDinkes, { nip: nipDpmptsp, agencyId: 'dinas-kesehatan', name: 'Siapa Saja' });
      expect(claimed.status).toBe(400);
      expect(claimed.body.errors?.map((error) => error.field)).toEqual(expect.arrayContaining(['agencyId', 'name']));
      const other = await enrol(lmsDinkes, { nip: nipDpmptsp });
      const unknown = await enrol(lmsDinkes, { nip: nipOf(604) });
      expect([other.status, unknown.status]).toEqual([404, 404]);
      expect(other.body.code).toBe(unknown.body.code);

      const enrolled = await expectStatus(enrol(lmsDpmptsp, { nip: nipDpmptsp }), 200);
      expect(enrolled.participant).toEqual(expect.objectContaining({ nip: nipDpmptsp, employerAgencyId: 'dpmptsp', status: 'enrolled' }));
      expect(JSON.stringify(enrolled)).not.toContain('Siti');
      const seenByDinkes = await expectStatus(call(gateway(), lmsDinkes, 'GET', `/v1/cohorts/${cohort.cohortId}`), 200);
      expect(seenByDinkes.participants).toEqual([]);
    });
  });

  describe("the actor's personal data (point 8)", () => {
    it('stores the name and mailbox sealed, and forgetting the person erases them in the statements', async () => {
      const mbox = `mailto:peserta-${randomUUID().slice(0, 8)}@example.com`;
      const byMail = { actor: { objectType: 'Agent', name: 'Rina Marlina', mbox }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { objectType: 'Activity', id: activityId } };
      const [mailId] = (await expectStatus(xapi(lmsDpmptsp, 'POST', '/xapi/statements', byMail), 200)) as unknown as string[];
      const [nipId] = (await expectStatus(xapi(lmsDpmptsp, 'POST', '/xapi/statements', completion(nipDpmptsp, { verb: { id: 'http://adlnet.gov/expapi/verbs/attempted' } })), 200)) as unknown as string[];
      const stored = await database.query(`SELECT statement::text AS statement, actor_ifi FROM xapi_statements WHERE statement_id = ANY($1::uuid[])`, [[mailId, nipId]]);
      const raw = JSON.stringify(stored.rows);
      for (const clear of ['Rina Marlina', 'Siti Aminah', mbox, 'peserta-']) expect(raw).not.toContain(clear);
      const read = await expectStatus(xapi(lmsDpmptsp, 'GET', `/xapi/statements?statementId=${mailId}`), 200);
      expect(read.actor).toEqual(expect.objectContaining({ name: 'Rina Marlina', mbox }));
      const agent = encodeURIComponent(JSON.stringify({ mbox }));
      expect(((await expectStatus(xapi(lmsDpmptsp, 'GET', `/xapi/statements?agent=${agent}`), 200)).statements as Array<{ id: string }>).map((statement) => statement.id)).toEqual([mailId]);

      const dinkesAdmin = await client('dinas-kesehatan', ['admin']);
      const dpmptspAdmin = await client('dpmptsp', ['admin']);
      expect((await call(gateway(), dinkesAdmin, 'POST', '/v1/xapi-agents/forget', { body: { mbox } })).status).toBe(404);
      expect((await call(gateway(), dinkesAdmin, 'POST', `/v1/civil-servants/${nipDpmptsp}/forget`)).status).toBe(404);
      expect((await xapi(lmsDpmptsp, 'GET', `/xapi/statements?statementId=${mailId}`)).body.actor).toEqual(expect.objectContaining({ name: 'Rina Marlina' }));

      expect((await expectStatus(call(gateway(), dpmptspAdmin, 'POST', '/v1/xapi-agents/forget', { body: { mbox } }), 200)).erasedKeys).toBe(1);
      expect((await expectStatus(call(gateway(), dpmptspAdmin, 'POST', `/v1/civil-servants/${nipDpmptsp}/forget`), 200)).erasedKeys).toBeGreaterThanOrEqual(1);
      const forgottenMail = await expectStatus(xapi(lmsDpmptsp, 'GET', `/xapi/statements?statementId=${mailId}`), 200);
      expect(JSON.stringify(forgottenMail)).not.toMatch(/Rina|peserta-/);
      expect(forgottenMail.actor).toEqual({ objectType: 'Agent', account: { homePage: expect.any(String), name: 'erased-agent' } });
      const forgottenNip = await expectStatus(xapi(lmsDpmptsp, 'GET', `/xapi/statements?statementId=${nipId}`), 200);
      expect(forgottenNip.actor).toEqual({ objectType: 'Agent', account: { homePage: LMS_HOME, name: nipDpmptsp } });
      // JP stay: forgetting erases who the person is, not what they learned.
      expect(await jpOf(nipDpmptsp)).toBe(12);

      const audit = await database.query(`SELECT requested_by_client, requested_by_agency, outcome FROM es_subject_erasures ORDER BY requested_at`);
      expect(audit.rows.map((row) => [row.requested_by_agency, row.outcome])).toEqual([
        ['dinas-kesehatan', 'refused'], ['dinas-kesehatan', 'refused'], ['dpmptsp', 'erased'], ['dpmptsp', 'erased'],
      ]);
    });
  });

  describe('one agency never forgets a person for another (review 1.1, 1.3 and 3)', () => {
    const cohortOf = async (organiser: Caller) => {
      const created = await expectStatus(call(gateway(), bkpsdm, 'POST', '/v1/training-programs', { body: program() }), 201);
      const body = { startsOn: jakartaDay(7), endsOn: jakartaDay(7), capacity: 5, sessions: [{ sessionId: 's1', date: jakartaDay(7) }] };
      return (await expectStatus(call(gateway(), organiser, 'POST', `/v1/training-programs/${created.programId}/cohorts`, { body }), 201)).cohortId as string;
    };
    const enrol = (caller: Caller, cohortId: string, nip: string) => call(gateway(), caller, 'POST', `/v1/cohorts/${cohortId}/enrolments`, { body: { nip } });
    const forgetCivilServant = (caller: Caller, nip: string) => call(gateway(), caller, 'POST', `/v1/civil-servants/${nip}/forget`);
    const register = async (nip: string, agencyId: string) =>
      expectStatus(call(gateway(), bkpsdm, 'POST', '/v1/civil-servants', { body: { nip, name: 'Dewi Lestari', agencyId } }), 201);
    // No answer names a civil servant, so "still readable" is counted on the keys: a refusal erases none.
    const erasedKeys = async () => Number((await database.query(`SELECT count(*) AS n FROM es_subject_keys WHERE erased_at IS NOT NULL`)).rows[0].n);

    it("does not let an organiser enrol another agency's civil servant, answering as for an unregistered NIP, nor then forget them", async () => {
      const nip = nipOf(611);
      await register(nip, 'dpmptsp');
      const ownCohort = await cohortOf(lmsDinkes);
      const registered = await enrol(lmsDinkes, ownCohort, nip);
      const unregistered = await enrol(lmsDinkes, ownCohort, nipOf(612));
      expect([registered.status, unregistered.status]).toEqual([404, 404]);
      expect({ ...registered.body, correlationId: undefined }).toEqual({ ...unregistered.body, correlationId: undefined });
      const erased = await erasedKeys();
      expect((await forgetCivilServant(await client('dinas-kesehatan', ['admin']), nip)).status).toBe(404);
      expect(await erasedKeys()).toBe(erased);
      // The civil servant's own agency holds the only case: it may.
      expect((await expectStatus(forgetCivilServant(await client('dpmptsp', ['admin']), nip), 200)).erasedKeys).toBe(1);
    });

    it('lets an agencies:all client enrol any civil servant, linking the enrolment to the employer, not to itself', async () => {
      const nip = nipOf(613);
      await register(nip, 'dpmptsp');
      const cityWide = await client('dinas-kesehatan', ['training:read', 'training:write', 'agencies:all']);
      const enrolled = await expectStatus(enrol(cityWide, await cohortOf(cityWide), nip), 200);
      expect(enrolled.participant).toEqual(expect.objectContaining({ nip, employerAgencyId: 'dpmptsp', status: 'enrolled' }));
      const erased = await erasedKeys();
      expect((await forgetCivilServant(await client('dinas-kesehatan', ['admin']), nip)).status).toBe(404);
      expect(await erasedKeys()).toBe(erased);
      expect((await expectStatus(forgetCivilServant(await client('dpmptsp', ['admin']), nip), 200)).erasedKeys).toBe(1);
    });

    it("refuses a learning system's agency that stored a statement naming another agency's person, and the person's agency alike; agencies:all forgets", async () => {
      const mbox = `mailto:korban-${randomUUID().slice(0, 8)}@example.com`;
      const about = (name: string) => ({ actor: { objectType: 'Agent', name, mbox }, verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' }, object: { objectType: 'Activity', id: activityId } });
      const [ofDpmptsp] = (await expectStatus(xapi(lmsDpmptsp, 'POST', '/xapi/statements', about('Rina Marlina')), 200)) as unknown as string[];
      // dinas-kesehatan's two steps: a statement of its own about the same mailbox, then a forget.
      await expectStatus(xapi(lmsDinkes, 'POST', '/xapi/statements', about('Siapa Saja')), 200);
      const forget = async (caller: Caller) => call(gateway(), caller, 'POST', '/v1/xapi-agents/forget', { body: { mbox } });
      // Both agencies hold a case now: each is told so (409, never naming the other), neither forgets alone.
      expect((await forget(await client('dinas-kesehatan', ['admin']))).status).toBe(409);
      expect((await expectStatus(xapi(lmsDpmptsp, 'GET', `/xapi/statements?statementId=${ofDpmptsp}`), 200)).actor).toEqual(expect.objectContaining({ name: 'Rina Marlina', mbox }));
      const owner = await forget(await client('dpmptsp', ['admin']));
      expect(owner.body).toMatchObject({ status: 409, code: 'PERSONAL_DATA.SUBJECT_HELD_BY_ANOTHER_AGENCY' });
      expect(JSON.stringify(owner.body)).not.toContain('dinas-kesehatan');
      expect((await expectStatus(forget(await client('bkpsdm', ['admin', 'agencies:all'])), 200)).erasedKeys).toBe(1);
      expect(JSON.stringify(await expectStatus(xapi(lmsDpmptsp, 'GET', `/xapi/statements?statementId=${ofDpmptsp}`), 200))).not.toContain('Rina');
    });

    it('after a transfer, neither the old agency nor the new one forgets alone; agencies:all does', async () => {
      const nip = nipOf(614);
      await register(nip, 'dpmptsp');
      await expectStatus(call(gateway(), bkpsdm, 'POST', `/v1/civil-servants/${nip}/transfer`, { body: { agencyId: 'dinas-kesehatan' } }), 200);
      const erased = await erasedKeys();
      expect((await forgetCivilServant(await client('dpmptsp', ['admin']), nip)).status).toBe(409);
      expect((await forgetCivilServant(await client('dinas-kesehatan', ['admin']), nip)).status).toBe(409);
      expect((await forgetCivilServant(await client('dinas-pupr', ['admin']), nip)).status).toBe(404);
      expect(await erasedKeys()).toBe(erased);
      expect((await expectStatus(forgetCivilServant(await client('bkpsdm', ['admin', 'agencies:all']), nip), 200)).erasedKeys).toBe(1);
    });
  });

  /**
   * Second review, finding 4: a Group actor is never a civil servant. xAPI 1.0.3 (2.4.2.2): an Identified
   * Group's account identifies the group, not a member. Before, the store's agency check skipped Groups
   * while sealing treated any account named by a NIP as that civil servant, so another agency's learning
   * system stored a Group "named" by agency A's NIP, passed the check, and linked its own agency to A's
   * civil servant: A could no longer forget them alone.
   */
  describe('an xAPI Group actor named by a NIP', () => {
    it("is a group of its own: another agency's learning system neither links itself to the civil servant nor credits them, and their agency still forgets them alone", async () => {
      const nip = nipOf(621);
      await expectStatus(call(gateway(), bkpsdm, 'POST', '/v1/civil-servants', { body: { nip, name: 'Dewi Lestari', agencyId: 'dpmptsp' } }), 201);
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
});
