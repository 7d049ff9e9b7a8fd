import { indonesianCalendar, addCalendarDays, jakartaDateOf } from '@palembang/working-days';
import { createDataSource, EventEnvelope } from '@palembang/events';
import { BulkProjection, InTransaction } from '../../apps/accountability/src/projection/bulk-projection';
import { METRICS_SCHEMA } from '../../apps/accountability/src/projection/metric-tables';
import { generatedHistory } from '../../apps/accountability/src/testing/generated-history';

export type LoadResult = Readonly<{ cases: number; events: number; ms: number; facts: number }>;

/** Cases folded per batch (one read of what is stored), and held cases written per flush (one transaction). */
const CASES_PER_BATCH = Number(process.env.BENCH_LOAD_BATCH ?? 5_000);
const CASES_PER_FLUSH = Number(process.env.BENCH_LOAD_FLUSH ?? 25_000);
/** The days the cases spread over, ending yesterday: ten years; fewer to measure a smaller load as dense as ten million cases. */
const DAYS = Number(process.env.BENCH_LOAD_DAYS ?? 3650);
/** Aggregate rows summed in memory before they are written (see BulkTarget). */
const HELD_AGGREGATE_ROWS = Number(process.env.BENCH_LOAD_HELD_ROWS ?? 300_000);
/** Transactions writing the aggregates side by side. */
const WRITERS = Number(process.env.BENCH_LOAD_WRITERS ?? 2);

/**
 * Loads `cases` generated case histories (BENCH_LOAD_DAYS days, ten years by default, up to yesterday, over the agencies) into the
 * accountability read model through the projection's own code (BulkProjection: the live
 * projection's fold and contributions, facts, stream versions and aggregates, as a rebuild writes
 * them), straight into the service's database: batches of CASES_PER_BATCH cases folded in memory,
 * written every CASES_PER_FLUSH cases in one transaction while the next ones are generated.
 * Only the last 90 days hold open cases.
 */
export async function bulkLoad(databaseUrl: string, cases: number, agencies: readonly string[], log: (line: string) => void): Promise<LoadResult> {
  const dataSource = createDataSource({ url: databaseUrl, applicationName: 'accountability-bench-load', migrations: [] });
  await dataSource.initialize();
  const started = Date.now();
  const days = DAYS;
  const firstDay = addCalendarDays(jakartaDateOf(new Date().toISOString()), -days);
  const projection = new BulkProjection({ schema: METRICS_SCHEMA, calendar: indonesianCalendar(), heldAggregateRows: HELD_AGGREGATE_ROWS });
  const inTransaction: InTransaction = (work) => dataSource.transaction(work);
  let events = 0;
  let folded = 0;
  let batch: EventEnvelope[] = [];
  let casesInBatch = 0;
  // The flush in flight: awaited before the next one, so at most one overlaps the folding.
  let flushing: Promise<void> = Promise.resolve();
  const fold = async () => {
    events += batch.length;
    await projection.add(batch, dataSource.manager);
    folded += casesInBatch;
    [batch, casesInBatch] = [[], 0];
    if (projection.heldCases < CASES_PER_FLUSH) return;
    await flushing;
    flushing = projection.flush(inTransaction, { writers: WRITERS });
    flushing.catch(() => undefined);
    if (Math.floor(folded / 500_000) !== Math.floor((folded - CASES_PER_FLUSH) / 500_000)) log(`loaded ${folded} cases (${events} events) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  };
  try {
    for (const history of generatedHistory({ seed: 2026, agencies, firstDay, days, closedAfterDays: 90 }, cases)) {
      for (const event of history) batch.push(event.envelope);
      if (++casesInBatch >= CASES_PER_BATCH) await fold();
    }
    await fold();
    await flushing;
    await projection.flush(inTransaction, { everything: true, writers: WRITERS });
    const [{ facts }] = await dataSource.query(`SELECT (SELECT count(*) FROM ${METRICS_SCHEMA}.permit_facts) + (SELECT count(*) FROM ${METRICS_SCHEMA}.complaint_facts) + (SELECT count(*) FROM ${METRICS_SCHEMA}.survey_facts) AS facts`);
    return { cases, events, ms: Date.now() - started, facts: Number(facts) };
  } finally {
    await flushing.catch(() => undefined);
    await dataSource.destroy();
  }
}
