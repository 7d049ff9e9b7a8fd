import { EventEnvelope, PostgresEventStore } from '@palembang/events';
import { BKPSDM_AGENCY, developmentStreamId } from '@palembang/training-domain';
import { jakartaDateOf } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { CivilServantsService } from '../civil-servants/civil-servants.service';
import { ProgramsService } from '../programs/programs.service';
import { contextOf, trainingInstances } from '../testing/training-instances';
import { CohortsService } from './cohorts.service';
import { enrolmentDtoOf } from './http/cohort-answers';

/** Two service instances on one database, as two pods: enrolments racing for one cohort through both, and a pass crediting JP with the civil servant's agency. */
describe('cohort commands under concurrency (real PostgreSQL, two instances)', () => {
  const instances = trainingInstances();
  const today = jakartaDateOf(new Date().toISOString());
  const nipOf = (serial: number) => `198503122010011${String(serial).padStart(3, '0')}`;
  const principal = { clientId: 'test', agencyId: BKPSDM_AGENCY, scopes: [] };

  beforeAll(() => instances.start(2), 60_000);
  afterAll(() => instances.close());

  async function scheduledCohort(code: string, jp: number, capacity: number): Promise<string> {
    const [app] = instances.apps;
    const programs = app.get(ProgramsService);
    const created = await programs.create({ code, title: code, competencyArea: 'technical', jp, deliveryMode: 'classroom', provider: { kind: 'agency', id: BKPSDM_AGENCY } }, contextOf(BKPSDM_AGENCY));
    const { program } = await programs.get(created.programId);
    const { cohort } = await app.get(CohortsService).schedule(program, { startsOn: today, endsOn: today, capacity, sessions: [{ sessionId: 's1', date: today }] }, contextOf(BKPSDM_AGENCY));
    return cohort.cohortId;
  }

  it('seats exactly the capacity when 30 enrolments race through two instances, the rest waiting in accepted order', async () => {
    const { apps } = instances;
    const cohortId = await scheduledCohort('INT-RACE', 8, 10);
    for (let index = 0; index < 30; index++) await apps[0].get(CivilServantsService).register(nipOf(index + 1), `P ${index}`, 'dpmptsp', contextOf(BKPSDM_AGENCY));
    const answers = await Promise.all(
      Array.from({ length: 30 }, async (_, index) => enrolmentDtoOf(await apps[index % 2].get(CohortsService).enrol(cohortId, { nip: nipOf(index + 1) }, contextOf(BKPSDM_AGENCY), principal), nipOf(index + 1))),
    );
    expect(answers.filter((answer) => answer.participant.status === 'enrolled')).toHaveLength(10);
    const { cohort: after, version } = await apps[1].get(CohortsService).get(cohortId);
    expect(version).toBe(31);
    expect(after.waitlist).toHaveLength(20);
    for (const answer of answers) if (answer.participant.waitlistPosition) expect(after.waitlist[answer.participant.waitlistPosition - 1]).toBe(answer.participant.nip);
  }, 60_000);

  it("credits a pass with the civil servant's employer agency, once, in the same transaction", async () => {
    const [app] = instances.apps;
    const cohortId = await scheduledCohort('INT-PASS', 16, 5);
    const nip = nipOf(500);
    await app.get(CivilServantsService).register(nip, 'Siti', 'dinas-pupr', contextOf(BKPSDM_AGENCY));
    const cohorts = app.get(CohortsService);
    await cohorts.enrol(cohortId, { nip }, contextOf(BKPSDM_AGENCY), principal);
    await cohorts.complete(cohortId, { nip, score: 80, passed: true, certificateNumber: 'C-1' }, contextOf(BKPSDM_AGENCY));
    const credits: EventEnvelope[] = await app.get(PostgresEventStore).readStream(developmentStreamId(nip, Number(today.slice(0, 4))));
    expect(credits.map((event) => [event.type, (event.data as { agencyId: string }).agencyId, (event.data as { jp: number }).jp])).toEqual([['JpCredited', 'dinas-pupr', 16]]);
    const credited: Array<{ n: string }> = await app.get(DataSource).query(`SELECT count(*) AS n FROM jp_credits WHERE nip = $1 AND revoked_at IS NULL`, [nip]);
    expect(Number(credited[0].n)).toBe(1);
  }, 60_000);
});
