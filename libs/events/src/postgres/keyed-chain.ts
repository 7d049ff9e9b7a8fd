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
 * unkeyed chain is checked (by the operator step that keys legacy streams).
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

export async function readStoredStream(
  manager: EntityManager,
  streamId: string,
  options: { lockHead?: boolean } = {},
): Promise<{ rows: StoredEventRow[]; head: StreamHead | undefined }> {
  // lockHead: the stream's row locked as es_append locks it, so no append to this stream runs in between.
  const heads: StreamHead[] = await manager.query(
    `SELECT version, last_hash, head_mac FROM es_streams WHERE stream_id = $1${options.lockHead ? ' FOR UPDATE' : ''}`,
    [streamId],
  );
  const rows: StoredEventRow[] = await manager.query(
    `SELECT ${STORED_EVENT_COLUMNS}, e.mac FROM es_events e WHERE stream_id = $1 ORDER BY e.stream_version`,
    [streamId],
  );
  return { rows, head: heads[0] };
}

/** Events that carry no keyed MAC (found through the partial index es_events_unkeyed): legacy ones, or stripped ones. */
export async function countUnkeyedEvents(manager: EntityManager): Promise<{ events: number; streams: number }> {
  const [counts]: Array<{ events: number; streams: number }> = await manager.query(
    `SELECT count(*)::int AS events, count(DISTINCT stream_id)::int AS streams FROM es_events WHERE mac IS NULL`,
  );
  return counts;
}

/**
 * Whether any event carries a keyed MAC or any head one: then the database has
 * been written by the keyed version, and a stream without MACs in it was
 * stripped, not stored before the upgrade.
 */
export async function holdsKeyedLinks(manager: EntityManager): Promise<boolean> {
  const [{ keyed }]: Array<{ keyed: boolean }> = await manager.query(
    `SELECT EXISTS (SELECT 1 FROM es_events WHERE mac IS NOT NULL) OR EXISTS (SELECT 1 FROM es_streams WHERE head_mac IS NOT NULL) AS keyed`,
  );
  return keyed;
}

/**
 * What keying the legacy streams did: streams keyed, and those it left unkeyed,
 * by id: brokenStreams, whose unkeyed chain does not verify; refusedStreams,
 * every unkeyed stream when the database already held a keyed link.
 */
export type LegacyKeying = Readonly<{ streams: number; events: number; brokenStreams: string[]; refusedStreams: string[] }>;

/** Two operators running the step at once take turns on this lock. */
const LEGACY_KEYING_LOCK = 73_120_011;

/**
 * Keys the streams written before the chain was keyed. An explicit, one-off
 * operator step right after the upgrade, with the services stopped
 * (`node main.js migrate --key-legacy-streams`), never run at start-up:
 * whoever can write to the database could otherwise edit a stream, recompute
 * its unkeyed chain, strip every MAC and have the forgery signed.
 *
 * Keys nothing once the database holds any keyed link (an event MAC or a head
 * MAC): a stream without MACs next to keyed ones was stripped, so every
 * unkeyed stream is refused and stays named by verifyStream. Otherwise keys
 * each stream whose unkeyed chain verifies; a broken one is refused.
 * All in one transaction, so an interrupted run keys nothing and can run
 * again (a run keyed in part would make the next refuse everything); it locks
 * each stream's row as it reaches it, never the whole es_streams table.
 */
export async function keyLegacyStreams(dataSource: DataSource, keys: EventChainKeys): Promise<LegacyKeying> {
  return dataSource.transaction(async (manager) => {
    // Two operators running the step at once take turns here.
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [LEGACY_KEYING_LOCK]);
    const candidates: Array<{ stream_id: string }> = await manager.query(`SELECT DISTINCT stream_id FROM es_events WHERE mac IS NULL ORDER BY stream_id`);
    const outcome = { streams: 0, events: 0, brokenStreams: [] as string[], refusedStreams: [] as string[] };
    if (candidates.length > 0 && (await holdsKeyedLinks(manager))) {
      return { ...outcome, refusedStreams: candidates.map((candidate) => candidate.stream_id) };
    }
    for (const { stream_id: streamId } of candidates) {
      const keyed = await keyLegacyStream(manager, streamId, keys);
      if (keyed === 'broken') outcome.brokenStreams.push(streamId);
      else if (keyed === 'partly-keyed') outcome.refusedStreams.push(streamId);
      else if (keyed > 0) {
        outcome.streams += 1;
        outcome.events += keyed;
      }
    }
    return outcome;
  });
}

/** Keys one legacy stream; returns how many events it keyed, or why it did not (a stream keyed in part: a service wrote to it meanwhile). */
async function keyLegacyStream(manager: EntityManager, streamId: string, keys: EventChainKeys): Promise<number | 'broken' | 'partly-keyed'> {
  const { rows, head } = await readStoredStream(manager, streamId, { lockHead: true });
  if (rows.length === 0) return 0;
  if (head?.head_mac || rows.some((row) => row.mac)) return 'partly-keyed';
  if (!verifyChain(streamId, rows, head).intact) return 'broken';
  const macs = rows.map((row) => keys.eventMac(storedContent(row)));
  await manager.query(
    `UPDATE es_events e SET mac = keyed.mac FROM unnest($1::uuid[], $2::text[]) AS keyed (event_id, mac) WHERE e.event_id = keyed.event_id`,
    [rows.map((row) => row.event_id), macs],
  );
  await manager.query(`UPDATE es_streams SET head_mac = $2 WHERE stream_id = $1`, [streamId, keys.headMac(streamId, rows.length, macs[macs.length - 1])]);
  return rows.length;
}
