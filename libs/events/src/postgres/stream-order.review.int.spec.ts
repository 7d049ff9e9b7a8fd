import { randomUUID } from 'node:crypto';
import { createTestDatabase, newEvent, testChainKeys, testVault } from '../testing';
import { DataSource } from 'typeorm';
import { PostgresEventStore, START_OF_ALL } from './postgres-event-store';

/**
 * Review (issue 16): readers by global position (readAll, the outbox relay) order by
 * (transaction id, position). That order matches each stream's versions only if a
 * transaction takes its id at its append. A transaction that took its id earlier (the
 * consumer batch claims its inbox rows first, then runs commands on streams) and then
 * appends to a stream another transaction appended to meanwhile publishes the later
 * version first.
 */
describe('review: per-stream order for readers by global position', () => {
  let dataSource: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    dataSource = await createTestDatabase('review_order');
    store = new PostgresEventStore({ dataSource, vault: testVault(), chainKeys: testChainKeys(), topic: 'test.events' });
  });

  afterAll(() => dataSource.destroy());

  it('relays and reads a stream in version order when the later writer took its transaction id first', async () => {
    const streamId = `alert-${randomUUID()}`;
    await dataSource.query(`CREATE TABLE IF NOT EXISTS claims (id uuid PRIMARY KEY)`);

    // T1: a consumer batch's transaction: claims its inbox rows first (so it has its id now) ...
    const batch = dataSource.createQueryRunner();
    await batch.connect();
    await batch.startTransaction();
    await batch.manager.query(`INSERT INTO claims (id) VALUES ($1)`, [randomUUID()]);

    // ... meanwhile an HTTP command (T2, a later id) creates the stream and commits.
    await store.append(streamId, 0, [newEvent('Raised', { n: 1 })]);

    // T1 then reads the stream (version 1) and appends version 2, and commits.
    const version = await store.streamVersion(streamId, batch.manager);
    await store.append(streamId, version, [newEvent('Answered', { n: 2 })], batch.manager);
    await batch.commitTransaction();
    await batch.release();

    // What the relay would send to Kafka, in its own order (outbox-relay.ts publishNextBatch).
    const relayed: Array<{ stream_version: number }> = await dataSource.query(
      `SELECT e.stream_version FROM es_outbox o JOIN es_events e ON e.global_position = o.global_position
        WHERE e.stream_id = $1 ORDER BY e.transaction_id, e.global_position`,
      [streamId],
    );
    const relayOrder = relayed.map((row) => row.stream_version);

    // And readAll (deadline: other databases' transactions may hold xmin back).
    const deadline = Date.now() + 20_000;
    let versions: number[] = [];
    while (versions.length < 2 && Date.now() < deadline) {
      versions = (await store.readAll(START_OF_ALL, 100_000)).events.filter((event) => event.streamId === streamId).map((event) => event.streamVersion);
      if (versions.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect({ relayOrder, readAllOrder: versions }).toEqual({ relayOrder: [1, 2], readAllOrder: [1, 2] });
  });
});
