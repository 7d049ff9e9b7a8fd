import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConcurrencyError } from '@palembang/events/core';
import { ProblemException } from '@palembang/http';
import { DeadlineSweep, describeError, LiveWorkingDayCalendar } from '@palembang/platform';
import { PermitRejectionCodes } from '@palembang/permits-domain';
import { Clock } from '@palembang/working-days';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { applicationsPastDeadline, slaDeadlineCandidates } from './permit-applications-view';
import { PermitApplicationsService } from './permit-applications.service';

export const PERMITS_CLOCK = Symbol('PERMITS_CLOCK');
export const DEADLINE_CHECK_INTERVAL_MS = Symbol('DEADLINE_CHECK_INTERVAL_MS');

/**
 * Sends CheckDeadline to every application whose SLA deadline has passed and is not
 * provisional (deemed approval or SLA breach, once each), and RecalculateSlaDeadline to
 * the running and paused clocks a change of the working-day calendar may move.
 */
@Injectable()
export class DeadlineWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineWatcher.name);
  private readonly sweep: DeadlineSweep;

  constructor(
    @Inject(PermitApplicationsService) applications: PermitApplicationsService,
    @Inject(DataSource) dataSource: DataSource,
    @Inject(PERMITS_CLOCK) clock: Clock,
    @Inject(DEADLINE_CHECK_INTERVAL_MS) intervalMs: number,
    @Inject(LiveWorkingDayCalendar) calendar: LiveWorkingDayCalendar,
  ) {
    this.sweep = new DeadlineSweep({
      name: DeadlineWatcher.name,
      clock,
      intervalMs,
      due: async (now) => {
        // The check recalculates with this instance's calendar: re-read it first, so that an instance
        // that has not seen a publication yet does not make a settled deadline provisional again.
        await calendar.refresh().catch((error: unknown) => this.logger.warn(`calendar not re-read before the deadline check: ${describeError(error)}`));
        return applicationsPastDeadline(dataSource.manager, now);
      },
      check: async (applicationId, now) => {
        await applications.execute({ type: 'CheckDeadline', data: { applicationId } }, { actor: 'deadline-watcher', agencyId: 'system', correlationId: randomUUID(), now });
      },
    });
    calendar.register({
      name: 'permit-sla-deadlines',
      candidates: (changedFrom) => slaDeadlineCandidates(dataSource.manager, changedFrom),
      recalculate: async (applicationId, now) => {
        try {
          await applications.execute({ type: 'RecalculateSlaDeadline', data: { applicationId } }, { actor: 'calendar', agencyId: 'system', correlationId: randomUUID(), now });
        } catch (error) {
          if (!noLongerRunningOrRaced(error)) throw error;
        }
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

/**
 * Decided or withdrawn since the candidates were read (no clock left to move), or another
 * command got there first: the calendar re-runs the recalculation until the change settles.
 */
function noLongerRunningOrRaced(error: unknown): boolean {
  if (error instanceof ConcurrencyError) return true;
  return error instanceof ProblemException && error.problem.code === PermitRejectionCodes.INVALID_TRANSITION;
}
