import { BeforeApplicationShutdown, Logger, OnModuleDestroy } from '@nestjs/common';
import { describeError } from '@palembang/platform';
import { outsideRequestTransaction } from '@palembang/events';

export interface BatchedInsertSettings<T> {
  /** The logger context, e.g. GatewayAudit. */
  loggerName: string;
  /** What the rows are, in log lines: "audit rows", "login failures". */
  rowsName: string;
  flushIntervalMs: number;
  /** Rows per INSERT; a flush starts at once when this many are queued, without waiting for the timer. */
  batchSize: number;
  /** The bound on queued rows (see `overflow`). */
  maxPending: number;
  /**
   * What happens past `maxPending`: `drop-oldest` drops the oldest rows (and
   * logs how many); `refuse-new-work` keeps every row and the caller stops
   * taking work while `hasRoom()` is false (the call audit answers 503), so
   * the queue exceeds the bound by at most the work already admitted.
   */
  overflow: 'drop-oldest' | 'refuse-new-work';
  /** How long the shutdown keeps retrying a database that refuses the rows (within the process's shutdown deadline). */
  shutdownRetryMs: number;
  /** What to log of each row still unwritten when the shutdown gives up; undefined: only their number. */
  describeUnwritten?: (row: T) => unknown;
}

const SHUTDOWN_RETRY_PAUSE_MS = 500;

/**
 * Rows written off the request path: queued in memory and inserted in batches,
 * by a timer or as soon as a batch is full. A failed insert is logged and its
 * rows are kept for the next attempt; it never fails the call it records.
 * When the gateway shuts down (after the HTTP server has finished every call
 * in flight), the queue is written, retrying while the database refuses for up
 * to `shutdownRetryMs`; rows still unwritten then go to the log, never silently
 * away. A crash (SIGKILL) loses every row still queued: with the database
 * answering, those of the last interval; while it is slow or down, the whole
 * queue, up to `maxPending` rows (the bound is also the most a crash can lose).
 */
export abstract class BatchedInsert<T> implements OnModuleDestroy, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  private pending: T[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  protected constructor(private readonly settings: BatchedInsertSettings<T>) {
    this.logger = new Logger(settings.loggerName);
    this.timer = setInterval(() => void this.flush(), settings.flushIntervalMs);
    this.timer.unref();
  }

  /** How many rows wait to be written. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** False once `maxPending` rows wait: the database is not taking them. */
  hasRoom(): boolean {
    return this.pending.length < this.settings.maxPending;
  }

  record(row: T): void {
    this.pending.push(row);
    if (this.settings.overflow === 'drop-oldest' && this.pending.length > this.settings.maxPending) {
      const dropped = this.pending.length - this.settings.maxPending;
      this.pending.splice(0, dropped);
      this.logger.error(`${this.settings.rowsName} queue full: dropped the ${dropped} oldest`);
    }
    if (this.pending.length === this.settings.batchSize) void this.flush();
  }

  /** Writes what is queued; concurrent calls share one run. Resolves once done or once an insert failed (the rows stay queued). */
  flush(): Promise<void> {
    this.flushing ??= this.writeAll().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const giveUpAt = Date.now() + this.settings.shutdownRetryMs;
    await this.flush();
    while (this.pending.length > 0 && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, SHUTDOWN_RETRY_PAUSE_MS));
      await this.flush();
    }
    if (this.pending.length > 0) this.logUnwritten();
  }

  /** Inserts one batch in one statement (all or none). */
  protected abstract insert(batch: T[]): Promise<void>;

  private async writeAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, this.settings.batchSize);
      try {
        // Its own commit, whatever the request that happened to trigger the flush does (see runInRequestTransaction).
        await outsideRequestTransaction(() => this.insert(batch));
        this.pending.splice(0, batch.length);
      } catch (error) {
        this.logger.error(`${this.settings.rowsName} not written (${batch.length} of ${this.pending.length} queued, retried later): ${describeError(error)}`);
        return;
      }
    }
  }

  /** The last resort at shutdown: the rows go to the log, from which an operator can restore them. */
  private logUnwritten(): void {
    const describe = this.settings.describeUnwritten;
    this.logger.error(`${this.pending.length} ${this.settings.rowsName} could not be written before shutdown${describe ? '; each follows as a log line' : ''}`);
    if (describe) for (const row of this.pending) this.logger.error(`unwritten ${this.settings.rowsName}: ${JSON.stringify(describe(row))}`);
  }
}
