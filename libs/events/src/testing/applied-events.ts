import { EventEnvelope } from '@palembang/events/core';
import { DataSource } from 'typeorm';
import { EventHandler } from '../consumer/event-consumer';

/**
 * A consumer-side table for tests: each applied event once (a second apply
 * would violate the primary key), and any event that arrives before its
 * stream predecessor recorded as an order violation.
 */
export async function createAppliedEventsTable(dataSource: DataSource): Promise<void> {
  await dataSource.query(`CREATE TABLE IF NOT EXISTS applied_events (
    event_id uuid PRIMARY KEY, stream_id text NOT NULL, stream_version int NOT NULL, data jsonb NOT NULL)`);
  await dataSource.query(`CREATE TABLE IF NOT EXISTS order_violations (event_id uuid, stream_id text, stream_version int)`);
}

export const recordAppliedEvent: EventHandler = async (event: EventEnvelope, { manager }) => {
  const previous: Array<{ version: number | null }> = await manager.query(
    `SELECT max(stream_version) AS version FROM applied_events WHERE stream_id = $1`,
    [event.streamId],
  );
  if ((previous[0].version ?? 0) !== event.streamVersion - 1) {
    await manager.query(`INSERT INTO order_violations VALUES ($1, $2, $3)`, [event.eventId, event.streamId, event.streamVersion]);
  }
  await manager.query(`INSERT INTO applied_events VALUES ($1, $2, $3, $4)`, [event.eventId, event.streamId, event.streamVersion, JSON.stringify(event.data)]);
};

export async function countRows(dataSource: DataSource, table: 'applied_events' | 'order_violations' | 'es_outbox'): Promise<number> {
  const rows: Array<{ count: string }> = await dataSource.query(`SELECT count(*)::text AS count FROM ${table}`);
  return Number(rows[0].count);
}
