import { DEFAULT_RANKING_RULES } from '@palembang/accountability-domain';
import { EventEnvelope } from '@palembang/events';
import { indonesianCalendar } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { METRICS_SCHEMA } from '../projection/metric-tables';
import { METRICS_CHANGED_CHANNEL } from '../projection/metrics-changes';
import { projectEvents } from '../projection/project-event';
import { decidedPermit, survey } from '../testing/envelopes';
import { createMetricsTestDatabase } from '../testing/metrics-database';
import { MetricsChangeListener } from './metrics-change-listener';
import { MetricsReader } from './metrics-reader';
import { TalliesCache } from './tallies-cache';

/**
 * The every-agency answers keep each agency's tallies and re-read only the agencies the projection
 * changed (real PostgreSQL, the projection's own notifications): an answer right after a change shows
 * it, the other agencies' tallies are not read again, and a lost LISTEN connection empties the cache.
 */
describe('metrics answers from kept tallies', () => {
  const PERIOD = '2026-11';
  const AS_OF = '2026-11-25T03:00:00.000Z';
  const AGENCIES = ['dinas-a', 'dinas-b', 'dinas-c', 'dinas-kosong'];
  let dataSource: DataSource;
  let cache: TalliesCache;
  let reader: MetricsReader;
  let uncached: MetricsReader;
  let listener: MetricsChangeListener;

  beforeAll(async () => {
    dataSource = await createMetricsTestDatabase('metrics_cache');
    await dataSource.query(
      `INSERT INTO registered_agencies (agency_id, name, short_name, kind, status, registered_at, version)
       SELECT id, id, upper(id), 'dinas', 'active', now(), 1 FROM unnest($1::text[]) AS id`,
      [AGENCIES],
    );
    for (const agency of ['dinas-a', 'dinas-b', 'dinas-c']) await project([...decidedPermit(agency, { withinStandard: true }), survey(agency, 4)].map(({ envelope }) => envelope));
    cache = new TalliesCache();
    reader = new MetricsReader(dataSource, () => AS_OF, cache);
    uncached = new MetricsReader(dataSource, () => AS_OF);
    listener = new MetricsChangeListener(dataSource, cache, { heartbeatMs: 60_000, heartbeatTimeoutMs: 5_000, retryMs: [3_000] });
    listener.onApplicationBootstrap();
    await until(() => cache.isCaching);
  }, 60_000);

  afterAll(async () => {
    await listener?.onApplicationShutdown();
    await dataSource?.destroy();
  });

  async function project(events: readonly EventEnvelope[]): Promise<void> {
    await dataSource.transaction((manager) => projectEvents(events, manager, { schema: METRICS_SCHEMA, calendar: indonesianCalendar(), live: true }));
  }

  async function answer() {
    return { items: await reader.agencyFigures(PERIOD, AS_OF, () => true), ranking: await reader.ranking(PERIOD, AS_OF, DEFAULT_RANKING_RULES) };
  }

  async function uncachedAnswer() {
    return { items: await uncached.agencyFigures(PERIOD, AS_OF, () => true), ranking: await uncached.ranking(PERIOD, AS_OF, DEFAULT_RANKING_RULES) };
  }

  /** Agency tallies the caching reader read from the database during `work`. */
  async function readDuring(work: () => Promise<unknown>): Promise<number> {
    const before = reader.counts.read;
    await work();
    return reader.counts.read - before;
  }

  const cached = () => cache.cachedAgencies(PERIOD, AS_OF).sort();

  it('leaves the facts_changed triggers of the fact tables behind', async () => {
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM pg_trigger WHERE tgname = 'facts_changed'`);
    expect(count).toBe(0);
  });

  it('reads every agency once, then none while nothing changes', async () => {
    expect(await readDuring(answer)).toBe(AGENCIES.length);
    expect(cached()).toEqual(AGENCIES);
    expect(await readDuring(answer)).toBe(0);
    expect(await answer()).toEqual(await uncachedAnswer());
  });

  it('shows a change to one agency in the next answer, reading that agency only', async () => {
    const before = await answer();
    await project(decidedPermit('dinas-b', { withinStandard: false }).map(({ envelope }) => envelope));
    const heardWithin = await until(() => !cached().includes('dinas-b'));
    expect(heardWithin).toBeLessThan(1_000);
    expect(cached()).toEqual(['dinas-a', 'dinas-c', 'dinas-kosong']);

    expect(await readDuring(async () => expect(await answer()).toEqual(await uncachedAnswer()))).toBe(1);
    const after = await answer();
    const permitsOf = (items: typeof before.items, agency: string) => items.find((item) => item.agencyId === agency)?.permits;
    expect(permitsOf(after.items, 'dinas-b')).toMatchObject({ decided: 2, casesWithinStandard: 1 });
    expect(permitsOf(before.items, 'dinas-b')).toMatchObject({ decided: 1, casesWithinStandard: 1 });
    expect(permitsOf(after.items, 'dinas-a')).toEqual(permitsOf(before.items, 'dinas-a'));
  });

  it('shows an agency that had no cases once its first is projected', async () => {
    await answer();
    await project(decidedPermit('dinas-kosong', { withinStandard: true }).map(({ envelope }) => envelope));
    await until(() => !cached().includes('dinas-kosong'));
    const after = await answer();
    expect(after.items.find((item) => item.agencyId === 'dinas-kosong')?.permits.decided).toBe(1);
    expect(after).toEqual(await uncachedAnswer());
  });

  it('forgets every agency when told everything changed (a rebuild switch)', async () => {
    await answer();
    expect(cached()).toEqual(AGENCIES);
    await dataSource.query(`SELECT pg_notify($1, '')`, [METRICS_CHANGED_CHANNEL]);
    await until(() => cached().length === 0);
    expect(await readDuring(answer)).toBe(AGENCIES.length);
  });

  it('reads the next minute ahead in the last seconds of one, so its first answer reads nothing', async () => {
    const NEXT = '2026-11-25T03:01:00.000Z';
    const early = new MetricsReader(dataSource, () => '2026-11-25T02:59:20.000Z', cache);
    await early.agencyFigures(PERIOD, AS_OF, () => true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cache.cachedAgencies(PERIOD, NEXT)).toEqual([]);

    const late = new MetricsReader(dataSource, () => '2026-11-25T02:59:55.000Z', cache);
    await late.ranking(PERIOD, AS_OF, DEFAULT_RANKING_RULES);
    await until(() => cache.cachedAgencies(PERIOD, NEXT).length === AGENCIES.length);
    const before = late.counts.read;
    expect(await late.agencyFigures(PERIOD, NEXT, () => true)).toEqual(await uncached.agencyFigures(PERIOD, NEXT, () => true));
    expect(late.counts.read - before).toBe(0);
  });

  it('empties the cache and keeps nothing while its LISTEN connection is lost, and starts empty once back', async () => {
    await answer();
    expect(cached()).toEqual(AGENCIES);
    const [{ pid }] = await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%-metrics-listener'`);
    await dataSource.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await until(() => !cache.isCaching);
    expect(cached()).toEqual([]);

    // Unheard while the connection is down: an answer then must read it from the database.
    await project(decidedPermit('dinas-c', { withinStandard: false }).map(({ envelope }) => envelope));
    expect(await readDuring(answer)).toBe(AGENCIES.length * 2);
    expect(cached()).toEqual([]);
    expect(await answer()).toEqual(await uncachedAnswer());

    await until(() => cache.isCaching);
    expect(await readDuring(answer)).toBe(AGENCIES.length);
    expect(await readDuring(answer)).toBe(0);
    expect(await answer()).toEqual(await uncachedAnswer());
  });

  it('keeps the list of agencies until the register changes, and shows a new agency and a new name at once', async () => {
    await answer();
    expect(cache.listing()).toBeDefined();
    await dataSource.query(`INSERT INTO registered_agencies (agency_id, name, short_name, kind, status, registered_at, version) VALUES ('dinas-baru', 'Dinas Baru', 'DB', 'dinas', 'active', now(), 1)`);
    await until(() => cache.listing() === undefined);
    const registered = await answer();
    expect(registered.items.find((item) => item.agencyId === 'dinas-baru')).toMatchObject({ name: 'Dinas Baru', permits: { decided: 0 } });
    expect(registered).toEqual(await uncachedAnswer());

    expect(cache.listing()).toBeDefined();
    await dataSource.query(`UPDATE registered_agencies SET name = 'Dinas A Baru' WHERE agency_id = 'dinas-a'`);
    await until(() => cache.listing() === undefined);
    const renamed = await answer();
    expect(renamed.items.find((item) => item.agencyId === 'dinas-a')?.name).toBe('Dinas A Baru');
    expect(renamed.ranking.find((agency) => agency.agencyId === 'dinas-a')?.name).toBe('Dinas A Baru');
    expect(renamed).toEqual(await uncachedAnswer());
  });

  it('lists an agency outside the register as soon as its first case is projected', async () => {
    await answer();
    expect(cache.listing()).toBeDefined();
    await project(decidedPermit('dinas-lama', { withinStandard: true }).map(({ envelope }) => envelope));
    await until(() => cache.listing() === undefined);
    const after = await answer();
    expect(after.items.find((item) => item.agencyId === 'dinas-lama')).toMatchObject({ name: null, permits: { decided: 1 } });
    expect(after).toEqual(await uncachedAnswer());
  });
});

/** Waits until `condition` holds; the milliseconds it took. */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - started;
}
