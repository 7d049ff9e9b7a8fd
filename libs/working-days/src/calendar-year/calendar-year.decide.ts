import { Command, Decider, Decision, reject, Rejection } from '@palembang/events/core';
import { isLocalDate, LocalDate, toJakartaDate } from '../local-date';
import { CalendarDay, CalendarYear, CalendarYearEvent, DecreeReference, evolveCalendarYear, initialCalendarYear, PublishedCalendarYear } from './calendar-year';

export type DayOffInput = Readonly<{ date: string; name: string }>;

export type PublishCalendarYear = Command<'PublishCalendarYear', Readonly<{
  year: number;
  decree: DecreeReference;
  nationalHolidays: readonly DayOffInput[];
  collectiveLeave: readonly DayOffInput[];
}>>;

export type AmendCalendarYear = Command<'AmendCalendarYear', Readonly<{
  year: number;
  amendment: DecreeReference;
  reason: string;
  add: readonly CalendarDay[];
  remove: readonly string[];
}>>;

export type CalendarYearCommand = PublishCalendarYear | AmendCalendarYear;

export const CalendarRejectionCodes = {
  INVALID_INPUT: 'CALENDAR.INVALID_INPUT',
  ALREADY_PUBLISHED: 'CALENDAR.ALREADY_PUBLISHED',
  NOT_PUBLISHED: 'CALENDAR.NOT_PUBLISHED',
  PAST_DAY: 'CALENDAR.PAST_DAY',
  AMENDMENT_ALREADY_RECORDED: 'CALENDAR.AMENDMENT_ALREADY_RECORDED',
} as const;
const Codes = CalendarRejectionCodes;

export const CALENDAR_LIMITS = { firstYear: 2000, lastYear: 2100, daysPerYear: 60, nameLength: 120, referenceLength: 200, reasonLength: 1000 } as const;

export type CalendarYearDecider = Decider<CalendarYearCommand, CalendarYearEvent, CalendarYear>;

/**
 * A year's working-day calendar as a decider: published once from its decree, then
 * changed only by amendments, each with its own reference and reason. Days that have
 * already passed (in Jakarta) cannot be amended: deadlines have been decided on them.
 */
export function calendarYearDecider(): CalendarYearDecider {
  function decide(command: CalendarYearCommand, state: CalendarYear): Decision<CalendarYearEvent> {
    const problem = yearProblem(command.data.year);
    if (problem) return problem;
    return command.type === 'PublishCalendarYear' ? publish(command, state) : amend(command, state);
  }
  return { decide, evolve: evolveCalendarYear, initialState: initialCalendarYear };
}

function publish(command: PublishCalendarYear, state: CalendarYear): Decision<CalendarYearEvent> {
  const { year, decree, nationalHolidays, collectiveLeave } = command.data;
  if (state.status === 'published') return reject(Codes.ALREADY_PUBLISHED, `The calendar of ${year} is already published (${state.decree.reference}); change it with an amendment`);
  const refused = decreeProblem('decree', decree);
  if (refused) return refused;
  const days = [
    ...nationalHolidays.map((day) => ({ ...day, kind: 'national-holiday' as const })),
    ...collectiveLeave.map((day) => ({ ...day, kind: 'collective-leave' as const })),
  ];
  if (days.length > CALENDAR_LIMITS.daysPerYear) return invalid('nationalHolidays', `At most ${CALENDAR_LIMITS.daysPerYear} days off in a year`);
  const fieldOf = (index: number) => (index < nationalHolidays.length ? `nationalHolidays[${index}]` : `collectiveLeave[${index - nationalHolidays.length}]`);
  const dayRefused = daysProblem(year, days, fieldOf);
  if (dayRefused) return dayRefused;
  return [{ type: 'CalendarYearPublished', data: { year, decree: trimmed(decree), days: sorted(days.map(trimmedDay)), publishedAt: command.metadata.now } }];
}

function amend(command: AmendCalendarYear, state: CalendarYear): Decision<CalendarYearEvent> {
  const { year, amendment, reason, add, remove } = command.data;
  if (state.status !== 'published') return reject(Codes.NOT_PUBLISHED, `The calendar of ${year} is not published yet: publish its decree first`);
  const refused = decreeProblem('amendment', amendment) ?? reasonProblem(reason) ?? changesProblem(state, command);
  if (refused) return refused;
  const removedDates = new Set(remove);
  const removed = state.days.filter((day) => removedDates.has(day.date));
  const added = add.map(trimmedDay);
  const days = sorted([...state.days.filter((day) => !removedDates.has(day.date)), ...added]);
  if (days.length > CALENDAR_LIMITS.daysPerYear) return invalid('add', `At most ${CALENDAR_LIMITS.daysPerYear} days off in a year`);
  return [{ type: 'CalendarYearAmended', data: { year, amendment: trimmed(amendment), reason: reason.trim(), added: sorted(added), removed, days, amendedAt: command.metadata.now } }];
}

function changesProblem(state: PublishedCalendarYear, command: AmendCalendarYear): Rejection | undefined {
  const { year, amendment, add, remove } = command.data;
  if (state.amendments.some((recorded) => recorded.reference === amendment.reference.trim())) {
    return reject(Codes.AMENDMENT_ALREADY_RECORDED, `Amendment ${amendment.reference} is already recorded for ${year}`, 'amendment.reference');
  }
  if (add.length + remove.length === 0) return invalid('add', 'An amendment adds or removes at least one day');
  const today = toJakartaDate(command.metadata.now);
  const current = new Set(state.days.map((day) => day.date));
  const addedRefused = daysProblem(year, add, (index) => `add[${index}]`);
  if (addedRefused) return addedRefused;
  for (const [index, day] of add.entries()) {
    if (current.has(day.date)) return invalid(`add[${index}].date`, `${day.date} is already a day off in ${year}`);
    if (day.date < today) return pastDay(`add[${index}].date`, day.date);
  }
  for (const [index, date] of remove.entries()) {
    const field = `remove[${index}]`;
    if (!current.has(date)) return invalid(field, `${date} is not a day off in ${year}`);
    if (remove.indexOf(date) !== index) return invalid(field, `${date} is listed twice`);
    if (add.some((day) => day.date === date)) return invalid(field, `${date} is both added and removed`);
    if (date < today) return pastDay(field, date);
  }
  return undefined;
}

function daysProblem(year: number, days: readonly (DayOffInput & { kind?: string })[], fieldOf: (index: number) => string): Rejection | undefined {
  const seen = new Set<string>();
  for (const [index, day] of days.entries()) {
    const field = fieldOf(index);
    if (typeof day.date !== 'string' || !isLocalDate(day.date)) return invalid(`${field}.date`, 'A day is a date YYYY-MM-DD');
    if (!day.date.startsWith(`${year}-`)) return invalid(`${field}.date`, `${day.date} is not in ${year}`);
    if (seen.has(day.date)) return invalid(`${field}.date`, `${day.date} is listed twice`);
    seen.add(day.date);
    if (day.kind !== undefined && day.kind !== 'national-holiday' && day.kind !== 'collective-leave') return invalid(`${field}.kind`, 'The kind is national-holiday or collective-leave');
    if (typeof day.name !== 'string' || !day.name.trim()) return invalid(`${field}.name`, 'Every day off has a name');
    if (day.name.length > CALENDAR_LIMITS.nameLength) return invalid(`${field}.name`, `At most ${CALENDAR_LIMITS.nameLength} characters`);
  }
  return undefined;
}

function yearProblem(year: number): Rejection | undefined {
  const { firstYear, lastYear } = CALENDAR_LIMITS;
  return Number.isInteger(year) && year >= firstYear && year <= lastYear ? undefined : invalid('year', `The year is a whole number from ${firstYear} to ${lastYear}`);
}

function decreeProblem(field: string, decree: DecreeReference): Rejection | undefined {
  if (typeof decree?.reference !== 'string' || !decree.reference.trim()) return invalid(`${field}.reference`, 'The decree reference (its number) is required');
  if (decree.reference.length > CALENDAR_LIMITS.referenceLength) return invalid(`${field}.reference`, `At most ${CALENDAR_LIMITS.referenceLength} characters`);
  if (typeof decree.date !== 'string' || !isLocalDate(decree.date)) return invalid(`${field}.date`, 'The decree date is a date YYYY-MM-DD');
  return undefined;
}

function reasonProblem(reason: string): Rejection | undefined {
  if (typeof reason !== 'string' || !reason.trim()) return invalid('reason', 'Every change to a published calendar states its reason');
  return reason.length > CALENDAR_LIMITS.reasonLength ? invalid('reason', `At most ${CALENDAR_LIMITS.reasonLength} characters`) : undefined;
}

function pastDay(field: string, date: LocalDate): Rejection {
  return reject(Codes.PAST_DAY, `${date} has passed: deadlines were already decided on it, so it can no longer be changed`, field);
}

function invalid(field: string, message: string): Rejection {
  return reject(Codes.INVALID_INPUT, message, field);
}

function trimmed(decree: DecreeReference): DecreeReference {
  return { reference: decree.reference.trim(), date: decree.date };
}

function trimmedDay(day: CalendarDay): CalendarDay {
  return { date: day.date, kind: day.kind, name: day.name.trim() };
}

function sorted(days: readonly CalendarDay[]): CalendarDay[] {
  return [...days].sort((a, b) => a.date.localeCompare(b.date));
}

