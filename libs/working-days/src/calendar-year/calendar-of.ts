import { forecastHolidays } from '../forecast/forecast';
import { fixedNationalHolidays } from '../indonesia';
import { WorkingDayCalendar } from '../working-day-calendar';
import { PublishedCalendarYear } from './calendar-year';

/** What a calendar is built from: each published year's days, decree and amendments. */
export type PublishedYear = Pick<PublishedCalendarYear, 'year' | 'decree' | 'days'> & Readonly<{ amendments: readonly Readonly<{ reference: string }>[] }>;

/**
 * The working-day calendar of the published years. A year without a published decree
 * is provisional: its fixed-date holidays count, and its moveable holidays are forecast
 * where they can be computed (see `forecastHolidays`); collective leave is unknown.
 */
export function workingDayCalendarOf(years: readonly PublishedYear[]): WorkingDayCalendar {
  const days = years.flatMap((year) => year.days);
  return new WorkingDayCalendar({
    nationalHolidays: days.filter((day) => day.kind === 'national-holiday'),
    collectiveLeave: days.filter((day) => day.kind === 'collective-leave'),
    publishedYears: years.map((year) => ({ year: year.year, decree: year.decree.reference, amendments: year.amendments.map((amendment) => amendment.reference) })),
    provisionalDaysOff: (year) => [...fixedNationalHolidays(year), ...forecastHolidays(year)],
  });
}
