import { assertNever, Event } from '@palembang/events/core';
import { LocalDate } from '../local-date';

/** A weekday off fixed by decree: a national holiday or a collective-leave day (cuti bersama). */
export type CalendarDay = Readonly<{ date: LocalDate; kind: 'national-holiday' | 'collective-leave'; name: string }>;

/** A legal instrument, such as the yearly joint ministerial decree (SKB) or an amending one. */
export type DecreeReference = Readonly<{ reference: string; date: LocalDate }>;

export type CalendarYearPublished = Event<'CalendarYearPublished', Readonly<{
  year: number;
  decree: DecreeReference;
  days: readonly CalendarDay[];
  publishedAt: string;
}>>;

/** An amending decree: days added and removed, with the whole year's days as they now stand. */
export type CalendarYearAmended = Event<'CalendarYearAmended', Readonly<{
  year: number;
  amendment: DecreeReference;
  reason: string;
  added: readonly CalendarDay[];
  removed: readonly CalendarDay[];
  days: readonly CalendarDay[];
  amendedAt: string;
}>>;

export type CalendarYearEvent = CalendarYearPublished | CalendarYearAmended;

export type CalendarAmendment = DecreeReference & Readonly<{ reason: string; added: readonly CalendarDay[]; removed: readonly CalendarDay[]; amendedAt: string }>;

export type CalendarYear =
  | Readonly<{ status: 'unpublished' }>
  | Readonly<{ status: 'published'; year: number; decree: DecreeReference; days: readonly CalendarDay[]; publishedAt: string; amendments: readonly CalendarAmendment[] }>;

export type PublishedCalendarYear = Extract<CalendarYear, { status: 'published' }>;

export const initialCalendarYear = (): CalendarYear => ({ status: 'unpublished' });

/**
 * The stream of a year's calendar. `namespace` separates several platforms sharing one
 * Kafka cluster (test runs on one broker); a deployment has none.
 */
export function calendarYearStreamId(year: number, namespace?: string): string {
  return namespace ? `working-day-calendar-${namespace}-${year}` : `working-day-calendar-${year}`;
}

/** Whether a stream is a year's calendar of this namespace (none: only the plain streams). */
export function isCalendarYearStream(streamId: string, namespace?: string): boolean {
  const rest = streamId.startsWith(CALENDAR_STREAM_PREFIX) ? streamId.slice(CALENDAR_STREAM_PREFIX.length) : undefined;
  if (rest === undefined) return false;
  return namespace ? rest.startsWith(`${namespace}-`) && /^\d{4}$/.test(rest.slice(namespace.length + 1)) : /^\d{4}$/.test(rest);
}

export const CALENDAR_STREAM_PREFIX = 'working-day-calendar-';

export function evolveCalendarYear(state: CalendarYear, event: CalendarYearEvent): CalendarYear {
  switch (event.type) {
    case 'CalendarYearPublished': {
      const { year, decree, days, publishedAt } = event.data;
      return { status: 'published', year, decree, days, publishedAt, amendments: [] };
    }
    case 'CalendarYearAmended': {
      if (state.status !== 'published') return state;
      const { amendment, reason, added, removed, days, amendedAt } = event.data;
      return { ...state, days, amendments: [...state.amendments, { ...amendment, reason, added, removed, amendedAt }] };
    }
    default:
      return assertNever(event);
  }
}
