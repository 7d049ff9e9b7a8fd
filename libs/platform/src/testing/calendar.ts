import { fixedNationalHolidays, forecastHolidays } from '@palembang/working-days';

/**
 * The one decree of 2027 the tests publish. Calendar events travel on permits.events,
 * which every test's calendar copy on the shared test broker follows, so a test that
 * publishes 2027 publishes it for all of them: this decree holds exactly the days a
 * provisional 2027 already counts (fixed holidays and forecasts, no collective leave),
 * so another test's deadlines only lose their provisional mark, never move.
 */
export const TEST_DECREE_2027 = {
  decree: { reference: 'Keputusan uji 2027 (hari tetap dan perkiraan)', date: '2026-09-19' },
  nationalHolidays: uniqueByDate([...fixedNationalHolidays(2027), ...forecastHolidays(2027)]).map(({ date, name }) => ({ date, name })),
  collectiveLeave: [] as Array<{ date: string; name: string }>,
};

function uniqueByDate<T extends { date: string }>(days: readonly T[]): T[] {
  const seen = new Set<string>();
  return days.filter((day) => !seen.has(day.date) && seen.add(day.date) !== undefined);
}
