import { hashContent } from '../hash-chain';
import { storedContent } from '../postgres/keyed-chain';
import { STORED_EVENT_COLUMNS, StoredEventRow } from '../postgres/stored-event';

/**
 * What anyone who can write to a service's database can do to its event
 * store, for tests that check tamper evidence holds against them. `query`
 * runs one statement and returns its rows (a DataSource's query, or a pg
 * client's wrapped).
 */
export type Query = (sql: string, parameters?: unknown[]) => Promise<any[]>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Recomputes every unkeyed hash of the stream and moves its head to the last event left, as es_append would have. */
export async function recomputeUnkeyedChain(query: Query, streamId: string): Promise<void> {
  const rows: StoredEventRow[] = await query(`SELECT ${STORED_EVENT_COLUMNS} FROM es_events e WHERE stream_id = $1 ORDER BY e.stream_version`, [streamId]);
  let previous: string | null = null;
  for (const row of rows) {
    const hash = hashContent(previous, storedContent(row));
    await query(`UPDATE es_events SET previous_hash = $2, hash = $3 WHERE event_id = $1`, [row.event_id, previous, hash]);
    previous = hash;
  }
  await query(`UPDATE es_streams SET version = $2, last_hash = $3 WHERE stream_id = $1`, [streamId, rows.length, previous]);
}

/** Removes the keyed MACs of the stream's events and head, so that they look written before the chain was keyed. */
export async function stripKeyedLinks(query: Query, streamId: string): Promise<void> {
  await query(`UPDATE es_events SET mac = NULL WHERE stream_id = $1`, [streamId]);
  await query(`UPDATE es_streams SET head_mac = NULL WHERE stream_id = $1`, [streamId]);
}

/** Deletes one event of the stream (and its outbox row). */
export async function deleteEvent(query: Query, streamId: string, version: number): Promise<void> {
  const where = `stream_id = $1 AND stream_version = $2`;
  await query(`DELETE FROM es_outbox WHERE global_position IN (SELECT global_position FROM es_events WHERE ${where})`, [streamId, version]);
  await query(`DELETE FROM es_events WHERE ${where}`, [streamId, version]);
}
