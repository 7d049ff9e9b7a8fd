import { DataSource, QueryRunner } from 'typeorm';
import { MessagePublisher, OutgoingMessage } from '../kafka/messages';
import { PublishedLog, RELAY_POSITION_HEADER } from '../kafka/published-log';
import { envelopeOf, STORED_EVENT_COLUMNS, StoredEventRow } from '../postgres/stored-event';
import { EVENT_HEADERS, encodeEnvelope } from './envelope-codec';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  publisher: MessagePublisher;
  /** Outbox rows sent to Kafka in one request. */
  batchSize?: number;
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

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
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

  /** Publishes until the outbox is empty or the deadline passes; only the leader (or one that can become it) drains. */
  private async drain(deadline: number): Promise<void> {
    try {
      if (!this.isLeader && !(await this.tryToLead())) return;
      while (Date.now() < deadline && (await this.publishNextBatch()) > 0);
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
    const rows: OutboxRow[] = await this.options.dataSource.query(
      `SELECT o.id::text, o.topic, ${STORED_EVENT_COLUMNS}
         FROM es_outbox o JOIN es_events e ON e.global_position = o.global_position
        WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY e.transaction_id, e.global_position LIMIT $1`,
      [this.batchSize],
    );
    if (rows.length === 0) return 0;
    const unpublished = this.mustReconcile ? await this.notYetPublished(rows) : rows;
    if (unpublished.length > 0) await this.options.publisher.publish(unpublished.map(toMessage));
    this.mustReconcile = false;
    await this.options.afterPublish?.(rows.length);
    await this.options.dataSource.query(`DELETE FROM es_outbox WHERE id = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
    this.options.onRelayed?.(rows.length);
    return rows.length;
  }

  /** The rows Kafka does not hold yet, by the outbox id of the last message of their partition. */
  private async notYetPublished(rows: OutboxRow[]): Promise<OutboxRow[]> {
    const log = this.options.publishedLog;
    if (!log) return rows;
    const last = await log.lastPositions([...new Set(rows.map((row) => row.topic))]);
    if (last.size === 0) return rows;
    const unpublished: OutboxRow[] = [];
    for (const row of rows) {
      const published = last.get(`${row.topic}/${await log.partitionOf(row.topic, row.stream_id)}`);
      if (published === undefined || comparePositions(relayPositionOf(row), published) > 0) unpublished.push(row);
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

function toMessage(row: OutboxRow): OutgoingMessage {
  const envelope = envelopeOf(row);
  return {
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
