import { BeforeApplicationShutdown, Logger, OnModuleDestroy } from '@nestjs/common';
import { describeError } from '@palembang/platform';
import { outsideRequestTransaction } from '@palembang/events';

export interface BatchedInsertSettings {
  /** The logger context, e.g. GatewayAudit. */
  loggerName: string;
  /** What the rows are, in log lines: "audit rows", "login failures". */
  rowsName: string;
  flushIntervalMs: number;
  batchSize: number;
  maxPending: number;
}

/**
 * Rows written off the request path: queued in memory and inserted in batches
 * by a timer. A failed insert is logged and its rows are kept for the next
 * attempt (up to a bound, then the oldest are dropped and counted in the log);
 * it never fails the call it records. Rows still queued are written when the
 * gateway shuts down; a crash loses at most the last interval.
 */
export abstract class BatchedInsert<T> implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private pending: T[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  protected constructor(private readonly settings: BatchedInsertSettings) {
    this.logger = new Logger(settings.loggerName);
    this.timer = setInterval(() => void this.flush(), settings.flushIntervalMs);
    this.timer.unref();
  }

  record(row: T): void {
    this.pending.push(row);
    if (this.pending.length > this.settings.maxPending) {
      const dropped = this.pending.length - this.settings.maxPending;
      this.pending.splice(0, dropped);
      this.logger.error(`${this.settings.rowsName} queue full: dropped the ${dropped} oldest`);
    }
  }

  /** Writes what is queued; concurrent calls share one run. */
  flush(): Promise<void> {
    this.flushing ??= this.writeAll().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
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
        this.logger.error(`${this.settings.rowsName} not written (${batch.length}, retried later): ${describeError(error)}`);
        return;
      }
    }
  }
}
