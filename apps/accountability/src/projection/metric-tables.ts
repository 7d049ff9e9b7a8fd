import { hash } from 'node:crypto';

/** The schema the live projection writes and the API reads. */
export const METRICS_SCHEMA = 'metrics';
/** Where a rebuild fills the next generation, and where the replaced one is kept until the next rebuild. */
export const NEXT_SCHEMA = 'metrics_next';
export const PREVIOUS_SCHEMA = 'metrics_previous';

/** Every table of a generation; a rebuild compares and swaps these. */
export const METRIC_TABLES = ['permit_facts', 'complaint_facts', 'survey_facts', 'training_credits', 'civil_servants', 'stream_versions', 'aggregates', 'pending_deadlines'] as const;

/**
 * Civil servants are keyed by `person_key`, a SHA-256 of the NIP (a pseudonym: the
 * NIP itself is stored nowhere here); stream ids are hashed for the same reason
 * (a development stream id contains the NIP).
 */
export function metricTablesDdl(schema: string): string[] {
  return [
    `CREATE SCHEMA ${schema}`,
    `CREATE TABLE ${schema}.permit_facts (
      application_id text PRIMARY KEY,
      agency_id text NOT NULL,
      submitted_at timestamptz NOT NULL,
      decided_at timestamptz,
      version integer NOT NULL,
      facts jsonb NOT NULL
    )`,
    `CREATE INDEX ON ${schema}.permit_facts (agency_id, decided_at)`,
    `CREATE TABLE ${schema}.complaint_facts (
      complaint_id text PRIMARY KEY,
      agency_id text NOT NULL,
      received_at timestamptz NOT NULL,
      resolved_at timestamptz,
      version integer NOT NULL,
      facts jsonb NOT NULL
    )`,
    `CREATE INDEX ON ${schema}.complaint_facts (agency_id, resolved_at)`,
    `CREATE TABLE ${schema}.survey_facts (
      survey_id text PRIMARY KEY,
      agency_id text NOT NULL,
      submitted_at timestamptz NOT NULL,
      facts jsonb NOT NULL
    )`,
    `CREATE TABLE ${schema}.training_credits (
      person_key text NOT NULL,
      reference text NOT NULL,
      agency_id text NOT NULL,
      jp double precision NOT NULL,
      credited_at timestamptz NOT NULL,
      PRIMARY KEY (person_key, reference)
    )`,
    `CREATE TABLE ${schema}.civil_servants (
      person_key text PRIMARY KEY,
      agency_id text NOT NULL,
      as_of timestamptz NOT NULL,
      as_of_event text NOT NULL
    )`,
    `CREATE TABLE ${schema}.stream_versions (
      stream_key text PRIMARY KEY,
      version integer NOT NULL
    )`,
    ...aggregateTablesDdl(schema),
  ];
}

/**
 * What the metrics answers read (projection/aggregate-store.ts): sums per period, agency,
 * service, measure and value (value: the working days of a histogram, else 0), and the cases
 * pending against a deadline (by deadline: they are compared with the clock when read).
 * Idempotent: a schema created by metricTablesDdl has them, and the migration adds them to an older one.
 */
export function aggregateTablesDdl(schema: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${schema}.aggregates (
      period text NOT NULL,
      agency_id text NOT NULL,
      service_kind text NOT NULL,
      service_code text NOT NULL,
      measure text NOT NULL,
      value integer NOT NULL,
      amount numeric NOT NULL,
      PRIMARY KEY (period, agency_id, service_kind, service_code, measure, value)
    )`,
    `CREATE TABLE IF NOT EXISTS ${schema}.pending_deadlines (
      agency_id text NOT NULL,
      service_kind text NOT NULL,
      service_code text NOT NULL,
      measure text NOT NULL,
      since_day date NOT NULL,
      deadline timestamptz NOT NULL,
      amount integer NOT NULL,
      PRIMARY KEY (agency_id, service_kind, service_code, measure, since_day, deadline)
    )`,
    `CREATE INDEX IF NOT EXISTS pending_deadlines_by_deadline ON ${schema}.pending_deadlines (deadline)`,
    // The agency-wide open-age rows (service_code '*', see aggregate-store.ts), which every backlog read sums over many periods.
    `CREATE INDEX IF NOT EXISTS aggregates_agency_open_age ON ${schema}.aggregates (period, agency_id) WHERE service_code = '*'`,
  ];
}

/**
 * The channel the metrics readers LISTEN on (see metrics-changes.ts for its payload): the live
 * projection notifies it with the agencies each transaction changed, a rebuild's switch with "everything".
 */
export const FACTS_CHANGED_CHANNEL = 'metrics_facts_changed';

/** A pseudonym for an identifier that may contain personal data (a NIP, a stream id holding one). */
export function pseudonymOf(value: string): string {
  // One call, not createHash().update().digest(): a replay hashes every stream id it reads.
  return hash('sha256', value, 'base64url');
}
