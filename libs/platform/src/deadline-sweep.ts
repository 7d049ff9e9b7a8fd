import { Logger } from '@nestjs/common';
import { ConcurrencyError } from '@palembang/events/core';
import { Clock } from '@palembang/working-days';
import { describeError } from './logging';

export type DeadlineSweepOptions = Readonly<{
  /** For the log. */
  name: string;
  clock: Clock;
  /** 0 or less: no timer, only checkNow() (tests drive it). */
  intervalMs: number;
  /** The ids of the records whose deadline has passed at `now`, from a read model. */
  due: (now: string) => Promise<readonly string[]>;
  /** Sends the record its deadline check; the decider emits what is due exactly once. */
  check: (id: string, now: string) => Promise<void>;
}>;

/**
 * Every interval, sends a deadline check to each record whose deadline has
 * passed. Any number of instances may run: the decider emits a deadline event
 * only once, and two sweeps racing on one record collide on its stream version,
 * so one appends and the other's attempt is dropped.
 */
export class DeadlineSweep {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(private readonly options: DeadlineSweepOptions) {
    this.logger = new Logger(options.name);
  }

  start(): void {
    if (this.options.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.checkNow().catch((error: unknown) => this.logger.warn(`deadline check failed: ${describeError(error)}`)), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; returns how many records were checked. */
  checkNow(): Promise<number> {
    this.running ??= this.checkAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async checkAll(): Promise<number> {
    const now = this.options.clock();
    const due = await this.options.due(now);
    for (const id of due) {
      try {
        await this.options.check(id, now);
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error; // another instance got there first
      }
    }
    return due.length;
  }
}
