import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DeadlineSweep } from '@palembang/platform';
import { Clock } from '@palembang/working-days';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { applicationsPastDeadline } from './permit-applications-view';
import { PermitApplicationsService } from './permit-applications.service';

export const PERMITS_CLOCK = Symbol('PERMITS_CLOCK');
export const DEADLINE_CHECK_INTERVAL_MS = Symbol('DEADLINE_CHECK_INTERVAL_MS');

/** Sends CheckDeadline to every application whose SLA deadline has passed (deemed approval or SLA breach, once each). */
@Injectable()
export class DeadlineWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly sweep: DeadlineSweep;

  constructor(
    @Inject(PermitApplicationsService) applications: PermitApplicationsService,
    @Inject(DataSource) dataSource: DataSource,
    @Inject(PERMITS_CLOCK) clock: Clock,
    @Inject(DEADLINE_CHECK_INTERVAL_MS) intervalMs: number,
  ) {
    this.sweep = new DeadlineSweep({
      name: DeadlineWatcher.name,
      clock,
      intervalMs,
      due: (now) => applicationsPastDeadline(dataSource.manager, now),
      check: async (applicationId, now) => {
        const context = { actor: 'deadline-watcher', agencyId: 'system', correlationId: randomUUID() };
        await applications.execute({ type: 'CheckDeadline', data: { applicationId }, metadata: { now, ...context } }, context);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.sweep.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.sweep.stop();
  }

  /** One pass; returns how many applications were checked. */
  checkNow(): Promise<number> {
    return this.sweep.checkNow();
  }
}
