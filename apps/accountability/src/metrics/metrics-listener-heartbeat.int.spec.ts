import { CuttableLink, eventually } from '@palembang/events/testing';
import { DataSource } from 'typeorm';
import { createMetricsTestDatabase } from '../testing/metrics-database';
import { MetricsChangeListener } from './metrics-change-listener';
import { MetricsReader } from './metrics-reader';
import { TalliesCache } from './tallies-cache';

/**
 * A LISTEN connection can die without a word (a host gone, a network partition): no error, no end,
 * notifications simply stop. The listener's heartbeat must notice, or answers would be served from
 * kept tallies that no longer hear changes. Here the listener reaches the real PostgreSQL through a
 * TCP hop that is silenced: its connection stays open and nothing comes back, as from a partitioned peer.
 */
describe('the metrics listener when its connection goes silent', () => {
  const AS_OF = '2026-11-25T03:00:00.000Z';
  let dataSource: DataSource;
  let cache: TalliesCache;
  let listener: MetricsChangeListener;
  let link: CuttableLink;

  beforeAll(async () => {
    dataSource = await createMetricsTestDatabase('metrics_heartbeat');
    await dataSource.query(`INSERT INTO registered_agencies (agency_id, name, short_name, kind, status, registered_at, version) VALUES ('dinas-a', 'Dinas A', 'DA', 'dinas', 'active', now(), 1)`);
    const direct = new URL((dataSource.options as { url: string }).url);
    link = await CuttableLink.to(direct.hostname, Number(direct.port));
    const throughLink = new URL(direct.toString());
    throughLink.hostname = '127.0.0.1';
    throughLink.port = String(link.port);
    cache = new TalliesCache();
    // Only the listener goes through the link (it reads its connection settings from the DataSource it is given); the answers read directly.
    const listenerSource = new DataSource({ type: 'postgres', url: throughLink.toString(), applicationName: 'accountability-heartbeat-test' });
    listener = new MetricsChangeListener(listenerSource, cache, { heartbeatMs: 200, heartbeatTimeoutMs: 2_000, retryMs: [100] });
    listener.onApplicationBootstrap();
    await eventually(() => cache.isCaching, 10_000, 5);
  }, 60_000);

  afterAll(async () => {
    link?.unsilence();
    await listener?.onApplicationShutdown();
    await link?.close();
    await dataSource?.destroy();
  });

  it('stops keeping tallies and the list once the heartbeat goes unanswered, and starts again, empty, on a new connection', async () => {
    const reader = new MetricsReader(dataSource, () => AS_OF, cache);
    await reader.agencyFigures('2026-11', AS_OF, () => true);
    expect(cache.cachedAgencies('2026-11', AS_OF)).toEqual(['dinas-a']);
    expect(cache.listing()).toBeDefined();

    link.silence();
    try {
      // A heartbeat interval plus its timeout (2.2 s) is enough; the bound is generous for a loaded machine. Without the
      // heartbeat nothing would notice for hours (the socket's keepalive).
      await eventually(() => !cache.isCaching, 30_000, 5);
      expect(cache.cachedAgencies('2026-11', AS_OF)).toEqual([]);
      expect(cache.listing()).toBeUndefined();
    } finally {
      link.unsilence();
    }

    // On a new connection (the one it tried while the link was silent goes through now).
    await eventually(() => cache.isCaching, 30_000, 5);
    await reader.agencyFigures('2026-11', AS_OF, () => true);
    expect(cache.cachedAgencies('2026-11', AS_OF)).toEqual(['dinas-a']);
  }, 90_000);
});
