const DAY_MS = 24 * 60 * 60 * 1000;

/** The domain topics' retention (platformTopics in topics.ts; inbox-retention.unit.spec.ts keeps the two equal). */
export const TOPIC_RETENTION_MS = 365 * DAY_MS;

/**
 * How long a consumer remembers the events it handled (its es_inbox rows), and
 * the guard that makes forgetting them safe. docs/architecture.md, "Inbox
 * retention", gives the argument; in short: a row is pruned only once it is
 * `keepMs` old, and an event recorded more than `keepMs - clockSkewMs` ago is
 * never applied (it is dead-lettered instead), so an event whose row was pruned
 * can never be applied again, however it comes back.
 */
export interface InboxRetention {
  /** Rows older than this (by processed_at) are pruned. */
  keepMs: number;
  /** Bound on how far apart the clocks involved may be (the producer's database, the consumer's process and database). */
  clockSkewMs: number;
}

/**
 * Topic retention plus 30 days: Kafka deletes a message up to a segment's age
 * (7 days by default) after its retention, so a legitimate delivery of an event
 * is refused only when the relay published it more than about three weeks after
 * it was recorded.
 */
export const DEFAULT_INBOX_RETENTION: InboxRetention = { keepMs: TOPIC_RETENTION_MS + 30 * DAY_MS, clockSkewMs: DAY_MS };

/** Rows deleted per statement: short transactions that never hold many locks or stall the consumer's inserts. */
export const INBOX_PRUNE_BATCH = 1000;

/** An event older than the inbox remembers: its row may have been pruned, so it is not applied (it is dead-lettered). */
export class EventBeyondInboxRetentionError extends Error {
  constructor(eventId: string, recordedAt: string) {
    super(`event ${eventId} was recorded at ${recordedAt}, before the inbox's retention: it may have been applied already and is not applied again`);
    this.name = 'EventBeyondInboxRetentionError';
  }
}

/** True when an event recorded at `recordedAt` may no longer be applied at `now` (an unreadable time counts as too old: nothing proves it safe). */
export function beyondInboxRetention(recordedAt: string | undefined, now: number, retention: InboxRetention): boolean {
  const recorded = recordedAt === undefined ? Number.NaN : Date.parse(recordedAt);
  return !(recorded >= now - (retention.keepMs - retention.clockSkewMs));
}
