import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ComplaintRejectionCodes, COMPLAINTS_DESK_AGENCY } from '@palembang/complaints-domain';
import { ConcurrencyError } from '@palembang/events/core';
import { ProblemException } from '@palembang/http';
import { DeadlineSweep, describeError, LiveWorkingDayCalendar } from '@palembang/platform';
import { Clock } from '@palembang/working-days';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { complaintsToCheck, complaintsWithDeadlinesFrom } from './complaints-view';
import { ComplaintsService } from './complaints.service';

export const COMPLAINTS_CLOCK = Symbol('COMPLAINTS_CLOCK');
export const DEADLINE_CHECK_INTERVAL_MS = Symbol('DEADLINE_CHECK_INTERVAL_MS');

/**
 * Sends CheckDeadlines to every complaint whose verification or follow-up
 * deadline, or automatic closing, is due and not provisional: escalations once each,
 * auto-close once. Sends RecalculateDeadlines to the running deadlines a change of the
 * working-day calendar may move.
 */
@Injectable()
export class ComplaintDeadlineWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ComplaintDeadlineWatcher.name);
  private readonly sweep: DeadlineSweep;

  constructor(
    @Inject(ComplaintsService) complaints: ComplaintsService,
    @Inject(DataSource) dataSource: DataSource,
    @Inject(COMPLAINTS_CLOCK) clock: Clock,
    @Inject(DEADLINE_CHECK_INTERVAL_MS) intervalMs: number,
    @Inject(LiveWorkingDayCalendar) calendar: LiveWorkingDayCalendar,
  ) {
    // The watcher acts as the complaints desk, whose deadlines they are.
    const send = async (type: 'CheckDeadlines' | 'RecalculateDeadlines', actor: string, complaintId: string, now: string) => {
      await complaints.execute({ type, data: { complaintId } }, { actor, agencyId: COMPLAINTS_DESK_AGENCY, correlationId: randomUUID(), now });
    };
    this.sweep = new DeadlineSweep({
      name: ComplaintDeadlineWatcher.name,
      clock,
      intervalMs,
      due: async (now) => {
        // The check recalculates with this instance's calendar: re-read it first, so that an instance
        // that has not seen a publication yet does not make a final deadline provisional again.
        await calendar.refresh().catch((error: unknown) => this.logger.warn(`calendar not re-read before the deadline check: ${describeError(error)}`));
        return complaintsToCheck(dataSource.manager, now);
      },
      check: (complaintId, now) => send('CheckDeadlines', 'deadline-watcher', complaintId, now),
    });
    calendar.register({
      name: 'complaint-deadlines',
      candidates: (changedFrom) => complaintsWithDeadlinesFrom(dataSource.manager, changedFrom),
      recalculate: async (complaintId, now) => {
        try {
          await send('RecalculateDeadlines', 'calendar', complaintId, now);
        } catch (error) {
          if (!noLongerOpenOrRaced(error)) throw error;
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

  /** One pass; returns how many complaints were checked. */
  checkNow(): Promise<number> {
    return this.sweep.checkNow();
  }
}

/**
 * Closed or archived since the candidates were read (no deadline left to move), or another
 * command got there first: the calendar re-runs the recalculation until the change settles.
 */
function noLongerOpenOrRaced(error: unknown): boolean {
  if (error instanceof ConcurrencyError) return true;
  return error instanceof ProblemException && error.problem.code === ComplaintRejectionCodes.INVALID_TRANSITION;
}
