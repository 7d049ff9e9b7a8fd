import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { EventEnvelope, PostgresEventStore } from '@palembang/events';
import { BKPSDM_AGENCY, trainingRecommendationStreamId } from '@palembang/training-domain';
import { DataSource, EntityManager } from 'typeorm';
import { ProgramsService } from '../programs/programs.service';
import { contextOf, trainingInstances } from '../testing/training-instances';
import { RecommendationsService } from './recommendations.service';

/** The process manager answering accountability's alerts, on two instances sharing one database, as two pods. */
describe('targeted recommendations under concurrency (real PostgreSQL, two instances)', () => {
  const instances = trainingInstances();

  beforeAll(() => instances.start(2), 60_000);
  afterAll(() => instances.close());

  it('answers one alert with one recommendation even when two instances handle it at once', async () => {
    const { apps } = instances;
    await apps[0].get(ProgramsService).create(
      { code: 'INT-PRIMA', title: 'Pelayanan Prima', competencyArea: 'socio-cultural', jp: 16, deliveryMode: 'classroom', provider: { kind: 'agency', id: BKPSDM_AGENCY } },
      contextOf(BKPSDM_AGENCY),
    );
    const alertId = `alert-${randomUUID().slice(0, 8)}`;
    const event = {
      eventId: randomUUID(), type: 'ServicePerformanceBelowStandard', correlationId: randomUUID(),
      data: { alertId, agencyId: 'dinas-kesehatan', service: 'complaints', serviceCode: null, period: '2026-10', shareWithinStandard: 0.5, threshold: 0.8, decidedCases: 10, casesWithinStandard: 5, detectedAt: new Date().toISOString() },
    } as unknown as EventEnvelope;
    const handleIn = (app: INestApplication, eventId: string) =>
      app.get(DataSource).transaction((manager: EntityManager) => app.get(RecommendationsService).answer({ ...event, eventId }, manager));
    const settled = await Promise.allSettled([handleIn(apps[0], randomUUID()), handleIn(apps[1], randomUUID())]);
    // One of the two may lose the race on the stream (its consumer would retry and record nothing); never two recommendations.
    if (settled.some((outcome) => outcome.status === 'rejected')) await handleIn(apps[0], randomUUID());
    // The stream, not the read model: the view keeps one row per alert whatever the stream holds.
    const recorded = await apps[0].get(PostgresEventStore).readStream(trainingRecommendationStreamId(alertId));
    expect(recorded.map((envelope) => envelope.type)).toEqual(['TargetedProgramsRecommended']);
  }, 60_000);
});
