import { INestApplicationContext } from '@nestjs/common';
import { seedHistoryTestOptions, startSeedHistoryContext } from '@palembang/platform/testing';
import { DataSource } from 'typeorm';
import { PermitsHistoryModule } from './permits-history.module';
import { planApplications, seedPermitsHistory } from './permits-history';

/** SEED_HISTORY_SCALE=1 (with SEED_HISTORY_SEED and SEED_HISTORY_UNTIL) measures the whole demo year's permits. */
const options = seedHistoryTestOptions(0.1);

describe('the permits of the demo year, seeded through the command path (real PostgreSQL and Kafka)', () => {
  let app: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await startSeedHistoryContext('permits', (config) => PermitsHistoryModule.forConfig(config));
    dataSource = app.get(DataSource);
  });

  afterAll(() => app?.close());

  it('plans the same year for the same seed, and another for another seed', () => {
    const first = planApplications(options).map((plan) => `${plan.type.code}@${plan.submittedAt}`);
    expect(planApplications(options).map((plan) => `${plan.type.code}@${plan.submittedAt}`)).toEqual(first);
    expect(planApplications({ ...options, seed: 8 }).map((plan) => `${plan.type.code}@${plan.submittedAt}`)).not.toEqual(first);
  });

  it('records each lifecycle as events on the days they happened, with deemed approvals, breaches and a backlog, and only once', async () => {
    const started = performance.now();
    const report = await seedPermitsHistory(app, options);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`permits demo history at scale ${options.scale}: ${JSON.stringify(report.counts)} in ${seconds.toFixed(1)} s\n`);
    const counts = report.counts;
    expect(report.alreadySeeded).toBe(false);
    expect(counts.applications).toBe(planApplications(options).length);
    for (const outcome of ['issued', 'rejected', 'deemedApproved', 'breached', 'pending', 'revisions']) expect(counts[outcome]).toBeGreaterThan(0);

    const byType: Array<{ type: string; count: string }> = await dataSource.query(`SELECT type, count(*) AS count FROM es_events WHERE stream_id LIKE 'permit-application-%' GROUP BY type`);
    const events = Object.fromEntries(byType.map((row) => [row.type, Number(row.count)]));
    expect(events.ApplicationSubmitted).toBe(counts.applications);
    expect(events.PermitIssued).toBe(counts.issued);
    expect(events.ApplicationDeemedApproved).toBe(counts.deemedApproved);
    expect(events.SlaBreached).toBe(counts.breached);
    const total = Object.values(events).reduce((sum, count) => sum + count, 0);
    // One event per command: the seed sends nothing the decider turns down or ignores.
    expect(total).toBe(counts.commands);

    // The clock of each event's day: twelve months of submissions, none after the history's end.
    const months: Array<{ month: string }> = await dataSource.query(
      `SELECT DISTINCT to_char(occurred_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM') AS month FROM es_events WHERE type = 'ApplicationSubmitted' ORDER BY 1`,
    );
    expect(months.length).toBeGreaterThanOrEqual(12);
    const [{ latest }] = await dataSource.query(`SELECT max(occurred_at) AS latest FROM es_events`);
    expect(new Date(latest).getTime()).toBeLessThan(Date.parse(`${options.until}T00:00:00+07:00`));

    // Deemed approval only where the type allows it (PBG, IUTS, TDUP).
    const deemedTypes: Array<{ code: string }> = await dataSource.query(`SELECT DISTINCT data->>'permitTypeCode' AS code FROM es_events WHERE type = 'ApplicationDeemedApproved'`);
    expect(deemedTypes.map((row) => row.code).every((code) => ['PBG', 'IUTS', 'TDUP'].includes(code))).toBe(true);

    expect(await seedPermitsHistory(app, options)).toEqual({ alreadySeeded: true, counts: {} });
    const [{ after }] = await dataSource.query(`SELECT count(*) AS after FROM es_events`);
    expect(Number(after)).toBe(total + Number((await dataSource.query(`SELECT count(*) AS c FROM es_events WHERE stream_id NOT LIKE 'permit-application-%'`))[0].c));
  }, 300_000);
});
