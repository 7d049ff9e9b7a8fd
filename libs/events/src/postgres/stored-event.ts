import { EventEnvelope } from '@palembang/events/core';

/**
 * An es_events row as selected with STORED_EVENT_COLUMNS (alias `e`). Positions
 * come back as text (bigint and xid8 exceed JS numbers), so ORDER BY must name
 * the table's columns (`e.global_position`): a bare name would sort the text.
 */
export interface StoredEventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: { agencyId: string; actor: string; correlationId: string; causationId: string | null };
  occurred_at: Date;
  recorded_at: Date;
  previous_hash: string | null;
  hash: string;
  /** The event's keyed MAC (selected only where the chain is checked); null on a link written before the chain was keyed. */
  mac?: string | null;
}

export const STORED_EVENT_COLUMNS = `e.global_position::text, e.transaction_id::text, e.event_id, e.stream_id, e.stream_version,
  e.type, e.schema_version, e.data, e.metadata, e.occurred_at, e.recorded_at, e.previous_hash, e.hash`;

/** The envelope of a stored event, with its data as given (sealed, unsealed or upcast by the caller). */
export function envelopeOf(row: StoredEventRow, data: Record<string, unknown> = row.data, schemaVersion = row.schema_version): EventEnvelope {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: row.global_position,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    agencyId: row.metadata.agencyId,
    actor: row.metadata.actor,
    correlationId: row.metadata.correlationId,
    causationId: row.metadata.causationId,
    data,
  };
}
