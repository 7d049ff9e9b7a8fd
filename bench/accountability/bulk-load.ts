import { indonesianCalendar, addCalendarDays, jakartaDateOf } from '@palembang/working-days';
import { createDataSource } from '@palembang/events';
import { METRICS_SCHEMA } from '../../apps/accountability/src/projection/metric-tables';
import { projectEvents } from '../../apps/accountability/src/projection/project-event';
import { generatedHistory } from '../../apps/accountability/src/testing/generated-history';

export type LoadResult = Readonly<{ cases: number; events: number; ms: number; facts: number }>;

/** Cases per transaction: large batches, as a replay sees them. */
const CASES_PER_BATCH = Number(process.env.BENCH_LOAD_BATCH ?? 4_000);

/**
 * Loads `cases` generated case histories (ten years up to yesterday, over the agencies) into the
 * accountability read model through the projection's own code path (projectEvents: facts, stream
 * versions and aggregates, as a rebuild writes them), straight into the service's database, in
 * batches of CASES_PER_BATCH cases per transaction. Only the last 90 days hold open cases.
 */
export async function bulkLoad(databaseUrl: string, cases: number, agencies: readonly string[], log: (line: string) => void): Promise<LoadResult> {
  const dataSource = createDataSource({ url: databaseUrl, applicationName: 'accountability-bench-load', migrations: [] });
  await dataSource.initialize();
  const started = Date.now();
  const days = 3650;
  const firstDay = addCalendarDays(jakartaDateOf(new Date().toISOString()), -days);
  const target = { schema: METRICS_SCHEMA, calendar: indonesianCalendar(), live: false };
  let events = 0;
  let loaded = 0;
  let batch: Parameters<typeof projectEvents>[0][number][] = [];
  let casesInBatch = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const toWrite = batch;
    batch = [];
    await dataSource.transaction((manager) => projectEvents(toWrite, manager, target));
    events += toWrite.length;
    loaded += casesInBatch;
    casesInBatch = 0;
    if (Math.floor(loaded / 100_000) !== Math.floor((loaded - CASES_PER_BATCH) / 100_000)) log(`loaded ${loaded} cases (${events} events) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  };
  try {
    for (const history of generatedHistory({ seed: 2026, agencies, firstDay, days, closedAfterDays: 90 }, cases)) {
      batch.push(...history.map((event) => event.envelope));
      if (++casesInBatch >= CASES_PER_BATCH) await flush();
    }
    await flush();
    const [{ facts }] = await dataSource.query(`SELECT (SELECT count(*) FROM ${METRICS_SCHEMA}.permit_facts) + (SELECT count(*) FROM ${METRICS_SCHEMA}.complaint_facts) + (SELECT count(*) FROM ${METRICS_SCHEMA}.survey_facts) AS facts`);
    return { cases, events, ms: Date.now() - started, facts: Number(facts) };
  } finally {
    await dataSource.destroy();
  }
}
