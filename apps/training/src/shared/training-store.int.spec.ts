import { randomBytes, randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EventEnvelope, PostgresEventStore } from '@palembang/events';
import { createServiceDatabase } from '@palembang/platform/testing';
import { BKPSDM_AGENCY, developmentStreamId } from '@palembang/training-domain';
import { jakartaDateOf } from '@palembang/working-days';
import { DataSource, EntityManager } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { CivilServantsService } from '../development/civil-servants.service';
import { ProgramsService } from '../programs/programs.service';
import { ServicePerformanceConsumer } from '../recommendations/service-performance.consumer';
import { TargetedRecommendations } from '../recommendations/targeted-recommendations';
import { TrainingModule } from '../training.module';
import { CommandContext } from './training-store';

/**
 * Two service instances on one database, as two pods: enrolments racing for one cohort through both,
 * a pass crediting JP with the civil servant's agency, and the same alert handled twice at once.
 */
describe('training commands under concurrency (real PostgreSQL, two instances)', () => {
  const apps: INestApplication[] = [];
  let dataSource: DataSource;

  async function startInstance(databaseUrl: string): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [TrainingModule.forConfig({ serviceName: 'training', port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') })],
    })
      // Kafka plays no part here (the end-to-end test covers delivery); the process manager is called directly.
      .overrideProvider(ServicePerformanceConsumer)
      .useValue({})
      .compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    apps.push(app);
    return app;
  }

  const context = (agencyId: string): CommandContext => ({ agencyId, actor: 'test', correlationId: randomUUID(), now: new Date().toISOString() });
  const today = jakartaDateOf(new Date().toISOString());
  const nipOf = (serial: number) => `198503122010011${String(serial).padStart(3, '0')}`;

  beforeAll(async () => {
    process.env.PERSONAL_DATA_KEY ??= randomBytes(32).toString('base64');
    process.env.GATEWAY_URL ??= 'http://127.0.0.1:9';
    const databaseUrl = await createServiceDatabase('training');
    await startInstance(databaseUrl);
    await startInstance(databaseUrl);
    dataSource = apps[0].get(DataSource);
  }, 60_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('seats exactly the capacity when 30 enrolments race through two instances, the rest waiting in accepted order', async () => {
    const programs = apps[0].get(ProgramsService);
    const program = await programs.create(
      { code: 'INT-RACE', title: 'Race', competencyArea: 'technical', jp: 8, deliveryMode: 'classroom', provider: { kind: 'agency', id: BKPSDM_AGENCY } },
      context(BKPSDM_AGENCY),
    );
    const { cohort } = await programs.scheduleCohort(program.programId, { startsOn: today, endsOn: today, capacity: 10, sessions: [{ sessionId: 's1', date: today }] }, context(BKPSDM_AGENCY));
    const principal = { clientId: 'test', agencyId: BKPSDM_AGENCY, scopes: [] };
    for (let index = 0; index < 30; index++) await apps[0].get(CivilServantsService).register(nipOf(index + 1), `P ${index}`, 'dpmptsp', context(BKPSDM_AGENCY));
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) => apps[index % 2].get(CohortsService).enrol(cohort.cohortId, { nip: nipOf(index + 1) }, context(BKPSDM_AGENCY), principal)),
    );
    expect(answers.filter((answer) => answer.participant.status === 'enrolled')).toHaveLength(10);
    const { cohort: after, version } = await apps[1].get(CohortsService).get(cohort.cohortId);
    expect(version).toBe(31);
    expect(after.waitlist).toHaveLength(20);
    for (const answer of answers) if (answer.participant.waitlistPosition) expect(after.waitlist[answer.participant.waitlistPosition - 1]).toBe(answer.participant.nip);
  }, 60_000);

  it("credits a pass with the civil servant's employer agency, once, in the same transaction", async () => {
    const programs = apps[0].get(ProgramsService);
    const program = await programs.create(
      { code: 'INT-PASS', title: 'Pass', competencyArea: 'technical', jp: 16, deliveryMode: 'classroom', provider: { kind: 'agency', id: BKPSDM_AGENCY } },
      context(BKPSDM_AGENCY),
    );
    const { cohort } = await programs.scheduleCohort(program.programId, { startsOn: today, endsOn: today, capacity: 5, sessions: [{ sessionId: 's1', date: today }] }, context(BKPSDM_AGENCY));
    const nip = nipOf(500);
    await apps[0].get(CivilServantsService).register(nip, 'Siti', 'dinas-pupr', context(BKPSDM_AGENCY));
    const cohorts = apps[0].get(CohortsService);
    await cohorts.enrol(cohort.cohortId, { nip }, context(BKPSDM_AGENCY), { clientId: 'test', agencyId: BKPSDM_AGENCY, scopes: [] });
    await cohorts.complete(cohort.cohortId, { nip, score: 80, passed: true, certificateNumber: 'C-1' }, context(BKPSDM_AGENCY));
    const credits: EventEnvelope[] = await apps[0].get(PostgresEventStore).readStream(developmentStreamId(nip, Number(today.slice(0, 4))));
    expect(credits.map((event) => [event.type, (event.data as { agencyId: string }).agencyId, (event.data as { jp: number }).jp])).toEqual([['JpCredited', 'dinas-pupr', 16]]);
    const credited: Array<{ n: string }> = await dataSource.query(`SELECT count(*) AS n FROM jp_credits WHERE nip = $1 AND revoked_at IS NULL`, [nip]);
    expect(Number(credited[0].n)).toBe(1);
  }, 60_000);

  it('answers one alert with one recommendation even when two instances handle it at once', async () => {
    await apps[0].get(ProgramsService).create(
      { code: 'INT-PRIMA', title: 'Pelayanan Prima', competencyArea: 'socio-cultural', jp: 16, deliveryMode: 'classroom', provider: { kind: 'agency', id: BKPSDM_AGENCY } },
      context(BKPSDM_AGENCY),
    );
    const alertId = `alert-${randomUUID().slice(0, 8)}`;
    const event = {
      eventId: randomUUID(), type: 'ServicePerformanceBelowStandard', correlationId: randomUUID(),
      data: { alertId, agencyId: 'dinas-kesehatan', service: 'complaints', serviceCode: null, period: '2026-10', shareWithinStandard: 0.5, threshold: 0.8, decidedCases: 10, casesWithinStandard: 5, detectedAt: new Date().toISOString() },
    } as unknown as EventEnvelope;
    const handleIn = (app: INestApplication, eventId: string) =>
      app.get(DataSource).transaction((manager: EntityManager) => app.get(TargetedRecommendations).answer({ ...event, eventId }, manager));
    const settled = await Promise.allSettled([handleIn(apps[0], randomUUID()), handleIn(apps[1], randomUUID())]);
    // One of the two may lose the race on the stream (its consumer would retry and record nothing); never two recommendations.
    if (settled.some((outcome) => outcome.status === 'rejected')) await handleIn(apps[0], randomUUID());
    const rows: Array<{ alert_id: string }> = await dataSource.query(`SELECT alert_id FROM training_recommendations WHERE alert_id = $1`, [alertId]);
    expect(rows).toHaveLength(1);
  }, 60_000);
});
