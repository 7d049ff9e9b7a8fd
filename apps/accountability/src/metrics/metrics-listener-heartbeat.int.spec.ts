import { createTestDatabase, eventually } from '@palembang/events/testing';
import { DataSource } from 'typeorm';
import { AgenciesView1796100000000 } from '../agencies/agencies-view.migration';
import { AgencyRegisterChanged1797400000000 } from '../agencies/register-changed.migration';
import { AccountabilityAggregates1797000000000 } from '../projection/aggregates.migration';
import { AccountabilityFactsChangedTriggersDropped1797300000000 } from '../projection/facts-changed-dropped.migration';
import { AccountabilityFactsChanged1764700000000 } from '../projection/facts-changed.migration';
import { AccountabilityMetricTables1764600000000 } from '../projection/metric-tables.migration';
import { MetricsChangeListener } from './metrics-change-listener';
import { MetricsReader } from './metrics-reader';
import { TalliesCache } from './tallies-cache';

/**
 * A LISTEN connection can die without a word (a host gone, a network partition): no error, no end,
 * notifications simply stop. The listener's heartbeat must notice, or answers would be served from
 * kept tallies that no longer hear changes. Here the real PostgreSQL backend serving the listener is
 * frozen with SIGSTOP: its socket stays open and silent, as a partitioned peer's does.
 */
describe('the metrics listener when its connection goes silent', () => {
  const AS_OF = '2026-11-25T03:00:00.000Z';
  let dataSource: DataSource;
  let cache: TalliesCache;
  let listener: MetricsChangeListener;

  beforeAll(async () => {
    dataSource = await createTestDatabase('metrics_heartbeat', [
      AccountabilityMetricTables1764600000000,
      AccountabilityFactsChanged1764700000000,
      AgenciesView1796100000000,
      AccountabilityAggregates1797000000000,
      AccountabilityFactsChangedTriggersDropped1797300000000,
      AgencyRegisterChanged1797400000000,
    ]);
    await dataSource.query(`INSERT INTO registered_agencies (agency_id, name, short_name, kind, status, registered_at, version) VALUES ('dinas-a', 'Dinas A', 'DA', 'dinas', 'active', now(), 1)`);
    cache = new TalliesCache();
    listener = new MetricsChangeListener(dataSource, cache, { heartbeatMs: 200, heartbeatTimeoutMs: 500, retryMs: [100] });
    listener.onApplicationBootstrap();
    await eventually(() => cache.isCaching, 10_000, 5);
  }, 60_000);

  afterAll(async () => {
    await listener?.onApplicationShutdown();
    await dataSource?.destroy();
  });

  /** The backends of this database's metrics listener (one, but while a frozen one has not exited yet). */
  async function listenerBackends(): Promise<number[]> {
    const rows: Array<{ pid: number }> = await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE '%-metrics-listener'`);
    return rows.map((row) => row.pid);
  }

  it('stops keeping tallies and the list once the heartbeat goes unanswered, and starts again, empty, on a new connection', async () => {
    const reader = new MetricsReader(dataSource, () => AS_OF, cache);
    await reader.agencyFigures('2026-11', AS_OF, () => true);
    expect(cache.cachedAgencies('2026-11', AS_OF)).toEqual(['dinas-a']);
    expect(cache.listing()).toBeDefined();

    const [frozen, ...others] = await listenerBackends();
    expect(others).toEqual([]);
    process.kill(frozen, 'SIGSTOP');
    try {
      // A heartbeat interval plus its timeout (0.7 s) is enough; the bound is generous for a loaded machine. Without the
      // heartbeat nothing would notice for hours (the socket's keepalive).
      await eventually(() => !cache.isCaching, 20_000, 5);
      expect(cache.cachedAgencies('2026-11', AS_OF)).toEqual([]);
      expect(cache.listing()).toBeUndefined();
    } finally {
      process.kill(frozen, 'SIGCONT');
    }

    await eventually(() => cache.isCaching, 20_000, 5);
    // The frozen backend, thawed, reads the client's goodbye and exits; the new connection is another backend.
    await eventually(async () => !(await listenerBackends()).includes(frozen), 20_000, 50);
    expect(await listenerBackends()).toHaveLength(1);
    await reader.agencyFigures('2026-11', AS_OF, () => true);
    expect(cache.cachedAgencies('2026-11', AS_OF)).toEqual(['dinas-a']);
  }, 90_000);
});
