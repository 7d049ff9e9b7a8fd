import { INestApplicationContext } from '@nestjs/common';
import { seedHistoryTestOptions, startSeedHistoryContext } from '@palembang/platform/testing';
import { DataSource } from 'typeorm';
import { ComplaintsHistoryModule } from './complaints-history.module';
import { planComplaints, seedComplaintsHistory } from './complaints-history';

/** SEED_HISTORY_SCALE=1 (with SEED_HISTORY_SEED and SEED_HISTORY_UNTIL) measures the whole demo year's complaints. */
const options = seedHistoryTestOptions(0.15);

describe('the complaints and surveys of the demo year, seeded through the command path (real PostgreSQL and Kafka)', () => {
  let app: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await startSeedHistoryContext('complaints', (config) => ComplaintsHistoryModule.forConfig(config));
    dataSource = app.get(DataSource);
  });

  afterAll(() => app?.close());

  it('plans the same reports for the same seed', () => {
    const plan = () => planComplaints(options).map((planned) => `${planned.categoryCode}@${planned.submittedAt}`);
    expect(plan()).toEqual(plan());
    expect(planComplaints({ ...options, seed: 8 }).map((planned) => `${planned.categoryCode}@${planned.submittedAt}`)).not.toEqual(plan());
  });

  it('records verification, routing, re-routing, follow-up, resolution, confirmation, reopening, auto-closing and surveys on their days, once', async () => {
    const started = performance.now();
    const report = await seedComplaintsHistory(app, options);
    process.stdout.write(`complaints demo history at scale ${options.scale}: ${JSON.stringify(report.counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    const counts = report.counts;
    expect(counts.complaints).toBe(planComplaints(options).length);
    for (const outcome of ['archived', 'rerouted', 'resolved', 'reopened', 'confirmed', 'autoClosed', 'overdue', 'surveys', 'pending']) expect(counts[outcome]).toBeGreaterThan(0);

    const byType: Array<{ type: string; count: string }> = await dataSource.query(`SELECT type, count(*) AS count FROM es_events GROUP BY type`);
    const events = Object.fromEntries(byType.map((row) => [row.type, Number(row.count)]));
    expect(events.ComplaintSubmitted).toBe(counts.complaints);
    expect(events.ComplaintRerouted).toBe(counts.rerouted);
    expect(events.ResolutionDisputed).toBe(counts.reopened);
    expect(events.ComplaintAutoClosed).toBe(counts.autoClosed);
    expect(events.SurveySubmitted).toBe(counts.surveys);
    expect((events.VerificationOverdue ?? 0) + (events.FollowUpOverdue ?? 0)).toBe(counts.overdue);
    expect(events.FollowUpOverdue).toBeGreaterThan(0);

    // Re-routed to agencies without a category of their own, such as the kecamatan.
    const rerouted: Array<{ agency: string }> = await dataSource.query(`SELECT DISTINCT agency_id AS agency FROM complaints_view WHERE agency_id LIKE 'kecamatan-%'`);
    expect(rerouted.length).toBeGreaterThan(0);

    const [{ latest }] = await dataSource.query(`SELECT max(occurred_at) AS latest FROM es_events`);
    expect(new Date(latest).getTime()).toBeLessThan(Date.parse(`${options.until}T00:00:00+07:00`));

    const [{ before }] = await dataSource.query(`SELECT count(*) AS before FROM es_events`);
    expect(await seedComplaintsHistory(app, options)).toEqual({ alreadySeeded: true, counts: {} });
    const [{ after }] = await dataSource.query(`SELECT count(*) AS after FROM es_events`);
    expect(after).toBe(before);
  }, 300_000);
});
