import { fixedNationalHolidays, forecastHolidays } from '@palembang/working-days';

/**
 * The decree of a year that tests publish. Calendar events travel on permits.events,
 * which every test's calendar copy on the shared test broker follows, so a test that
 * publishes a year publishes it for all of them: this decree holds exactly the days a
 * provisional year already counts (fixed holidays and forecasts, no collective leave),
 * so another test's deadlines only lose their provisional mark, never move.
 */
export function testDecree(year: number) {
  return {
    decree: { reference: `Keputusan uji ${year} (hari tetap dan perkiraan)`, date: `${year - 1}-09-19` },
    nationalHolidays: uniqueByDate([...fixedNationalHolidays(year), ...forecastHolidays(year)]).map(({ date, name }) => ({ date, name })),
    collectiveLeave: [] as Array<{ date: string; name: string }>,
  };
}

function uniqueByDate<T extends { date: string }>(days: readonly T[]): T[] {
  const seen = new Set<string>();
  return days.filter((day) => !seen.has(day.date) && seen.add(day.date) !== undefined);
}
