import { DataSource, QueryRunner } from 'typeorm';
import { MessagePublisher, MessagesTooLargeError, OutgoingMessage } from '../kafka/messages';
import { PublishedLog, RELAY_POSITION_HEADER } from '../kafka/published-log';
import { envelopeOf, STORED_EVENT_COLUMNS, StoredEventRow } from '../postgres/stored-event';
import { EVENT_HEADERS, encodeEnvelope } from './envelope-codec';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  publisher: MessagePublisher;
  /** Outbox rows read (and removed) at a time. */
  batchSize?: number;
  /**
   * Bytes (uncompressed, key and headers included) sent to Kafka in one produce request; a
   * batch larger than this goes in several. It bounds every partition's record batch below the
   * broker's message.max.bytes (1 MB by default), which refuses a larger one.
   */
  maxRequestBytes?: number;
  /** Longest wait for new rows when no notification arrives. */
  idleWaitMs?: number;
  /**
   * After a partial batch, wait this long before reading again even when
   * notified, so that a steady trickle of appends is sent in batches rather
   * than one Kafka request per commit. Bounds the added delivery delay.
   */
  lingerMs?: number;
  /** Backoff after a failed publish: doubles from initial to max. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Advisory lock that elects the single active relay of this database. */
  leaderLockKey?: number;
  /**
   * Kafka as the relay wrote it: after a crash or a publish of unknown outcome, the
   * rows Kafka already holds are removed from the outbox without publishing them again.
   * Without it delivery is at-least-once.
   */
  publishedLog?: PublishedLog;
  /** Called after Kafka acknowledged a batch and before it is removed from the outbox. */
  afterPublish?: (published: number) => Promise<void>;
  /** Called once a published batch has left the outbox (a metrics hook). */
  onRelayed?: (relayed: number) => void;
  onError?: (error: unknown) => void;
  /**
   * An event Kafka refused on its own as too large: it is left out of Kafka (it stays in the
   * event store) so that the events after it are not held up forever; onError also receives an
   * EventTooLargeError. Wire it to an alert: the event's consumers never see it.
   */
  onTooLarge?: (event: TooLargeEvent) => void;
}

export type TooLargeEvent = Readonly<{ eventId: string; type: string; bytes: number }>;

/** An event the broker refuses on its own (larger than its maximum message size); names no data of the event. */
export class EventTooLargeError extends Error {
  readonly code = 'EVENT_TOO_LARGE';

  constructor(readonly event: TooLargeEvent) {
    super(`Kafka refused event ${event.eventId} (${event.type}, ${event.bytes} bytes) as too large; it was left out of Kafka and stays in the event store`);
    this.name = 'EventTooLargeError';
  }
}

export interface StopOptions {
  /**
   * Before resigning, publish what is still in the outbox for up to this long
   * (graceful shutdown: the HTTP server has stopped, so nothing new arrives).
   * Whatever is left stays for the next leader.
   */
  drainWithinMs?: number;
}

type OutboxRow = StoredEventRow & { topic: string; id: string };

const DEFAULT_LEADER_LOCK = 73_120_001;
/** Below Kafka's default message.max.bytes (1,048,588) with room for the record batch's own framing. */
const DEFAULT_MAX_REQUEST_BYTES = 900 * 1024;
/** How soon a drain looks again at rows held back by older transactions still running. */
const DRAIN_RECHECK_MS = 50;
/** A record's framing besides its key, value and headers (lengths, offsets, timestamp; at most a few dozen bytes). */
const RECORD_OVERHEAD_BYTES = 64;

/**
 * Publishes the outbox to Kafka in outbox order (so per stream in version
 * order), keyed by stream id, in batches. Only the instance holding the
 * advisory lock publishes; the others wait to take over.
 *
 * The order is the event store's gap-safe one, (transaction id, global
 * position), over transactions older than every one still running: a row
 * that becomes visible later always sorts after every row already published.
 * Each message carries that position. A relay that has just become leader, or
 * whose last publish failed (Kafka may have written it all the same), first
 * reads the last message of every partition: since a partition receives rows
 * in that order from one leader at a time, a row at or before the partition's
 * last position was published, and is removed without being sent again. So a
 * crash between publish and delete publishes nothing twice; the consumers'
 * inbox stays as the second line.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly maxRequestBytes: number;
  private readonly idleWaitMs: number;
  private running = false;
  private loop?: Promise<void>;
  private leaderConnection?: QueryRunner;
  private wake?: () => void;
  /** A notification arrived while busy: the next idle returns at once. */
  private notified = false;
  private consecutiveFailures = 0;
  /** Kafka may hold rows still in the outbox: set on becoming leader and after a failed publish. */
  private mustReconcile = true;
  /**
   * The position of the last row this leader relayed: every row still to come sorts after it
   * (see the class comment), so the next read starts there instead of joining the whole outbox
   * to the events. Forgotten on becoming leader and after a failure.
   */
  private relayedThrough?: Readonly<{ transactionId: string; globalPosition: string }>;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.idleWaitMs = options.idleWaitMs ?? 1000;
  }

  get isLeader(): boolean {
    return this.leaderConnection !== undefined;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the batch in hand, optionally drains the outbox, releases leadership and returns. */
  async stop(options: StopOptions = {}): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    if (options.drainWithinMs !== undefined) await this.drain(Date.now() + options.drainWithinMs);
    await this.resign();
  }

  /**
   * Publishes until the outbox is empty or the deadline passes; only the leader (or one that can become it) drains.
   * A read that finds nothing to publish does not end it while rows wait: they are held back only until the
   * transactions older than them (anywhere on the server) end.
   */
  private async drain(deadline: number): Promise<void> {
    try {
      if (!this.isLeader && !(await this.tryToLead())) return;
      while (Date.now() < deadline) {
        if ((await this.publishNextBatch()) > 0) continue;
        if ((await this.backlog()) === 0) return;
        await sleep(DRAIN_RECHECK_MS);
      }
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  /** Rows still waiting to be published. */
  async backlog(): Promise<number> {
    const rows: Array<{ count: string }> = await this.options.dataSource.query(`SELECT count(*)::text AS count FROM es_outbox`);
    return Number(rows[0].count);
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!this.isLeader && !(await this.tryToLead())) {
          await this.idle(this.idleWaitMs);
          continue;
        }
        const published = await this.publishNextBatch();
        this.consecutiveFailures = 0;
        if (published < this.batchSize) {
          if (published > 0) await sleep(this.options.lingerMs ?? 20);
          await this.idle(this.idleWaitMs);
        }
      } catch (error) {
        this.consecutiveFailures++;
        this.mustReconcile = true;
        this.options.onError?.(error);
        if (!(await this.leaderStillConnected())) await this.resign();
        await this.idle(this.backoffMs());
      }
    }
  }

  /** Publishes one batch; returns how many events it published. */
  async publishNextBatch(): Promise<number> {
    let rows: OutboxRow[];
    try {
      rows = await this.nextRows();
    } catch (error) {
      this.relayedThrough = undefined;
      throw error;
    }
    if (rows.length === 0) return 0;
    this.relayedThrough = undefined;
    const unpublished = this.mustReconcile ? await this.notYetPublished(rows.map(withKey)) : rows.map(withKey);
    for (const request of requestsOf(unpublished.map(toMessage), this.maxRequestBytes)) await this.publishSplittingWhenTooLarge(request);
    this.mustReconcile = false;
    await this.options.afterPublish?.(rows.length);
    await this.options.dataSource.query(`DELETE FROM es_outbox WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
    const last = rows[rows.length - 1];
    this.relayedThrough = { transactionId: last.transaction_id, globalPosition: last.global_position };
    this.options.onRelayed?.(rows.length);
    return rows.length;
  }

  /**
   * The first rows in outbox order. Without a starting point the whole outbox is joined to
   * the events and sorted (and every event of the store is read to find them); after one, the
   * events' commit-order index is read from there.
   */
  private nextRows(): Promise<OutboxRow[]> {
    const after = this.relayedThrough;
    return this.options.dataSource.query(
      `SELECT o.id::text, o.topic, ${STORED_EVENT_COLUMNS}
         FROM es_outbox o JOIN es_events e ON e.global_position = o.global_position
        WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ${after ? 'AND (e.transaction_id, e.global_position) > ($2::text::xid8, $3::bigint)' : ''}
        ORDER BY e.transaction_id, e.global_position LIMIT $1`,
      after ? [this.batchSize, after.transactionId, after.globalPosition] : [this.batchSize],
    );
  }

  /**
   * A request the broker refuses as too large (its limit is below maxRequestBytes, or one event
   * exceeds it) goes again in halves, in order, without what Kafka already took of it; an event
   * refused on its own is left out (see onTooLarge) rather than holding up every later one.
   */
  private async publishSplittingWhenTooLarge(messages: readonly RelayedMessage[]): Promise<void> {
    try {
      await this.options.publisher.publish(messages);
    } catch (error) {
      if (!(error instanceof MessagesTooLargeError)) throw error;
      const left = await this.notYetPublished(messages);
      if (left.length === 0) return;
      if (messages.length === 1) return this.leaveOut(messages[0]);
      const half = Math.ceil(left.length / 2);
      await this.publishSplittingWhenTooLarge(left.slice(0, half));
      await this.publishSplittingWhenTooLarge(left.slice(half));
    }
  }

  private leaveOut(message: RelayedMessage): void {
    const event = { eventId: message.headers[EVENT_HEADERS.eventId], type: message.headers[EVENT_HEADERS.eventType], bytes: sizeOf(message) };
    this.options.onTooLarge?.(event);
    this.options.onError?.(new EventTooLargeError(event));
  }

  /** What Kafka does not hold yet, by the relay position of the last message of each partition. */
  private async notYetPublished<T extends { topic: string; key: string; position: string }>(items: readonly T[]): Promise<T[]> {
    const log = this.options.publishedLog;
    if (!log) return [...items];
    const last = await log.lastPositions([...new Set(items.map((item) => item.topic))]);
    if (last.size === 0) return [...items];
    const unpublished: T[] = [];
    for (const item of items) {
      const published = last.get(`${item.topic}/${await log.partitionOf(item.topic, item.key)}`);
      if (published === undefined || comparePositions(item.position, published) > 0) unpublished.push(item);
    }
    return unpublished;
  }

  private async tryToLead(): Promise<boolean> {
    const connection = this.options.dataSource.createQueryRunner();
    try {
      await connection.connect();
      const rows: Array<{ locked: boolean }> = await connection.query(`SELECT pg_try_advisory_lock($1) AS locked`, [
        this.options.leaderLockKey ?? DEFAULT_LEADER_LOCK,
      ]);
      if (!rows[0].locked) {
        await connection.release();
        return false;
      }
      await connection.query('LISTEN es_outbox');
      const client = (connection as unknown as { databaseConnection: NodeJS.EventEmitter }).databaseConnection;
      client.on('notification', () => {
        this.notified = true;
        this.wake?.();
      });
      this.leaderConnection = connection;
      this.mustReconcile = true;
      this.relayedThrough = undefined;
      return true;
    } catch (error) {
      await connection.release().catch(() => undefined);
      throw error;
    }
  }

  private async leaderStillConnected(): Promise<boolean> {
    if (!this.leaderConnection) return false;
    try {
      await this.leaderConnection.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async resign(): Promise<void> {
    const connection = this.leaderConnection;
    this.leaderConnection = undefined;
    if (!connection) return;
    await connection.query('UNLISTEN *').catch(() => undefined);
    await connection
      .query(`SELECT pg_advisory_unlock($1)`, [this.options.leaderLockKey ?? DEFAULT_LEADER_LOCK])
      .catch(() => undefined);
    await connection.release().catch(() => undefined);
  }

  private backoffMs(): number {
    const initial = this.options.backoffInitialMs ?? 100;
    const max = this.options.backoffMaxMs ?? 10_000;
    return Math.min(max, initial * 2 ** Math.min(this.consecutiveFailures - 1, 20));
  }

  private idle(ms: number): Promise<void> {
    if (!this.running || this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.notified = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

/** An outgoing message with what reconciling and leaving out need, by name. */
type RelayedMessage = OutgoingMessage & { position: string; headers: Readonly<Record<string, string>> };

function withKey(row: OutboxRow): OutboxRow & { key: string; position: string } {
  return Object.assign(row, { key: row.stream_id, position: relayPositionOf(row) });
}

function toMessage(row: OutboxRow): RelayedMessage {
  const envelope = envelopeOf(row);
  return {
    position: relayPositionOf(row),
    topic: row.topic,
    key: row.stream_id,
    value: encodeEnvelope(envelope),
    headers: {
      [EVENT_HEADERS.eventId]: row.event_id,
      [EVENT_HEADERS.eventType]: row.type,
      [EVENT_HEADERS.schemaVersion]: String(row.schema_version),
      [EVENT_HEADERS.correlationId]: row.metadata.correlationId,
      [RELAY_POSITION_HEADER]: relayPositionOf(row),
    },
  };
}

/** Consecutive runs of messages, each within `maxBytes` (a message larger on its own goes alone). */
function requestsOf(messages: RelayedMessage[], maxBytes: number): RelayedMessage[][] {
  const requests: RelayedMessage[][] = [];
  let current: RelayedMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = sizeOf(message);
    if (current.length > 0 && bytes + size > maxBytes) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

function sizeOf(message: OutgoingMessage): number {
  let bytes = RECORD_OVERHEAD_BYTES + Buffer.byteLength(message.key) + Buffer.byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) bytes += Buffer.byteLength(name) + Buffer.byteLength(value);
  return bytes;
}

function relayPositionOf(row: OutboxRow): string {
  return `${row.transaction_id}:${row.global_position}`;
}

/** Orders two `<transaction id>:<global position>` positions. */
function comparePositions(a: string, b: string): number {
  const [aTransaction, aPosition] = a.split(':').map(BigInt);
  const [bTransaction, bPosition] = b.split(':').map(BigInt);
  if (aTransaction !== bTransaction) return aTransaction < bTransaction ? -1 : 1;
  return aPosition === bPosition ? 0 : aPosition < bPosition ? -1 : 1;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
