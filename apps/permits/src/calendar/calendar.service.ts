import { SERVICE_CONFIG, ServiceConfig } from '@palembang/platform';
import { Inject, Injectable } from '@nestjs/common';
import { handleCommand, PostgresEventStore, toEvent } from '@palembang/events';
import { ConcurrencyError, EventEnvelope, foldEvents, Rejection } from '@palembang/events/core';
import { problem, ProblemException } from '@palembang/http';
import { CalendarYearDto } from '@palembang/permits-api';
import {
  AmendCalendarYear,
  calendarYearDecider,
  CalendarYearCommand,
  CalendarYearEvent,
  CalendarYearPublished,
  calendarYearStreamId,
  CalendarRejectionCodes,
  PublishCalendarYear,
  workingDayCalendarOf,
} from '@palembang/working-days';

/** Who sends a calendar command: recorded with its events (the audit of who changed the calendar). */
export type CalendarCommandContext = Readonly<{ actor: string; agencyId: string; correlationId: string; now: string; expectedVersion?: number }>;

/** A lost race without If-Match is decided again on the fresh stream this many times. */
const ATTEMPTS = 5;

/** Bad input and a day already passed are the caller's to fix (400, naming the field); the others are the year's state (409). */
const BAD_INPUT: readonly string[] = [CalendarRejectionCodes.INVALID_INPUT, CalendarRejectionCodes.PAST_DAY];

/**
 * The working-day calendar's streams (one per year, a handful of events each): read
 * straight from the event store, changed through the calendar-year decider.
 */
@Injectable()
export class CalendarService {
  private readonly decider = calendarYearDecider();

  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async get(year: number): Promise<CalendarYearDto> {
    return viewOf(year, await this.store.readStream(calendarYearStreamId(year, this.config.calendarNamespace)));
  }

  /**
   * Publishes the decree. PUT is idempotent: the same decree again (a retry) changes
   * nothing and answers the year as it stands (`created: false`); another decree is a 409.
   */
  async publish(data: PublishCalendarYear['data'], context: CalendarCommandContext): Promise<{ view: CalendarYearDto; created: boolean }> {
    try {
      return { view: await this.execute({ type: 'PublishCalendarYear', data, metadata: metadataOf(context) }, context), created: true };
    } catch (error) {
      if (!(error instanceof ProblemException) || error.problem.code !== CalendarRejectionCodes.ALREADY_PUBLISHED) throw error;
      const envelopes = await this.store.readStream(calendarYearStreamId(data.year, this.config.calendarNamespace));
      const published = envelopes.find((envelope) => envelope.type === 'CalendarYearPublished');
      if (!published || !isSameDecree(published.data as CalendarYearPublished['data'], data)) throw error;
      return { view: viewOf(data.year, envelopes), created: false };
    }
  }

  amend(data: AmendCalendarYear['data'], context: CalendarCommandContext): Promise<CalendarYearDto> {
    return this.execute({ type: 'AmendCalendarYear', data, metadata: metadataOf(context) }, context);
  }

  /**
   * Decides and appends; a rejection becomes a problem. Without If-Match, a concurrent
   * change of the same year (ConcurrencyError) is decided again on the fresh stream, so
   * two amendments sent together both land, each once; with If-Match it is a 412.
   */
  private async execute(command: CalendarYearCommand, context: CalendarCommandContext): Promise<CalendarYearDto> {
    const streamId = calendarYearStreamId(command.data.year, this.config.calendarNamespace);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await handleCommand({
          store: this.store,
          decider: this.decider,
          streamId,
          command,
          metadata: { agencyId: context.agencyId, actor: context.actor, correlationId: context.correlationId, causationId: null },
          occurredAt: context.now,
          expectedVersion: context.expectedVersion,
        });
        if (!outcome.accepted) throw calendarProblem(outcome.rejection);
        return await this.get(command.data.year);
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || context.expectedVersion !== undefined || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}

export function calendarProblem(rejection: Rejection): ProblemException {
  const status = BAD_INPUT.includes(rejection.code) ? 400 : 409;
  const errors = rejection.field ? [{ field: rejection.field, message: rejection.message }] : undefined;
  return new ProblemException(problem(status, { code: rejection.code, detail: rejection.message, errors }));
}

function metadataOf(context: CalendarCommandContext) {
  return { now: context.now, agencyId: context.agencyId, actor: context.actor, correlationId: context.correlationId };
}

/** Whether a publication asks for exactly what was published (reference, date and days). */
function isSameDecree(published: CalendarYearPublished['data'], data: PublishCalendarYear['data']): boolean {
  const asked = [
    ...data.nationalHolidays.map((day) => `${day.date} national-holiday ${day.name.trim()}`),
    ...data.collectiveLeave.map((day) => `${day.date} collective-leave ${day.name.trim()}`),
  ].sort();
  const recorded = published.days.map((day) => `${day.date} ${day.kind} ${day.name}`).sort();
  return published.decree.reference === data.decree.reference.trim() && published.decree.date === data.decree.date && asked.join('\n') === recorded.join('\n');
}

/** The year as the API shows it: published from its stream, else provisional (fixed holidays and forecasts). */
export function viewOf(year: number, envelopes: readonly EventEnvelope[]): CalendarYearDto {
  const state = foldEvents(calendarYearDecider(), envelopes.map(toEvent) as CalendarYearEvent[]);
  if (state.status !== 'published') {
    const days = workingDayCalendarOf([]).daysOffIn(year).map(({ date, kind, name, forecast }) => (forecast ? { date, kind, name, forecast } : { date, kind, name }));
    return { year, status: 'provisional', decree: null, publishedAt: null, publishedBy: null, days, amendments: [], version: envelopes.length };
  }
  const published = envelopes.find((envelope) => envelope.type === 'CalendarYearPublished');
  const amendedBy = envelopes.filter((envelope) => envelope.type === 'CalendarYearAmended');
  return {
    year,
    status: 'published',
    decree: state.decree,
    publishedAt: state.publishedAt,
    publishedBy: published?.actor ?? null,
    days: [...state.days],
    amendments: state.amendments.map((amendment, index) => ({
      reference: amendment.reference,
      date: amendment.date,
      reason: amendment.reason,
      added: [...amendment.added],
      removed: [...amendment.removed],
      amendedAt: amendment.amendedAt,
      by: amendedBy[index]?.actor ?? '',
      correlationId: amendedBy[index]?.correlationId ?? '',
    })),
    version: envelopes.length,
  };
}
