import { decodeEnvelope, EventEnvelope, IncomingMessage, isDatabaseUnavailable, KafkaSubscription, PartitionBatch } from '@palembang/events';
import { describeError } from '@palembang/platform';
import { EntityManager } from 'typeorm';
import { BulkProjection } from '../projection/bulk-projection';

export type ReplayReaderOptions = Readonly<{
  subscription: KafkaSubscription;
  projection: BulkProjection;
  /** Reads what earlier flushes wrote (the bulk projection's lookups). */
  manager: EntityManager;
  /** After each batch is folded: starts a flush when enough is held. */
  afterBatch: () => Promise<void>;
  log: (message: string) => void;
}>;

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 4_000;

/**
 * Reads the projected topics from offset 0 on a consumer group of its own into the bulk
 * projection, without an inbox: a rebuild is never resumed, and its facts are idempotent by
 * stream version, so a redelivered message (after a rejoin) changes nothing. The group's offsets
 * are committed after each batch is folded, so its lag says what is not folded yet (caughtUp).
 * A message that cannot be decoded or folded is skipped (the live projection dead-lettered it
 * too); an unreachable database fails the replay, as everything held would be lost.
 */
export class ReplayReader {
  private stopped = false;
  /** Ends the wait for a crash when the reader is stopped. */
  private wakeOnStop: () => void = () => undefined;
  private failure: unknown;
  private messages = 0;
  private lagUnknown = false;
  /** Offset commits sent and not answered yet. */
  private readonly commits = new Set<Promise<void>>();
  /** By partition: whether its last batch folded reached the end of its log as fetched then. */
  private readonly atEnd = new Map<string, boolean>();
  /** Ends the wait of waitForProgress. */
  private progressed: () => void = () => undefined;

  constructor(private readonly options: ReplayReaderOptions) {}

  /** Messages read so far. */
  get read(): number {
    return this.messages;
  }

  /** Joins (again after a crash, with backoff) until stopped. */
  async start(): Promise<void> {
    for (let retryMs = FIRST_RETRY_MS; !this.stopped; retryMs = Math.min(retryMs * 2, MAX_RETRY_MS)) {
      const crashed = new Promise<unknown>((resolve) => {
        this.wakeOnStop = () => resolve(undefined);
        this.options.subscription.start((batch) => this.consume(batch), { joined: () => (retryMs = FIRST_RETRY_MS), crashed: (error) => resolve(error) }).catch(resolve);
      });
      const error = await crashed;
      if (this.stopped) return;
      this.options.log(`the replay consumer failed (${describeError(error)}), joining again in ${retryMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, retryMs).unref());
    }
  }

  /** True when every message up to the end of each topic's log was folded (the group's lag is 0). */
  async caughtUp(): Promise<boolean> {
    await Promise.all(this.commits);
    this.throwIfFailed();
    try {
      const { partitions } = await this.options.subscription.lag();
      this.lagUnknown = false;
      return partitions.every((partition) => partition.lag === 0);
    } catch (error) {
      // A group's coordinator moves (NOT_COORDINATOR_FOR_GROUP after a broker's start), a broker is away: ask again later.
      if (!this.lagUnknown) this.options.log(`could not read the replay's lag (${describeError(error)}); asking again`);
      this.lagUnknown = true;
      return false;
    }
  }

  /**
   * Resolves after `ms`, or sooner once every partition read so far has been folded up to the end
   * of its log as last fetched: caughtUp may hold then, and asking at once saves the switch a wait.
   */
  waitForProgress(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.progressed(), ms);
      this.progressed = () => {
        clearTimeout(timer);
        this.progressed = () => undefined;
        resolve();
      };
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeOnStop();
    await this.options.subscription.stop();
  }

  throwIfFailed(): void {
    if (this.failure !== undefined) throw new Error(`the replay failed (${describeError(this.failure)}); the live tables are unchanged`);
  }

  private async consume(batch: PartitionBatch): Promise<void> {
    if (batch.messages.length === 0 || this.failure !== undefined) return;
    try {
      await this.fold(this.decoded(batch.messages));
      this.messages += batch.messages.length;
      // Folded is what caughtUp asks about: committed before a flush is waited for.
      this.commit(batch);
      await this.options.afterBatch();
    } catch (error) {
      this.fail(error);
    }
  }

  private decoded(messages: readonly IncomingMessage[]): EventEnvelope[] {
    const events: EventEnvelope[] = [];
    for (const message of messages) {
      try {
        events.push(decodeEnvelope(message.value));
      } catch (error) {
        this.options.log(`skipped ${message.topic}/${message.partition}@${message.offset}: ${describeError(error)}`);
      }
    }
    return events;
  }

  /** Not awaited: the next fetch need not wait for the commit's round trip; caughtUp waits for the commits sent. */
  private commit(batch: PartitionBatch): void {
    const last = batch.messages[batch.messages.length - 1].offset;
    const commit = batch.commit(last).catch((error: unknown) => this.fail(error));
    this.commits.add(commit);
    void commit.finally(() => this.commits.delete(commit));
    this.atEnd.set(`${batch.topic}/${batch.partition}`, BigInt(last) + 1n >= BigInt(batch.endOffset));
    if ([...this.atEnd.values()].every(Boolean)) this.progressed();
  }

  private fail(error: unknown): void {
    if (this.failure === undefined) this.options.log(`the replay failed: ${describeError(error)}`);
    this.failure ??= error;
  }

  /** The batch at once; if that fails, one event at a time, skipping those that fail (their stream versions are claimed). */
  private async fold(events: readonly EventEnvelope[]): Promise<void> {
    try {
      await this.options.projection.add(events, this.options.manager);
      return;
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
    }
    for (const event of events) {
      try {
        await this.options.projection.add([event], this.options.manager);
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw error;
        this.options.log(`skipped event ${event.eventId} (${event.type}): ${describeError(error)}`);
      }
    }
  }
}
