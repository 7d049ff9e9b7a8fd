import { addCalendarDays, LocalDate } from '../local-date';

/** A day off of a year whose decree is not published yet: where it can be computed, the likely date. */
export type ForecastDayOff = Readonly<{ date: LocalDate; name: string; forecast: true }>;

/**
 * The moveable national holidays that can be computed before the yearly decree:
 * - Christian feasts from Easter Sunday (the Gregorian computus);
 * - Islamic feasts from the Umm al-Qura calendar of `Intl` (`islamic-umalqura`).
 *   Indonesia fixes them by sighting (sidang isbat), so the decree may differ by a day
 *   (2026: Idul Fitri fell on 21 March, a day after Umm al-Qura's 1 Syawal);
 * - Imlek from `Intl`'s `chinese` calendar.
 * Nyepi (the Saka new year) and Waisak follow lunisolar reckonings `Intl` does not
 * carry: they are not forecast, and collective leave is never forecast (it is a policy choice).
 */
export function forecastHolidays(year: number): readonly ForecastDayOff[] {
  const easter = easterSunday(year);
  const days: ForecastDayOff[] = [
    ...islamicFeasts(year),
    ...chineseNewYear(year),
    { date: addCalendarDays(easter, -2), name: 'Wafat Yesus Kristus (perkiraan)', forecast: true },
    { date: easter, name: 'Kebangkitan Yesus Kristus (Paskah) (perkiraan)', forecast: true },
    { date: addCalendarDays(easter, 39), name: 'Kenaikan Yesus Kristus (perkiraan)', forecast: true },
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Month and day in the Islamic (Hijri) calendar, with the Indonesian name of the feast. */
const ISLAMIC_FEASTS: ReadonlyArray<Readonly<{ month: number; day: number; name: string }>> = [
  { month: 7, day: 27, name: 'Isra Mikraj Nabi Muhammad SAW' },
  { month: 10, day: 1, name: 'Idul Fitri' },
  { month: 10, day: 2, name: 'Idul Fitri' },
  { month: 12, day: 10, name: 'Idul Adha' },
  { month: 1, day: 1, name: 'Tahun Baru Islam' },
  { month: 3, day: 12, name: 'Maulid Nabi Muhammad SAW' },
];

function islamicFeasts(year: number): ForecastDayOff[] {
  return daysOfYear(year).flatMap(({ date, islamic }) =>
    ISLAMIC_FEASTS.filter((feast) => feast.month === islamic.month && feast.day === islamic.day).map((feast) => ({
      date,
      name: `${feast.name} ${islamic.year} Hijriah (perkiraan)`,
      forecast: true as const,
    })),
  );
}

function chineseNewYear(year: number): ForecastDayOff[] {
  return daysOfYear(year)
    .filter(({ chinese }) => chinese.month === 1 && chinese.day === 1 && !chinese.leap)
    .map(({ date }) => ({ date, name: `Tahun Baru Imlek ${year - 2026 + 2577} Kongzili (perkiraan)`, forecast: true as const }));
}

type LunarDate = Readonly<{ year: number; month: number; day: number; leap: boolean }>;

const ISLAMIC = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
const CHINESE = new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
const yearsSeen = new Map<number, ReadonlyArray<Readonly<{ date: LocalDate; islamic: LunarDate; chinese: LunarDate }>>>();

/** Every day of the year with its Islamic and Chinese dates (computed once per year). */
function daysOfYear(year: number): ReadonlyArray<Readonly<{ date: LocalDate; islamic: LunarDate; chinese: LunarDate }>> {
  const known = yearsSeen.get(year);
  if (known) return known;
  const days = [];
  for (let date: LocalDate = `${year}-01-01`; date.startsWith(`${year}-`); date = addCalendarDays(date, 1)) {
    const instant = new Date(`${date}T00:00:00Z`);
    days.push({ date, islamic: lunarDateOf(ISLAMIC, instant), chinese: lunarDateOf(CHINESE, instant) });
  }
  yearsSeen.set(year, days);
  return days;
}

function lunarDateOf(format: Intl.DateTimeFormat, instant: Date): LunarDate {
  const parts = format.formatToParts(instant);
  const part = (type: string) => parts.find((candidate) => (candidate.type as string) === type)?.value ?? '';
  const month = part('month');
  // ICU marks a Chinese leap month with a "bis" suffix (e.g. "6bis").
  return { year: Number(part('year') || part('relatedYear')), month: parseInt(month, 10), day: Number(part('day')), leap: /bis$/.test(month) };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
