import { DataSource, EntityManager } from 'typeorm';
import { EventChainKeys } from '../chain-key';
import { canonicalJson, hashContent } from '../hash-chain';
import { STORED_EVENT_COLUMNS, StoredEventRow } from './stored-event';

export type StreamVerification =
  | Readonly<{ intact: true; streamId: string; events: number }>
  | Readonly<{ intact: false; streamId: string; firstAlteredVersion: number; eventId?: string; reason: string }>;

/** A stream's row in es_streams: its head. */
export type StreamHead = Readonly<{ version: number; last_hash: string | null; head_mac: string | null }>;

/**
 * Checks a stream as stored: versions 1..n without gaps, each event linked to
 * its predecessor's SHA-256 and matching it, each event's keyed MAC, and the
 * head's keyed MAC over the last version. The SHA-256 chain alone names an
 * accidental change; the MACs name a deliberate one, since whoever edits the
 * database cannot compute them without EVENT_CHAIN_KEY. Without `keys` only the
 * unkeyed chain is checked (used once, to key streams written before the MACs).
 */
export function verifyChain(streamId: string, rows: readonly StoredEventRow[], head: StreamHead | undefined, keys?: EventChainKeys): StreamVerification {
  let previousHash: string | null = null;
  for (const [index, row] of rows.entries()) {
    const fault = chainFault(row, index + 1, previousHash, keys);
    if (fault) return { intact: false, streamId, firstAlteredVersion: row.stream_version, eventId: row.event_id, reason: fault };
    previousHash = row.hash;
  }
  const last = rows[rows.length - 1];
  if (!last) {
    if (!head || head.version === 0) return { intact: true, streamId, events: 0 };
    return { intact: false, streamId, firstAlteredVersion: 1, reason: `all ${head.version} event(s) of the stream were removed` };
  }
  const altered = { intact: false, streamId, firstAlteredVersion: last.stream_version + 1, eventId: last.event_id } as const;
  if (!head || head.version > rows.length) return { ...altered, reason: 'events after this one were removed' };
  if (head.version < rows.length || head.last_hash !== previousHash) return { ...altered, reason: 'the stream head does not point at this last event' };
  if (keys && !keys.isHeadMac(head.head_mac, streamId, head.version, last.mac ?? '')) {
    return { ...altered, reason: 'the stream head does not match its keyed MAC: events after this one may have been removed' };
  }
  return { intact: true, streamId, events: rows.length };
}

/** The canonical JSON of a stored event: what es_append hashed and what its MAC covers. */
export function storedContent(row: StoredEventRow): string {
  return canonicalJson({
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at.toISOString(),
  });
}

function chainFault(row: StoredEventRow, expectedVersion: number, previousHash: string | null, keys?: EventChainKeys): string | undefined {
  if (row.stream_version !== expectedVersion) return `version ${expectedVersion} is missing`;
  if (row.previous_hash !== previousHash) return 'its link to the previous event does not match';
  const content = storedContent(row);
  if (hashContent(previousHash, content) !== row.hash) return 'its content does not match its hash';
  if (!keys || keys.isEventMac(row.mac ?? null, content)) return undefined;
  return row.mac ? 'its content does not match its keyed MAC' : 'it carries no keyed MAC';
}

export async function readStoredStream(manager: EntityManager, streamId: string): Promise<{ rows: StoredEventRow[]; head: StreamHead | undefined }> {
  const rows: StoredEventRow[] = await manager.query(
    `SELECT ${STORED_EVENT_COLUMNS}, e.mac FROM es_events e WHERE stream_id = $1 ORDER BY e.stream_version`,
    [streamId],
  );
  const heads: StreamHead[] = await manager.query(`SELECT version, last_hash, head_mac FROM es_streams WHERE stream_id = $1`, [streamId]);
  return { rows, head: heads[0] };
}

export type LegacyKeying =
  | Readonly<{ outcome: 'nothing-to-key' }>
  | Readonly<{ outcome: 'keyed'; streams: number; events: number; brokenStreams: string[] }>
  | Readonly<{ outcome: 'refused'; unkeyedEvents: number }>;

/** Any number of starting replicas take turns on this lock. */
const LEGACY_KEYING_LOCK = 73_120_011;

/**
 * Keys the streams written before the chain was keyed, once: only while the
 * database holds no keyed link at all (the state right after the upgrade).
 * Once anything is keyed, an event without a MAC is an attack or a write by an
 * old version, never something to bless: it is counted and left for
 * verifyStream to name. Each legacy stream is keyed only if its unkeyed chain
 * verifies; a broken one stays unkeyed and is reported.
 */
export async function keyLegacyStreams(dataSource: DataSource, keys: EventChainKeys): Promise<LegacyKeying> {
  return dataSource.transaction(async (manager) => {
    const [{ unkeyed }]: Array<{ unkeyed: number }> = await manager.query(`SELECT count(*)::int AS unkeyed FROM es_events WHERE mac IS NULL`);
    if (unkeyed === 0) return { outcome: 'nothing-to-key' };
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [LEGACY_KEYING_LOCK]);
    // Appends wait until the legacy streams are keyed (they lock their stream row for update).
    await manager.query(`LOCK TABLE es_streams IN SHARE ROW EXCLUSIVE MODE`);
    const [{ keyed }]: Array<{ keyed: boolean }> = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM es_events WHERE mac IS NOT NULL) OR EXISTS (SELECT 1 FROM es_streams WHERE head_mac IS NOT NULL) AS keyed`,
    );
    const [{ left }]: Array<{ left: number }> = await manager.query(`SELECT count(*)::int AS left FROM es_events WHERE mac IS NULL`);
    if (left === 0) return { outcome: 'nothing-to-key' };
    if (keyed) return { outcome: 'refused', unkeyedEvents: left };
    const streams: Array<{ stream_id: string }> = await manager.query(`SELECT stream_id FROM es_streams ORDER BY stream_id`);
    const brokenStreams: string[] = [];
    let keyedStreams = 0;
    let events = 0;
    for (const { stream_id: streamId } of streams) {
      const { rows, head } = await readStoredStream(manager, streamId);
      if (rows.length === 0) continue;
      if (!verifyChain(streamId, rows, head).intact) {
        brokenStreams.push(streamId);
        continue;
      }
      const macs = rows.map((row) => keys.eventMac(storedContent(row)));
      await manager.query(
        `UPDATE es_events e SET mac = keyed.mac FROM unnest($1::uuid[], $2::text[]) AS keyed (event_id, mac) WHERE e.event_id = keyed.event_id`,
        [rows.map((row) => row.event_id), macs],
      );
      await manager.query(`UPDATE es_streams SET head_mac = $2 WHERE stream_id = $1`, [streamId, keys.headMac(streamId, rows.length, macs[macs.length - 1])]);
      keyedStreams += 1;
      events += rows.length;
    }
    return { outcome: 'keyed', streams: keyedStreams, events, brokenStreams };
  });
}
