import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConcurrencyError } from '@palembang/events/core';
import { Clock } from '@palembang/working-days';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { applicationsPastDeadline } from './permit-applications-view';
import { PermitApplicationsService } from './permit-applications.service';

export const PERMITS_CLOCK = Symbol('PERMITS_CLOCK');
export const DEADLINE_CHECK_INTERVAL_MS = Symbol('DEADLINE_CHECK_INTERVAL_MS');

/**
 * Sends CheckDeadline to every application whose SLA deadline has passed.
 * Any number of instances may run: the decider emits a deadline event only
 * once per clock, and two watchers racing on one application collide on its
 * stream version, so one appends and the other's attempt is dropped.
 */
@Injectable()
export class DeadlineWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineWatcher.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(PermitApplicationsService) private readonly applications: PermitApplicationsService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PERMITS_CLOCK) private readonly clock: Clock,
    @Inject(DEADLINE_CHECK_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.checkNow().catch((error: unknown) => this.logger.warn(`deadline check failed: ${String(error)}`)), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; returns how many applications were checked. */
  checkNow(): Promise<number> {
    this.running ??= this.checkAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async checkAll(): Promise<number> {
    const now = this.clock();
    const due = await applicationsPastDeadline(this.dataSource.manager, now);
    for (const applicationId of due) {
      try {
        await this.applications.execute(
          { type: 'CheckDeadline', data: { applicationId }, metadata: { now, agencyId: 'system', actor: 'deadline-watcher', correlationId: randomUUID() } },
          { actor: 'deadline-watcher', agencyId: 'system', correlationId: randomUUID() },
        );
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error; // another watcher got there first
      }
    }
    return due.length;
  }
}
