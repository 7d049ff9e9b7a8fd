import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { COMPLAINTS_DESK_AGENCY } from '@palembang/complaints-domain';
import { DeadlineSweep } from '@palembang/platform';
import { Clock } from '@palembang/working-days';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { complaintsToCheck } from './complaints-view';
import { ComplaintsService } from './complaints.service';

export const COMPLAINTS_CLOCK = Symbol('COMPLAINTS_CLOCK');
export const DEADLINE_CHECK_INTERVAL_MS = Symbol('DEADLINE_CHECK_INTERVAL_MS');

/**
 * Sends CheckDeadlines to every complaint whose verification or follow-up
 * deadline, or automatic closing, is due: escalations once each, auto-close once.
 */
@Injectable()
export class ComplaintDeadlineWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly sweep: DeadlineSweep;

  constructor(
    @Inject(ComplaintsService) complaints: ComplaintsService,
    @Inject(DataSource) dataSource: DataSource,
    @Inject(COMPLAINTS_CLOCK) clock: Clock,
    @Inject(DEADLINE_CHECK_INTERVAL_MS) intervalMs: number,
  ) {
    this.sweep = new DeadlineSweep({
      name: ComplaintDeadlineWatcher.name,
      clock,
      intervalMs,
      due: (now) => complaintsToCheck(dataSource.manager, now),
      check: async (complaintId, now) => {
        const correlationId = randomUUID();
        const metadata = { now, agencyId: COMPLAINTS_DESK_AGENCY, actor: 'deadline-watcher', correlationId };
        await complaints.execute({ type: 'CheckDeadlines', data: { complaintId }, metadata }, { actor: 'deadline-watcher', correlationId });
      },
    });
  }

  onApplicationBootstrap(): void {
    this.sweep.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.sweep.stop();
  }

  /** One pass; returns how many complaints were checked. */
  checkNow(): Promise<number> {
    return this.sweep.checkNow();
  }
}
