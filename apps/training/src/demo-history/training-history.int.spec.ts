import { INestApplicationContext } from '@nestjs/common';
import { PALEMBANG_AGENCIES } from '@palembang/events/core';
import { seedHistoryTestOptions, startSeedHistoryContext } from '@palembang/platform/testing';
import { DataSource } from 'typeorm';
import { TrainingHistoryModule } from './training-history.module';
import { planCivilServants, planCohorts, seedTrainingHistory } from './training-history';

/** SEED_HISTORY_SCALE=1 (with SEED_HISTORY_SEED and SEED_HISTORY_UNTIL) measures the whole demo year's training. */
const options = seedHistoryTestOptions(0.4);

describe('the training year, seeded through the command path (real PostgreSQL and Kafka)', () => {
  let app: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await startSeedHistoryContext('training', (config) => TrainingHistoryModule.forConfig(config));
    dataSource = app.get(DataSource);
  });

  afterAll(() => app?.close());

  it('gives every registered agency civil servants, and plans the same year for the same seed', () => {
    const agencies = new Set(planCivilServants(options).map((servant) => servant.agencyId));
    expect([...agencies].sort()).toEqual(PALEMBANG_AGENCIES.map((agency) => agency.agencyId).sort());
    expect(planCohorts(options)).toEqual(planCohorts(options));
    expect(planCivilServants({ ...options, seed: 8 })).not.toEqual(planCivilServants(options));
  });

  it('records programs, cohorts, enrolments, attendance and results on their days, JP credited for each pass, once', async () => {
    const started = performance.now();
    const report = await seedTrainingHistory(app, options);
    process.stdout.write(`training demo history at scale ${options.scale}: ${JSON.stringify(report.counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    const counts = report.counts;
    expect(counts.civilServants).toBe(planCivilServants(options).length);
    for (const outcome of ['programs', 'cohorts', 'enrolments', 'withdrawals', 'attendance', 'passed', 'failed']) expect(counts[outcome]).toBeGreaterThan(0);

    const byType: Array<{ type: string; count: string }> = await dataSource.query(`SELECT type, count(*) AS count FROM es_events GROUP BY type`);
    const events = Object.fromEntries(byType.map((row) => [row.type, Number(row.count)]));
    expect(events.CohortScheduled).toBe(counts.cohorts);
    expect(events.ParticipantCompleted).toBe(counts.passed + counts.failed);
    // Each pass credits the program's JP to the civil servant's record of the year, in the same transaction (a program once a year).
    const [{ credited }] = await dataSource.query(
      `SELECT count(DISTINCT (data->>'nip', data->>'programId', date_part('year', occurred_at AT TIME ZONE 'Asia/Jakarta'))) AS credited FROM es_events WHERE type = 'ParticipantCompleted' AND (data->>'passed')::boolean`,
    );
    expect(events.JpCredited).toBe(Number(credited));

    const months: Array<{ month: string }> = await dataSource.query(`SELECT DISTINCT to_char(occurred_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM') AS month FROM es_events WHERE type = 'ParticipantCompleted'`);
    expect(months.length).toBeGreaterThanOrEqual(8);
    const [{ latest }] = await dataSource.query(`SELECT max(occurred_at) AS latest FROM es_events`);
    expect(new Date(latest).getTime()).toBeLessThan(Date.parse(`${options.until}T00:00:00+07:00`));

    const [{ before }] = await dataSource.query(`SELECT count(*) AS before FROM es_events`);
    expect(await seedTrainingHistory(app, options)).toEqual({ alreadySeeded: true, counts: {} });
    const [{ after }] = await dataSource.query(`SELECT count(*) AS after FROM es_events`);
    expect(after).toBe(before);
  }, 300_000);
});
