import { EventContracts, EventEnvelope } from '@palembang/events/core';
import { DataSource, EntityManager } from 'typeorm';
import { IncomingMessage, MessagePublisher, MessageSubscription, OutgoingMessage, PartitionBatch, PartitionLag } from '../kafka/messages';
import { isDatabaseUnavailable } from '../database-unavailable';
import { decodeEnvelope, UndecodableMessageError } from '../outbox/envelope-codec';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import { beyondInboxRetention, DEFAULT_INBOX_RETENTION, EventBeyondInboxRetentionError, INBOX_PRUNE_BATCH, InboxRetention } from './inbox-retention';

export { DEFAULT_INBOX_RETENTION, EventBeyondInboxRetentionError, INBOX_PRUNE_BATCH, TOPIC_RETENTION_MS } from './inbox-retention';
export type { InboxRetention } from './inbox-retention';

export type EventHandlerContext = Readonly<{ manager: EntityManager; message: IncomingMessage }>;

/** Applies one event inside the consumer's database transaction (use `manager` for every write). */
export type EventHandler = (event: EventEnvelope, context: EventHandlerContext) => Promise<void>;

/** An event of a batch with the message it came in. */
export type ConsumedEvent = Readonly<{ event: EventEnvelope; message: IncomingMessage }>;

export type EventBatchContext = Readonly<{ manager: EntityManager }>;

/**
 * Applies the events of one partition batch that the inbox has not seen, in partition order
 * (so per stream in version order), inside the consumer's one database transaction: write
 * them set-based (one multi-row INSERT or upsert per table) through `manager`. If it throws,
 * nothing of the batch commits and the consumer hands the events over again one at a time,
 * so it must also take a batch of one.
 */
export type EventBatchHandler = (events: readonly ConsumedEvent[], context: EventBatchContext) => Promise<void>;

/** Exactly one of the two: `handleBatch` when the handler can write a batch at once, `handle` when it works event by event. */
export type EventHandling = { handle: EventHandler; handleBatch?: never } | { handleBatch: EventBatchHandler; handle?: never };

export type EventConsumerOptions = EventConsumerSettings & EventHandling;

export interface EventConsumerSettings {
  /** Names the consumer in the inbox; also a good consumer-group id. */
  name: string;
  dataSource: DataSource;
  subscription: MessageSubscription;
  /** Receives messages that failed every attempt, on `deadLetterTopicOf(topic)`. */
  deadLetters: MessagePublisher;
  maxAttempts?: number;
  retryBackoffMs?: number;
  /** Wait between attempts while the database is unreachable (default 1 s); such attempts never count towards dead-lettering. */
  databaseRetryMs?: number;
  /** Unseals personal data for handlers that need it; without it they see sealed values. */
  vault?: PersonalDataVault;
  contracts?: EventContracts;
  onDeadLetter?: (message: IncomingMessage, error: unknown) => void;
  /** Counts what happens to messages (a metrics hook); called after the outcome is committed. */
  observer?: EventConsumerObserver;
  /**
   * Longest wait between attempts to join or rejoin (default 4 s; the first retry comes after
   * 500 ms, then doubling). Short, so that a consumer is back within 10 s of Kafka returning,
   * however long it was away; an attempt is cheap and only the first failure is logged.
   */
  maxStartBackoffMs?: number;
  /** How long inbox rows are kept and how old an event may be to be applied; see InboxRetention. */
  inboxRetention?: InboxRetention;
  /** The consumer's clock for the inbox-retention guard and pruning (tests move it). */
  now?: () => number;
}

/**
 * Where the consumer stands: `joining` until it first consumes (also while it retries at
 * start-up, Kafka or a topic not there yet), `consuming`, `reconnecting` after it lost a
 * membership it had, `stopped` once stop() was called.
 */
export type ConsumerState = 'joining' | 'consuming' | 'reconnecting' | 'stopped';

export type ConsumerStatus = Readonly<{ name: string; state: ConsumerState; since: Date }>;

export interface EventConsumerObserver {
  /** Events whose handler ran and committed (redeliveries the inbox skips are not counted). */
  processed(count: number): void;
  /** One failed attempt at a message (it is retried, then dead-lettered). */
  failed(): void;
  deadLettered(): void;
  /** Joining failed (Kafka unreachable, a topic not created yet); the consumer tries again after `retryInMs`. */
  startFailed?(error: unknown, retryInMs: number): void;
  /** The running consumer failed (a rejoin, a fetch); the consumer rejoins with backoff, so `restarting` is true unless it is stopping. */
  crashed?(error: unknown, restarting: boolean): void;
  /**
   * Once per outage, not per attempt: the consumer could not join at start-up (`state`
   * 'joining') or lost its membership (`state` 'reconnecting') and now retries quietly.
   */
  lost?(error: unknown, state: 'joining' | 'reconnecting'): void;
  /** Consuming again after `downForMs` of failed attempts (only after lost()). */
  resumed?(downForMs: number): void;
}

let defaultObserverOf: ((consumer: string) => EventConsumerObserver) | undefined;

/**
 * Gives every consumer created from now on without an observer of its own
 * the one this returns for its name: the process's metrics, set once at
 * start-up, so that no service wires them consumer by consumer.
 */
export function observeEventConsumers(observerOf: ((consumer: string) => EventConsumerObserver) | undefined): void {
  defaultObserverOf = observerOf;
}

export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlt`;
}

/** The headers a dead-lettered message carries besides its own (documented in the AsyncAPI document's dead-letter channels). */
export const DEAD_LETTER_HEADERS = {
  consumer: 'dlt-consumer',
  error: 'dlt-error',
  originalTopic: 'dlt-original-topic',
  originalPartition: 'dlt-original-partition',
  originalOffset: 'dlt-original-offset',
} as const;

/** A message as a consumer moves it to its topic's dead-letter topic: its key, its value as UTF-8 text (a missing one empty), its headers and where it failed. */
export function deadLetterOf(message: IncomingMessage, consumer: string, error: unknown): OutgoingMessage {
  return {
    topic: deadLetterTopicOf(message.topic),
    key: message.key ?? '',
    value: message.value?.toString('utf8') ?? '',
    headers: {
      ...message.headers,
      [DEAD_LETTER_HEADERS.consumer]: consumer,
      [DEAD_LETTER_HEADERS.error]: describeError(error),
      [DEAD_LETTER_HEADERS.originalTopic]: message.topic,
      [DEAD_LETTER_HEADERS.originalPartition]: String(message.partition),
      [DEAD_LETTER_HEADERS.originalOffset]: message.offset,
    },
  };
}

type Decoded = { message: IncomingMessage; envelope: EventEnvelope };

const STOP_WAITS_FOR_JOIN_MS = 5_000;
const FIRST_RETRY_MS = 500;
/** Between attempts while the database is unreachable. */
const DATABASE_RETRY_MS = 1_000;

/** A wait that never keeps the process alive by itself. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Runs a handler for each event exactly once in effect: the inbox row
 * (consumer, event id) and the handler's writes commit in one transaction, and
 * the Kafka offset is committed only after it. A whole partition batch shares
 * one transaction; if anything in it fails, the batch is replayed message by
 * message, each with bounded retries and then the dead-letter topic, so a
 * poison message never blocks its partition. An unreachable database is waited
 * out instead: it says nothing about the message.
 */
export class EventConsumer {
  private readonly maxAttempts: number;
  private readonly contracts: EventContracts;
  private readonly observer?: EventConsumerObserver;
  private readonly retention: InboxRetention;
  private readonly now: () => number;
  private readonly handleBatch: EventBatchHandler;
  private stopping = false;
  private wakeStart?: () => void;
  private attempt?: Promise<void>;
  private joining?: Promise<void>;
  private failuresInRow = 0;
  /** A crash came while an attempt was in flight (kafkajs reports a failed join as a crash, not a rejection). */
  private rejoin = false;
  private downSince?: number;
  private state: ConsumerState = 'joining';
  private stateSince = new Date();

  constructor(private readonly options: EventConsumerOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.contracts = options.contracts ?? new EventContracts();
    this.observer = options.observer ?? defaultObserverOf?.(options.name);
    this.retention = options.inboxRetention ?? DEFAULT_INBOX_RETENTION;
    this.now = options.now ?? Date.now;
    this.handleBatch = options.handleBatch ?? oneByOne(options.handle);
  }

  get name(): string {
    return this.options.name;
  }

  /** For readiness: whether it consumes, and since when. */
  status(): ConsumerStatus {
    return { name: this.options.name, state: this.state, since: this.stateSince };
  }

  /** The consumer group's lag per partition, when the subscription can tell. */
  lag(): Promise<{ group: string; partitions: PartitionLag[] }> | undefined {
    return this.options.subscription.lag?.();
  }

  /**
   * Joins the group and starts consuming; resolves once consuming, or when
   * stopped first. A failed join (Kafka not reachable yet, a topic its
   * producer has not created yet) is reported to the observer and tried
   * again with backoff, never given up: a service may well start before
   * Kafka or its topics, and a consumer that silently stayed away would stop
   * its read model without anyone noticing. A membership that crashes later
   * (the broker gone) is rejoined the same way.
   */
  start(): Promise<void> {
    this.joining ??= this.keepJoining().finally(() => (this.joining = undefined));
    return this.joining;
  }

  /** Finishes the batch in hand, commits its offsets and leaves the group (or stops trying to join it). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.setState('stopped');
    this.wakeStart?.();
    // An attempt in flight (connecting, joining) cannot be interrupted; a join that completes
    // after the leave below would leave a member behind, so give it a bounded moment first.
    if (this.attempt) await Promise.race([this.attempt.catch(() => undefined), pause(STOP_WAITS_FOR_JOIN_MS)]);
    await this.options.subscription.stop();
  }

  private async keepJoining(): Promise<void> {
    while (!this.stopping) {
      if (this.failuresInRow > 0) await this.backOff();
      if (this.stopping) return;
      try {
        this.rejoin = false;
        this.attempt = this.options.subscription.start((batch) => this.consumeBatch(batch), {
          joined: () => this.joined(),
          crashed: (error) => this.crashed(error),
        });
        await this.attempt;
        if (this.rejoin && !this.stopping) continue;
        // stop() came while this attempt was joining: leave again.
        if (this.stopping) await this.options.subscription.stop();
        return;
      } catch (error) {
        if (this.stopping) return;
        this.failed(error);
        this.observer?.startFailed?.(error, this.backoffMs());
      }
    }
  }

  private backOff(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.backoffMs());
      this.wakeStart = () => (clearTimeout(timer), resolve());
    }).finally(() => (this.wakeStart = undefined));
  }

  private backoffMs(): number {
    return Math.min(this.options.maxStartBackoffMs ?? 4_000, FIRST_RETRY_MS * 2 ** Math.min(Math.max(this.failuresInRow - 1, 0), 10));
  }

  private joined(): void {
    this.failuresInRow = 0;
    if (this.stopping) return;
    this.setState('consuming');
    if (this.downSince === undefined) return;
    const downForMs = Date.now() - this.downSince;
    this.downSince = undefined;
    this.observer?.resumed?.(downForMs);
  }

  /** The membership crashed and has left: rejoin with backoff (kafkajs does not restart it). */
  private crashed(error: unknown): void {
    this.observer?.crashed?.(error, !this.stopping);
    if (this.stopping) return;
    this.failed(error);
    this.rejoin = true;
    void this.start();
  }

  private failed(error: unknown): void {
    this.failuresInRow++;
    if (this.state === 'consuming') this.setState('reconnecting');
    if (this.downSince !== undefined) return;
    this.downSince = Date.now();
    this.observer?.lost?.(error, this.state === 'reconnecting' ? 'reconnecting' : 'joining');
  }

  private setState(state: ConsumerState): void {
    if (this.state === state || this.state === 'stopped') return;
    this.state = state;
    this.stateSince = new Date();
  }

  private async consumeBatch(batch: PartitionBatch): Promise<void> {
    if (batch.messages.length === 0) return;
    if (await this.applyWholeBatch(batch.messages)) {
      await batch.commit(batch.messages[batch.messages.length - 1].offset);
      return;
    }
    for (const message of batch.messages) {
      if (!batch.isActive()) return;
      await this.applyWithRetries(message, batch);
      await batch.commit(message.offset);
    }
  }

  /** The fast path: one transaction for the batch. False when any message failed. */
  private async applyWholeBatch(messages: readonly IncomingMessage[]): Promise<boolean> {
    try {
      const decoded = messages.map((message) => ({ message, envelope: decodeEnvelope(message.value) }));
      const handled = await this.options.dataSource.transaction((manager) => this.apply(manager, decoded));
      this.observer?.processed(handled);
      return true;
    } catch {
      return false;
    }
  }

  private async applyWithRetries(message: IncomingMessage, batch: PartitionBatch): Promise<void> {
    let failures = 0;
    for (;;) {
      try {
        const envelope = decodeEnvelope(message.value);
        const handled = await this.options.dataSource.transaction((manager) => this.apply(manager, [{ message, envelope }]));
        this.observer?.processed(handled);
        return;
      } catch (error) {
        this.observer?.failed();
        if (isDatabaseUnavailable(error)) {
          await this.waitForDatabase(error, batch);
          continue;
        }
        failures++;
        if (error instanceof UndecodableMessageError || error instanceof EventBeyondInboxRetentionError || failures >= this.maxAttempts) {
          await this.deadLetter(message, error);
          return;
        }
        await sleep((this.options.retryBackoffMs ?? 200) * 2 ** (failures - 1));
        await batch.heartbeat();
      }
    }
  }

  /**
   * An unreachable database is no fault of the message: it is never dead-lettered for it (an outage would
   * otherwise park live events in the dead-letter topic). The partition waits, heartbeating, until the
   * database answers; on stop or a lost partition the batch is abandoned uncommitted, to be redelivered.
   */
  private async waitForDatabase(error: unknown, batch: PartitionBatch): Promise<void> {
    if (this.stopping || !batch.isActive()) throw error;
    await sleep(this.options.databaseRetryMs ?? DATABASE_RETRY_MS);
    await batch.heartbeat();
  }

  /**
   * Claims the events in the inbox (one statement for the batch) and hands those not seen before,
   * in message order, to the handler; returns how many it handled.
   */
  private async apply(manager: EntityManager, decoded: readonly Decoded[]): Promise<number> {
    const rows: Array<{ event_id: string }> = await manager.query(
      `INSERT INTO es_inbox (consumer, event_id) SELECT $1, unnest($2::uuid[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.options.name, decoded.map((item) => item.envelope.eventId)],
    );
    const unseen = new Set(rows.map((row) => row.event_id));
    // Read after the insert: a prune that removed a row this insert then missed has committed by now.
    const now = this.now();
    const fresh: ConsumedEvent[] = [];
    for (const { message, envelope } of decoded) {
      if (!unseen.delete(envelope.eventId)) continue;
      const recordedAt = envelope.recordedAt ?? envelope.occurredAt;
      if (beyondInboxRetention(recordedAt, now, this.retention)) throw new EventBeyondInboxRetentionError(envelope.eventId, recordedAt);
      fresh.push({ event: await this.prepare(manager, envelope), message });
    }
    if (fresh.length > 0) await this.handleBatch(fresh, { manager });
    return fresh.length;
  }

  /**
   * Deletes this consumer's inbox rows older than the retention, in small batches;
   * returns how many. Safe at any time, from any replica (see InboxRetention).
   */
  async pruneInbox(batchSize = INBOX_PRUNE_BATCH): Promise<number> {
    const cut = new Date(this.now() - this.retention.keepMs);
    let pruned = 0;
    for (;;) {
      const [{ count }]: Array<{ count: number }> = await this.options.dataSource.query(
        `WITH pruned AS (
           DELETE FROM es_inbox WHERE ctid IN (
             SELECT ctid FROM es_inbox WHERE consumer = $1 AND processed_at < $2 LIMIT $3)
           RETURNING 1)
         SELECT count(*)::int AS count FROM pruned`,
        [this.options.name, cut, batchSize],
      );
      pruned += count;
      if (count < batchSize) return pruned;
    }
  }

  private async prepare(manager: EntityManager, envelope: EventEnvelope): Promise<EventEnvelope> {
    const data = this.options.vault ? await this.options.vault.unseal(manager, envelope.data) : envelope.data;
    const upcast = this.contracts.upcast(envelope.type, envelope.schemaVersion, data as Record<string, unknown>);
    return { ...envelope, schemaVersion: upcast.schemaVersion, data: upcast.data };
  }

  private async deadLetter(message: IncomingMessage, error: unknown): Promise<void> {
    await this.options.deadLetters.publish([deadLetterOf(message, this.options.name, error)]);
    await this.recordDeadLettered(message);
    this.observer?.deadLettered();
    this.options.onDeadLetter?.(message, error);
  }

  /** Remembers the dead-lettered event so that a redelivery does not run it again. */
  private async recordDeadLettered(message: IncomingMessage): Promise<void> {
    let eventId: string;
    try {
      eventId = decodeEnvelope(message.value).eventId;
    } catch {
      return;
    }
    await this.options.dataSource.query(
      `INSERT INTO es_inbox (consumer, event_id, outcome) VALUES ($1, $2, 'dead-lettered') ON CONFLICT DO NOTHING`,
      [this.options.name, eventId],
    );
  }
}

/** A per-event handler run over a batch, each event in turn, in the batch's one transaction. */
function oneByOne(handle: EventHandler): EventBatchHandler {
  return async (events, { manager }) => {
    for (const { event, message } of events) await handle(event, { manager, message });
  };
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 1000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
