import XAPI from '@xapi/xapi';
import { encodeEnvelope, EVENT_HEADERS, ensureTopics, EventEnvelope, IncomingMessage, KafkaPublisher, KafkaSubscription, platformTopics, TOPICS } from '@palembang/events';
import { issueXapiCredential, registerClient, ServicesBehindGateway, startBehindGateway, validateOpenApi } from '@palembang/platform/testing';
import { randomUUID } from 'node:crypto';
import { call, Caller, expectStatus, jakartaDay, LMS_ACTIVITIES, nipOf, program } from './testing/training';

const VERSION = { 'x-experience-api-version': '1.0.3' };
const LMS_HOME = 'https://lms.palembang.go.id';
const COMPLETED = { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': 'completed' } };

describe('training through the gateway (gateway and training processes, real PostgreSQL and Kafka)', () => {
  let platform: ServicesBehindGateway<'training'>;
  let bkpsdm: Caller;
  let dpmptsp: Caller;
  let dinkes: Caller;
  let reader: Caller;
  let lms: { clientId: string; clientSecret: string };
  /** The LMS's xAPI credential (HTTP Basic), issued to its client; its OAuth secret does not work on /xapi. */
  let lmsLogin: { username: string; password: string };
  const url = () => platform.gateway.baseUrl;
  const client = async (agencyId: string, scopes: string[]): Promise<Caller> => ({ token: await platform.tokenFor(agencyId, scopes), agencyId });
  const createProgram = async (caller: Caller, overrides: Record<string, unknown> = {}) => expectStatus(call(url(), caller, 'POST', '/v1/training-programs', { body: program(overrides) }), 201);
  const schedule = async (caller: Caller, programId: string, startsOn: string, capacity = 20) =>
    expectStatus(call(url(), caller, 'POST', `/v1/training-programs/${programId}/cohorts`, { body: { startsOn, endsOn: startsOn, capacity, sessions: [{ sessionId: 's1', date: startsOn }] } }), 201);
  const register = (nip: string, agencyId: string, name = 'Ahmad Fauzi') => expectStatus(call(url(), bkpsdm, 'POST', '/v1/civil-servants', { body: { nip, name, agencyId } }), 201);
  const jpOf = async (caller: Caller, nip: string) => (await expectStatus(call(url(), caller, 'GET', `/v1/development-records/${nip}`), 200)).jpEarned;

  beforeAll(async () => {
    platform = await startBehindGateway(['training']);
    bkpsdm = await client('bkpsdm', ['training:read', 'training:write']);
    dpmptsp = await client('dpmptsp', ['training:read', 'training:write']);
    dinkes = await client('dinas-kesehatan', ['training:read', 'training:write']);
    reader = await client('dpmptsp', ['training:read']);
    // BKPSDM's learning system records the learning of every agency's civil servants: agencies:all.
    lms = await registerClient(url(), platform.adminToken, 'bkpsdm', ['training:read', 'training:write', 'agencies:all']);
    lmsLogin = await issueXapiCredential(url(), platform.adminToken, lms.clientId);
  }, 180_000);

  afterAll(async () => {
    expect(await platform?.stop()).toEqual([0, 0]);
  });

  describe('the program catalogue', () => {
    it('creates, reads, lists, updates with If-Match and retires a program; only its owner changes it', async () => {
      const created = await call(url(), dpmptsp, 'POST', '/v1/training-programs', { body: program({ competencyArea: 'technical', jp: 32 }) });
      expect(created.status).toBe(201);
      const id = created.body.programId as string;
      expect(created.headers.get('location')).toBe(`/v1/training-programs/${id}`);
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.body).toEqual(expect.objectContaining({ agencyId: 'dpmptsp', status: 'active', jp: 32, version: 1 }));

      const read = await call(url(), reader, 'GET', `/v1/training-programs/${id}`);
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"1"');
      const listed = await expectStatus(call(url(), dinkes, 'GET', '/v1/training-programs?competencyArea=technical&limit=100'), 200);
      expect((listed.items ?? []).map((item) => item.programId)).toContain(id);

      expect((await call(url(), dinkes, 'PATCH', `/v1/training-programs/${id}`, { body: { jp: 40 } })).status).toBe(403);
      expect((await call(url(), reader, 'PATCH', `/v1/training-programs/${id}`, { body: { jp: 40 } })).status).toBe(403);
      const stale = await call(url(), dpmptsp, 'PATCH', `/v1/training-programs/${id}`, { body: { jp: 40 }, headers: { 'if-match': '"7"' } });
      expect(stale.status).toBe(412);
      const updated = await call(url(), dpmptsp, 'PATCH', `/v1/training-programs/${id}`, { body: { jp: 40 }, headers: { 'if-match': '"1"' } });
      expect(updated.status).toBe(200);
      expect(updated.body).toEqual(expect.objectContaining({ jp: 40, version: 2 }));
      expect(updated.headers.get('etag')).toBe('"2"');

      const key = { 'idempotency-key': randomUUID() };
      const first = await call(url(), dpmptsp, 'POST', `/v1/training-programs/${id}/cohorts`, { body: { startsOn: jakartaDay(7), endsOn: jakartaDay(7), capacity: 5, sessions: [{ sessionId: 's1', date: jakartaDay(7) }] }, headers: key });
      const replayed = await call(url(), dpmptsp, 'POST', `/v1/training-programs/${id}/cohorts`, { body: { startsOn: jakartaDay(7), endsOn: jakartaDay(7), capacity: 5, sessions: [{ sessionId: 's1', date: jakartaDay(7) }] }, headers: key });
      expect([first.status, replayed.status, replayed.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
      expect(replayed.body.cohortId).toBe(first.body.cohortId);
      expect((await call(url(), dpmptsp, 'POST', `/v1/training-programs/${id}/cohorts`, { body: { startsOn: jakartaDay(8), endsOn: jakartaDay(8), capacity: 5, sessions: [{ sessionId: 's1', date: jakartaDay(8) }] }, headers: key })).status).toBe(422);
      expect((await expectStatus(call(url(), dinkes, 'GET', `/v1/training-programs/${id}/cohorts`), 200)).items).toEqual([expect.objectContaining({ cohortId: first.body.cohortId, capacity: 5 })]);
      const retired = await call(url(), dpmptsp, 'POST', `/v1/training-programs/${id}/retire`, { body: { reason: 'Diganti kurikulum 2027' } });
      expect(retired.body).toEqual(expect.objectContaining({ status: 'retired', version: 3 }));
      expect((await call(url(), dpmptsp, 'POST', `/v1/training-programs/${id}/retire`, { body: { reason: 'lagi' } })).status).toBe(409);
      const cohortOfRetired = await call(url(), dpmptsp, 'POST', `/v1/training-programs/${id}/cohorts`, { body: { startsOn: jakartaDay(7), endsOn: jakartaDay(7), capacity: 5, sessions: [{ sessionId: 's1', date: jakartaDay(7) }] } });
      expect(cohortOfRetired.status).toBe(409);
    });

    it('answers bad input with 4xx problems naming the fields, never a 500', async () => {
      const bad = await call(url(), bkpsdm, 'POST', '/v1/training-programs', { body: { ...program(), code: 'lower', jp: 0, competencyArea: 'magic', extra: 1 } });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      expect((bad.body.errors ?? []).map((error) => error.field)).toEqual(expect.arrayContaining(['code', 'jp', 'competencyArea']));
      expect((await call(url(), bkpsdm, 'POST', '/v1/training-programs', { body: '{"code":' })).status).toBe(400);
      expect((await call(url(), bkpsdm, 'POST', '/v1/training-programs', { body: program({ description: 'x'.repeat(70_000) }) })).status).toBe(413);
      expect((await call(url(), bkpsdm, 'GET', '/v1/training-programs/prg-nope')).status).toBe(404);
      expect((await call(url(), bkpsdm, 'GET', '/v1/training-programs/%20bad%20')).status).toBe(404);
      expect((await call(url(), bkpsdm, 'GET', '/v1/cohorts/none')).status).toBe(404);
      expect((await call(url(), bkpsdm, 'GET', '/v1/training-programs?limit=1000')).status).toBe(400);
      expect((await call(url(), bkpsdm, 'GET', '/v1/training-programs?cursor=garbage')).status).toBe(400);
      expect((await call(url(), undefined, 'GET', '/v1/training-programs')).status).toBe(401);
      expect((await call(url(), bkpsdm, 'GET', '/v1/development-records/123')).status).toBe(404);
      expect((await call(url(), bkpsdm, 'GET', `/v1/development-records/${nipOf(1)}?year=abc`)).status).toBe(400);
      expect((await call(url(), dpmptsp, 'POST', '/v1/civil-servants', { body: { nip: nipOf(900), name: 'X', agencyId: 'dpmptsp' } })).status).toBe(403);
      expect((await call(url(), bkpsdm, 'POST', '/v1/civil-servants', { body: { nip: '198513122010011001', name: 'X', agencyId: 'dpmptsp' } })).status).toBe(400);
      const sameCode = program();
      await expectStatus(call(url(), bkpsdm, 'POST', '/v1/training-programs', { body: sameCode }), 201);
      expect((await call(url(), bkpsdm, 'POST', '/v1/training-programs', { body: sameCode })).status).toBe(409);
    });
  });

  describe('a cohort with 20 seats', () => {
    it('gives 50 concurrent enrolments exactly 20 seats and a waiting list of 30 in order; a withdrawal promotes the first waiting', async () => {
      const prg = await createProgram(bkpsdm);
      const cohort = await schedule(bkpsdm, prg.programId as string, jakartaDay(14), 20);
      const id = cohort.cohortId as string;
      const nips = Array.from({ length: 50 }, (_, index) => nipOf(100 + index));
      for (const nip of nips) await register(nip, 'dinas-perhubungan', `Peserta ${nip.slice(-3)}`);
      const answers = await Promise.all(nips.map((nip) => call(url(), bkpsdm, 'POST', `/v1/cohorts/${id}/enrolments`, { body: { nip } })));
      expect(answers.map((answer) => answer.status)).toEqual(nips.map(() => 200));
      const statuses = answers.map((answer) => (answer.body.participant as { status: string }).status);
      expect(statuses.filter((status) => status === 'enrolled')).toHaveLength(20);
      expect(statuses.filter((status) => status === 'waitlisted')).toHaveLength(30);
      const positions = answers.map((answer) => (answer.body.participant as { waitlistPosition: number | null }).waitlistPosition).filter((position) => position !== null);
      expect([...positions].sort((a, b) => (a as number) - (b as number))).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));

      const detail = await call(url(), bkpsdm, 'GET', `/v1/cohorts/${id}`);
      expect(detail.body).toEqual(expect.objectContaining({ seatsTaken: 20, capacity: 20, version: 51 }));
      const waitlist = detail.body.waitlist as string[];
      expect(waitlist).toHaveLength(30);
      // The waiting list is the order in which the enrolments were accepted: each answer named its place.
      for (const answer of answers) {
        const participant = answer.body.participant as { nip: string; waitlistPosition: number | null };
        if (participant.waitlistPosition !== null) expect(waitlist[participant.waitlistPosition - 1]).toBe(participant.nip);
      }
      const seated = answers.map((answer) => answer.body.participant as { nip: string; status: string }).find((participant) => participant.status === 'enrolled');
      const dishub = await client('dinas-perhubungan', ['training:write']);
      const withdrawn = await expectStatus(call(url(), dishub, 'POST', `/v1/cohorts/${id}/withdrawals`, { body: { nip: seated?.nip, reason: 'Tugas luar kota' } }), 200);
      expect(withdrawn.participant).toEqual(expect.objectContaining({ status: 'withdrawn' }));
      const after = await expectStatus(call(url(), bkpsdm, 'GET', `/v1/cohorts/${id}`), 200);
      expect(after.seatsTaken).toBe(20);
      expect((after.participants as Array<{ nip: string; status: string }>).find((participant) => participant.nip === waitlist[0])?.status).toBe('enrolled');
      // Another agency sees the schedule, not the participants; a second enrolment of the same person is a 409.
      const seenByOther = await expectStatus(call(url(), dinkes, 'GET', `/v1/cohorts/${id}`), 200);
      expect(seenByOther.participants).toEqual([]);
      expect((await call(url(), bkpsdm, 'POST', `/v1/cohorts/${id}/enrolments`, { body: { nip: nips[1] } })).status).toBe(409);
      // Another agency's civil servant is, to dinas-kesehatan, no civil servant at all.
      expect((await call(url(), dinkes, 'POST', `/v1/cohorts/${id}/enrolments`, { body: { nip: nips[2] } })).status).toBe(404);
    }, 120_000);
  });

  describe('JP per civil servant and year', () => {
    it('adds up cohort passes and xAPI completions sent by a real xAPI client, once each, and withdraws a voided one', async () => {
      const nip = nipOf(201);
      await register(nip, 'dpmptsp', 'Siti Aminah');
      const classroom = await createProgram(bkpsdm, { jp: 24 });
      const elearning = await createProgram(bkpsdm, { jp: 12, deliveryMode: 'e-learning' });
      const activityId = (elearning.xapiActivityIds as string[])[0];
      const cohort = await schedule(bkpsdm, classroom.programId as string, jakartaDay(0), 10);
      const cohortId = cohort.cohortId as string;
      const enrolled = await expectStatus(call(url(), dpmptsp, 'POST', `/v1/cohorts/${cohortId}/enrolments`, { body: { nip } }), 200);
      expect(enrolled.participant).toEqual(expect.objectContaining({ status: 'enrolled', employerAgencyId: 'dpmptsp' }));
      await expectStatus(call(url(), bkpsdm, 'POST', `/v1/cohorts/${cohortId}/attendance`, { body: { sessionId: 's1', presentNips: [nip] } }), 200);
      expect((await call(url(), dpmptsp, 'POST', `/v1/cohorts/${cohortId}/completions`, { body: { nip, score: 90, passed: true, certificateNumber: 'C-1' } })).status).toBe(403);
      expect((await call(url(), bkpsdm, 'POST', `/v1/cohorts/${cohortId}/completions`, { body: { nip, score: 90, passed: true } })).status).toBe(400);
      await expectStatus(call(url(), bkpsdm, 'POST', `/v1/cohorts/${cohortId}/completions`, { body: { nip, score: 90, passed: true, certificateNumber: 'BKPSDM/2026/001' } }), 200);
      expect(await jpOf(dpmptsp, nip)).toBe(24);
      expect((await call(url(), bkpsdm, 'POST', `/v1/cohorts/${cohortId}/cancel`, { body: { reason: 'x' } })).status).toBe(409);

      const xapi = new XAPI({ endpoint: `${url()}/xapi/`, auth: XAPI.toBasicAuth(lmsLogin.username, lmsLogin.password), adapter: 'fetch' });
      const about = await xapi.getAbout();
      expect(about.data.version).toContain('1.0.3');
      const statement = {
        actor: { objectType: 'Agent' as const, name: 'Siti Aminah', account: { homePage: LMS_HOME, name: nip } },
        verb: COMPLETED,
        object: { objectType: 'Activity' as const, id: activityId },
        result: { completion: true, success: true },
        timestamp: new Date().toISOString(),
      };
      const sent = await xapi.sendStatement({ statement });
      const statementId = sent.data[0];
      expect(await jpOf(dpmptsp, nip)).toBe(36);
      // The same statement again (PUT with its id) changes nothing and credits nothing more.
      const again = await fetch(`${url()}/xapi/statements?statementId=${statementId}`, { method: 'PUT', headers: { ...VERSION, authorization: XAPI.toBasicAuth(lmsLogin.username, lmsLogin.password), 'content-type': 'application/json' }, body: JSON.stringify({ ...statement, id: statementId }) });
      expect(again.status).toBe(204);
      expect(again.headers.get('x-experience-api-version')).toBe('1.0.3');
      expect(await jpOf(dpmptsp, nip)).toBe(36);

      const fetched = await xapi.getStatement({ statementId });
      expect(fetched.data).toEqual(expect.objectContaining({ id: statementId, authority: expect.objectContaining({ account: expect.objectContaining({ name: lms.clientId }) }) }));
      const found = await xapi.getStatements({ agent: { account: { homePage: LMS_HOME, name: nip } }, verb: COMPLETED.id, limit: 10 });
      expect(found.data.statements.map((item) => item.id)).toEqual([statementId]);
      expect(found.headers['x-experience-api-consistent-through'] ?? found.headers['X-Experience-API-Consistent-Through']).toBeDefined();

      const record = await expectStatus(call(url(), dpmptsp, 'GET', `/v1/development-records/${nip}`), 200);
      expect(record).toEqual(expect.objectContaining({ jpEarned: 36, met: true, minimumJp: 20, agencyId: 'dpmptsp' }));
      expect((record.credits as Array<{ source: string }>).map((credit) => credit.source).sort()).toEqual(['program', 'xapi']);
      expect((await call(url(), dinkes, 'GET', `/v1/development-records/${nip}`)).status).toBe(404);
      expect((await expectStatus(call(url(), dpmptsp, 'GET', `/v1/development-records/${nip}?year=2025`), 200)).jpEarned).toBe(0);
      const agencyRecords = await expectStatus(call(url(), dpmptsp, 'GET', '/v1/development-records'), 200);
      expect(agencyRecords).toEqual(expect.objectContaining({ agencyId: 'dpmptsp', civilServants: 1, meetingMinimum: 1 }));

      await xapi.voidStatement({ actor: { objectType: 'Agent', account: { homePage: LMS_HOME, name: lms.clientId } }, statementId });
      expect(await jpOf(dpmptsp, nip)).toBe(24);
      const voided = await xapi.getVoidedStatement({ voidedStatementId: statementId });
      expect(voided.data.id).toBe(statementId);
      expect((await fetch(`${url()}/xapi/statements?statementId=${statementId}`, { headers: { ...VERSION, authorization: XAPI.toBasicAuth(lmsLogin.username, lmsLogin.password) } })).status).toBe(404);
      const afterVoid = await xapi.getStatements({ agent: { account: { homePage: LMS_HOME, name: nip } }, verb: COMPLETED.id });
      // The voided statement is left out; the voiding one refers to a match (StatementRef rule), so it is returned.
      expect(afterVoid.data.statements.map((item) => [item.verb.id, (item.object as { id: string }).id])).toEqual([['http://adlnet.gov/expapi/verbs/voided', statementId]]);
    }, 60_000);
  });

  describe('the xAPI statement resource', () => {
    const basic = () => XAPI.toBasicAuth(lmsLogin.username, lmsLogin.password);
    const xapiCall = (method: string, path: string, body?: unknown, headers: Record<string, string> = VERSION) =>
      fetch(`${url()}${path}`, { method, headers: { authorization: basic(), 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
    const valid = (overrides: Record<string, unknown> = {}) => ({
      actor: { mbox: 'mailto:learner@palembang.go.id' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/experienced' },
      object: { id: `${LMS_ACTIVITIES}/orientation` },
      ...overrides,
    });

    it('refuses requests without the version header, invalid statements, conflicting ids and voiding a voiding statement, as the specification says', async () => {
      const noVersion = await xapiCall('POST', '/xapi/statements', valid(), {});
      expect(noVersion.status).toBe(400);
      expect(noVersion.headers.get('x-experience-api-version')).toBe('1.0.3');
      expect((await xapiCall('POST', '/xapi/statements', valid({ verb: { id: 'not an iri' } }))).status).toBe(400);
      expect((await xapiCall('POST', '/xapi/statements', valid({ actor: { name: 'no identifier' } }))).status).toBe(400);
      expect((await xapiCall('POST', '/xapi/statements', valid({ unknown: true }))).status).toBe(400);
      expect((await xapiCall('POST', '/xapi/statements', [])).status).toBe(400);
      expect((await xapiCall('GET', '/xapi/statements?limit=-1')).status).toBe(400);
      expect((await xapiCall('GET', '/xapi/statements?Verb=x')).status).toBe(400);
      expect((await xapiCall('GET', `/xapi/statements?statementId=${randomUUID()}`)).status).toBe(404);
      expect((await fetch(`${url()}/xapi/statements`, { headers: VERSION })).status).toBe(401);
      expect((await fetch(`${url()}/xapi/statements`, { headers: { ...VERSION, authorization: XAPI.toBasicAuth(lms.clientId, lms.clientSecret) } })).status).toBe(401);

      const id = randomUUID();
      expect((await xapiCall('PUT', `/xapi/statements?statementId=${id}`, valid())).status).toBe(204);
      expect((await xapiCall('PUT', `/xapi/statements?statementId=${id}`, valid())).status).toBe(204);
      expect((await xapiCall('PUT', `/xapi/statements?statementId=${id}`, valid({ verb: { id: 'http://adlnet.gov/expapi/verbs/attempted' } }))).status).toBe(409);
      expect((await xapiCall('PUT', '/xapi/statements', valid())).status).toBe(400);
      const duplicateInBatch = randomUUID();
      expect((await xapiCall('POST', '/xapi/statements', [valid({ id: duplicateInBatch }), valid({ id: duplicateInBatch })])).status).toBe(400);

      const voiding = randomUUID();
      const voidIt = { actor: { mbox: 'mailto:lms@palembang.go.id' }, verb: { id: 'http://adlnet.gov/expapi/verbs/voided' }, object: { objectType: 'StatementRef', id } };
      expect((await xapiCall('PUT', `/xapi/statements?statementId=${voiding}`, voidIt)).status).toBe(204);
      const voidVoiding = await xapiCall('POST', '/xapi/statements', { ...voidIt, object: { objectType: 'StatementRef', id: voiding } });
      expect(voidVoiding.status).toBe(400);
      const byVoided = await xapiCall('GET', `/xapi/statements?voidedStatementId=${id}`);
      expect(byVoided.status).toBe(200);
      expect(byVoided.headers.get('x-experience-api-consistent-through')).toBeTruthy();
    });

    it('pages a StatementResult with more, newest first or ascending', async () => {
      const registration = randomUUID();
      const ids = (await (await xapiCall('POST', '/xapi/statements', [1, 2, 3].map(() => valid({ context: { registration } })))).json()) as string[];
      expect(ids).toHaveLength(3);
      const first = (await (await xapiCall('GET', `/xapi/statements?registration=${registration}&limit=2`)).json()) as { statements: Array<{ id: string }>; more: string };
      expect(first.statements.map((statement) => statement.id)).toEqual([ids[2], ids[1]]);
      expect(first.more).toMatch(/^\/xapi\/statements\?/);
      const second = (await (await xapiCall('GET', first.more)).json()) as { statements: Array<{ id: string }>; more: string };
      expect(second).toEqual({ statements: [expect.objectContaining({ id: ids[0] })], more: '' });
      const ascending = (await (await xapiCall('GET', `/xapi/statements?registration=${registration}&ascending=true`)).json()) as { statements: Array<{ id: string }> };
      expect(ascending.statements.map((statement) => statement.id)).toEqual(ids);
    });
  });

  describe('partners, internships and research', () => {
    it('runs agreements, an internship and a research project with recommendations; each agency sees its own', async () => {
      expect((await call(url(), dpmptsp, 'POST', '/v1/partners', { body: { name: 'Universitas Sriwijaya', kind: 'university' } })).status).toBe(403);
      const partner = await expectStatus(call(url(), bkpsdm, 'POST', '/v1/partners', { body: { name: 'Universitas Sriwijaya', kind: 'university' } }), 201);
      const partnerId = partner.partnerId as string;
      const signed = await expectStatus(call(url(), bkpsdm, 'POST', `/v1/partners/${partnerId}/agreements`, { body: { scope: ['internship', 'research'], validFrom: jakartaDay(-30), validUntil: jakartaDay(700) } }), 200);
      const agreementId = (signed.agreements as Array<{ agreementId: string }>)[0].agreementId;
      expect((await expectStatus(call(url(), dinkes, 'GET', '/v1/partners'), 200)).items?.map((item) => item.partnerId)).toContain(partnerId);

      const internship = await expectStatus(call(url(), dpmptsp, 'POST', '/v1/internships', {
        body: { partnerId, agreementId, studentId: '09011282126001', studentName: 'Rizky Pratama', supervisorNip: nipOf(301), startsOn: jakartaDay(0), endsOn: jakartaDay(60) },
      }), 201);
      const internshipId = internship.internshipId as string;
      expect(internship).toEqual(expect.objectContaining({ agencyId: 'dpmptsp', status: 'placed' }));
      expect(JSON.stringify(internship)).not.toContain('Rizky');
      expect((await call(url(), dinkes, 'GET', `/v1/internships/${internshipId}`)).status).toBe(404);
      expect((await call(url(), bkpsdm, 'GET', `/v1/internships/${internshipId}`)).status).toBe(200);
      expect((await call(url(), dpmptsp, 'POST', `/v1/internships/${internshipId}/complete`)).status).toBe(409);
      await expectStatus(call(url(), dpmptsp, 'POST', `/v1/internships/${internshipId}/evaluate`, { body: { score: 88, remarks: 'Inisiatif baik' } }), 200);
      expect(await expectStatus(call(url(), dpmptsp, 'POST', `/v1/internships/${internshipId}/complete`), 200)).toEqual(expect.objectContaining({ status: 'completed', score: 88 }));
      const outside = await call(url(), dpmptsp, 'POST', '/v1/internships', {
        body: { partnerId, agreementId, studentId: 's-2', studentName: 'Dina', supervisorNip: nipOf(301), startsOn: jakartaDay(0), endsOn: jakartaDay(900) },
      });
      expect(outside.status).toBe(400);

      const project = await expectStatus(call(url(), dpmptsp, 'POST', '/v1/research-projects', { body: { partnerId, agreementId, title: 'Kepuasan layanan PBG 2026', kind: 'satisfaction-study' } }), 201);
      const projectId = project.projectId as string;
      const reported = await expectStatus(call(url(), bkpsdm, 'POST', `/v1/research-projects/${projectId}/findings`, { body: { summary: 'IKM 74,2 (C): waktu layanan dinilai lambat' } }), 200);
      expect(reported).toEqual(expect.objectContaining({ status: 'reported', findings: 'IKM 74,2 (C): waktu layanan dinilai lambat' }));
      const withRecommendation = await expectStatus(call(url(), bkpsdm, 'POST', `/v1/research-projects/${projectId}/recommendations`, { body: { text: 'Sediakan pelacakan permohonan daring' } }), 200);
      const recommendationId = (withRecommendation.recommendations as Array<{ recommendationId: string }>)[0].recommendationId;
      expect((await call(url(), bkpsdm, 'POST', `/v1/research-projects/${projectId}/recommendations/${recommendationId}/accept`)).status).toBe(403);
      expect((await call(url(), dinkes, 'POST', `/v1/research-projects/${projectId}/recommendations/${recommendationId}/accept`)).status).toBe(404);
      expect((await call(url(), dpmptsp, 'POST', `/v1/research-projects/${projectId}/recommendations/${recommendationId}/implement`, { body: {} })).status).toBe(409);
      await expectStatus(call(url(), dpmptsp, 'POST', `/v1/research-projects/${projectId}/recommendations/${recommendationId}/accept`), 200);
      const implemented = await expectStatus(call(url(), dpmptsp, 'POST', `/v1/research-projects/${projectId}/recommendations/${recommendationId}/implement`, { body: { note: 'Diluncurkan Oktober' } }), 200);
      expect(implemented.recommendations).toEqual([{ recommendationId, text: 'Sediakan pelacakan permohonan daring', status: 'implemented' }]);
      expect((await expectStatus(call(url(), dinkes, 'GET', '/v1/research-projects'), 200)).items).toEqual([]);

      const terminated = await expectStatus(call(url(), bkpsdm, 'POST', `/v1/partners/${partnerId}/agreements/${agreementId}/terminate`, { body: { reason: 'Berakhir' } }), 200);
      expect((terminated.agreements as Array<{ terminatedOn: string | null }>)[0].terminatedOn).toBe(jakartaDay(0));
      const late = await call(url(), dpmptsp, 'POST', '/v1/research-projects', { body: { partnerId, agreementId, title: 'Studi lain', kind: 'policy-study' } });
      expect(late.status).toBe(409);
    });
  });

  describe('the training events', () => {
    it("reach training.events through the outbox, every JP credit naming the civil servant's agency", async () => {
      const nip = nipOf(401);
      await register(nip, 'dinas-pupr', 'Yusuf Hamdani');
      const prg = await createProgram(bkpsdm, { jp: 16 });
      const cohort = await schedule(bkpsdm, prg.programId as string, jakartaDay(0), 5);
      await expectStatus(call(url(), bkpsdm, 'POST', `/v1/cohorts/${cohort.cohortId}/enrolments`, { body: { nip } }), 200);
      await expectStatus(call(url(), bkpsdm, 'POST', `/v1/cohorts/${cohort.cohortId}/completions`, { body: { nip, score: 75, passed: true, certificateNumber: 'C-401' } }), 200);
      const received: IncomingMessage[] = [];
      const subscription = new KafkaSubscription({ brokers: process.env.KAFKA_BROKERS?.split(',') ?? [], clientId: 'training-e2e-events' }, { groupId: `training-e2e-${randomUUID()}`, topics: [TOPICS.training] });
      await subscription.start(async (batch) => {
        // The topic outlives test runs: only this run's credit (its cohort is the reference) counts.
        received.push(...batch.messages.filter((message) => message.key?.toString().startsWith(`development-${nip}-`) && message.value?.toString().includes(String(cohort.cohortId))));
        await batch.commit(batch.messages[batch.messages.length - 1].offset);
      });
      try {
        const deadline = Date.now() + 30_000;
        while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      } finally {
        await subscription.stop();
      }
      const events = received.map((message) => JSON.parse(message.value?.toString() ?? '{}') as { type: string; data: Record<string, unknown> });
      expect(events).toEqual([expect.objectContaining({ type: 'JpCredited', data: expect.objectContaining({ nip, agencyId: 'dinas-pupr', jp: 16, source: 'program' }) })]);
    }, 60_000);
  });

  describe('the OpenAPI documents', () => {
    it('document every public training route at the gateway, and both documents are valid', async () => {
      const gateway = (await (await fetch(`${url()}/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      await validateOpenApi(gateway as never);
      const routes = Object.entries(gateway.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
      expect(routes).toEqual(expect.arrayContaining([
        'POST /v1/training-programs', 'GET /v1/training-programs', 'GET /v1/training-programs/{id}', 'PATCH /v1/training-programs/{id}', 'POST /v1/training-programs/{id}/retire',
        'POST /v1/training-programs/{id}/cohorts', 'GET /v1/cohorts/{id}', 'POST /v1/cohorts/{id}/enrolments', 'POST /v1/cohorts/{id}/withdrawals', 'POST /v1/cohorts/{id}/attendance',
        'POST /v1/cohorts/{id}/completions', 'POST /v1/cohorts/{id}/cancel', 'GET /v1/development-records/{nip}', 'GET /v1/development-records', 'POST /v1/civil-servants',
        'POST /v1/partners', 'POST /v1/partners/{id}/agreements', 'POST /v1/partners/{id}/agreements/{agreementId}/terminate', 'POST /v1/internships', 'POST /v1/internships/{id}/evaluate',
        'POST /v1/internships/{id}/complete', 'POST /v1/research-projects', 'POST /v1/research-projects/{id}/findings', 'POST /v1/research-projects/{id}/recommendations',
        'POST /v1/research-projects/{id}/recommendations/{recommendationId}/accept', 'GET /v1/training-recommendations', 'PUT /xapi/statements', 'POST /xapi/statements', 'GET /xapi/statements',
      ]));
      const service = (await (await fetch(`${platform.services.training.baseUrl}/docs-json`)).json()) as object;
      await validateOpenApi(service as never);
    });
  });

  describe('service quality below standard', () => {
    it('recommends targeted programs once per alert, even when the event is delivered twice', async () => {
      const brokers = process.env.KAFKA_BROKERS?.split(',') ?? [];
      const connection = { brokers, clientId: 'training-e2e' };
      await ensureTopics(connection, platformTopics());
      await createProgram(bkpsdm, { competencyArea: 'digital-services' });
      const alertId = `alert-dpmptsp-${randomUUID().slice(0, 8)}`;
      const envelope: EventEnvelope = {
        eventId: randomUUID(), type: 'ServicePerformanceBelowStandard', schemaVersion: 1, streamId: `service-performance-${alertId}`, streamVersion: 1, globalPosition: '1',
        occurredAt: new Date().toISOString(), recordedAt: new Date().toISOString(), agencyId: 'dpmptsp', actor: 'accountability', correlationId: randomUUID(), causationId: null,
        data: { alertId, agencyId: 'dpmptsp', service: 'permits', serviceCode: 'PBG', period: '2026-08', shareWithinStandard: 0.62, threshold: 0.8, decidedCases: 50, casesWithinStandard: 31, detectedAt: new Date().toISOString() },
      };
      const message = (event: EventEnvelope) => ({
        topic: TOPICS.accountability, key: event.streamId, value: encodeEnvelope(event),
        headers: { [EVENT_HEADERS.eventId]: event.eventId, [EVENT_HEADERS.eventType]: event.type, [EVENT_HEADERS.schemaVersion]: '1', [EVENT_HEADERS.correlationId]: event.correlationId },
      });
      const publisher = new KafkaPublisher(connection);
      try {
        await publisher.publish([message(envelope)]);
        await publisher.publish([message(envelope)]);
        await publisher.publish([message({ ...envelope, eventId: randomUUID() })]);
      } finally {
        await publisher.close();
      }
      const recommendationsOf = async (caller: Caller) => ((await expectStatus(call(url(), caller, 'GET', '/v1/training-recommendations'), 200)).items ?? []).filter((item) => item.alertId === alertId);
      const deadline = Date.now() + 60_000;
      while ((await recommendationsOf(bkpsdm)).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const recommended = await recommendationsOf(dpmptsp);
      expect(recommended).toEqual([expect.objectContaining({ agencyId: 'dpmptsp', service: 'permits', period: '2026-08', programIds: expect.arrayContaining([expect.any(String)]) })]);
      expect(await recommendationsOf(dinkes)).toEqual([]);
    }, 90_000);
  });
});
