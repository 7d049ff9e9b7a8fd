import { CommandContext, commandMetadataOf, CommandRunner, SERVICE_CONFIG, ServiceConfig } from '@palembang/platform';
import { Inject, Injectable } from '@nestjs/common';
import { toEvent } from '@palembang/events';
import { EventEnvelope, foldEvents } from '@palembang/events/core';
import { problem, ProblemException } from '@palembang/http';
import { CalendarYearDto } from '@palembang/permits-api';
import {
  AmendCalendarYear,
  calendarYearDecider,
  CalendarYearEvent,
  CalendarYearPublished,
  calendarYearStreamId,
  CalendarRejectionCodes,
  PublishCalendarYear,
  workingDayCalendarOf,
} from '@palembang/working-days';

const BAD_INPUT: readonly string[] = [CalendarRejectionCodes.INVALID_INPUT, CalendarRejectionCodes.PAST_DAY];

/**
 * The working-day calendar's streams (one per year, a handful of events each): read
 * straight from the event store, changed through the calendar-year decider.
 */
@Injectable()
export class CalendarService {
  private readonly decider = calendarYearDecider();

  constructor(
    @Inject(CommandRunner) private readonly runner: CommandRunner,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async get(year: number): Promise<CalendarYearDto> {
    return viewOf(year, (await this.runner.load(this.decider, calendarYearStreamId(year, this.config.calendarNamespace))).envelopes);
  }

  /**
   * Publishes the decree. PUT is idempotent: the same decree again (a retry) changes
   * nothing and answers the year as it stands (`created: false`); another decree is a 409.
   */
  async publish(data: PublishCalendarYear['data'], context: CommandContext): Promise<{ view: CalendarYearDto; created: boolean }> {
    try {
      return { view: await this.execute({ type: 'PublishCalendarYear', data, metadata: commandMetadataOf(context) }, context), created: true };
    } catch (error) {
      if (!(error instanceof ProblemException) || error.problem.code !== CalendarRejectionCodes.ALREADY_PUBLISHED) throw error;
      const { envelopes } = await this.runner.load(this.decider, calendarYearStreamId(data.year, this.config.calendarNamespace));
      const published = envelopes.find((envelope) => envelope.type === 'CalendarYearPublished');
      if (!published || !isSameDecree(published.data as CalendarYearPublished['data'], data)) throw error;
      return { view: viewOf(data.year, envelopes), created: false };
    }
  }

  amend(data: AmendCalendarYear['data'], context: CommandContext): Promise<CalendarYearDto> {
    return this.execute({ type: 'AmendCalendarYear', data, metadata: commandMetadataOf(context) }, context);
  }

  /**
   * Decides and appends; a rejection becomes a problem (calendarProblemOf: bad input is a 400). Without
   * If-Match, a concurrent change of the same year is decided again on the fresh stream, so two
   * amendments sent together both land, each once; with If-Match it is a 412.
   */
  private async execute(command: PublishCalendarYear | AmendCalendarYear, context: CommandContext): Promise<CalendarYearDto> {
    try {
      await this.runner.execute(this.decider, command, context, { streamId: calendarYearStreamId(command.data.year, this.config.calendarNamespace) });
    } catch (error) {
      throw error instanceof ProblemException ? calendarProblemOf(error) : error;
    }
    return this.get(command.data.year);
  }
}

/**
 * The runner answers a rejection by its field (400) or else 409; the calendar's own rule is by
 * code: bad input and a day already passed are the caller's to fix (400, naming the field when
 * there is one), the others are the year's state (409).
 */
function calendarProblemOf(error: ProblemException): ProblemException {
  const { code, detail, errors } = error.problem;
  if (!code?.startsWith('CALENDAR.')) return error;
  return new ProblemException(problem(BAD_INPUT.includes(code) ? 400 : 409, { code, detail, errors }));
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
