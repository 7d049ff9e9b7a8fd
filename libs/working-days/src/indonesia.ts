import { PublishCalendarYear } from './calendar-year/calendar-year.decide';
import { PublishedYear, workingDayCalendarOf } from './calendar-year/calendar-of';
import { DayOff, WorkingDayCalendar } from './working-day-calendar';

/**
 * National holidays of 2026 per the joint decree (SKB) of the Minister of Religious
 * Affairs, the Minister of Manpower and the Minister for Administrative Reform on
 * national holidays and collective leave 2026, signed in September 2025.
 *
 * Certain: the fixed dates (1 Jan, 1 May, 1 Jun, 17 Aug, 25 Dec) and the Christian
 * moveable feasts (from Easter Sunday, 5 April 2026). The Islamic dates follow the
 * SKB; the government may still move them after the isbat session (sidang isbat),
 * and a revised SKB must then be loaded through configuration, not by editing code.
 * Holidays that fall on a weekend (Idul Fitri, Easter, Waisak) are listed for
 * completeness; they change nothing for working days.
 */
export const INDONESIA_NATIONAL_HOLIDAYS_2026: readonly DayOff[] = [
  { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi' },
  { date: '2026-01-16', name: 'Isra Mikraj Nabi Muhammad SAW' },
  { date: '2026-02-17', name: 'Tahun Baru Imlek 2577 Kongzili' },
  { date: '2026-03-19', name: 'Hari Suci Nyepi (Tahun Baru Saka 1948)' },
  { date: '2026-03-21', name: 'Idul Fitri 1447 Hijriah' },
  { date: '2026-03-22', name: 'Idul Fitri 1447 Hijriah' },
  { date: '2026-04-03', name: 'Wafat Yesus Kristus' },
  { date: '2026-04-05', name: 'Kebangkitan Yesus Kristus (Paskah)' },
  { date: '2026-05-01', name: 'Hari Buruh Internasional' },
  { date: '2026-05-14', name: 'Kenaikan Yesus Kristus' },
  { date: '2026-05-27', name: 'Idul Adha 1447 Hijriah' },
  { date: '2026-05-31', name: 'Hari Raya Waisak 2570 BE' },
  { date: '2026-06-01', name: 'Hari Lahir Pancasila' },
  { date: '2026-06-16', name: 'Tahun Baru Islam 1448 Hijriah' },
  { date: '2026-08-17', name: 'Hari Proklamasi Kemerdekaan RI' },
  { date: '2026-08-25', name: 'Maulid Nabi Muhammad SAW' },
  { date: '2026-12-25', name: 'Hari Raya Natal' },
];

/** Collective leave (cuti bersama) 2026 per the same SKB: eight days. */
export const INDONESIA_COLLECTIVE_LEAVE_2026: readonly DayOff[] = [
  { date: '2026-02-16', name: 'Cuti bersama Tahun Baru Imlek' },
  { date: '2026-03-18', name: 'Cuti bersama Hari Suci Nyepi' },
  { date: '2026-03-20', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-03-23', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-03-24', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-05-15', name: 'Cuti bersama Kenaikan Yesus Kristus' },
  { date: '2026-05-28', name: 'Cuti bersama Idul Adha' },
  { date: '2026-12-24', name: 'Cuti bersama Hari Raya Natal' },
];

/**
 * The national holidays on the same date every year. Other years' moveable holidays
 * and collective leave come from their own SKB and must be configured.
 */
export function fixedNationalHolidays(year: number): readonly DayOff[] {
  return [
    { date: `${year}-01-01`, name: `Tahun Baru ${year} Masehi` },
    { date: `${year}-05-01`, name: 'Hari Buruh Internasional' },
    { date: `${year}-06-01`, name: 'Hari Lahir Pancasila' },
    { date: `${year}-08-17`, name: 'Hari Proklamasi Kemerdekaan RI' },
    { date: `${year}-12-25`, name: 'Hari Raya Natal' },
  ];
}

/**
 * The decree of 2026 as the platform's seed: the hosting service publishes it on its
 * first start, and every later year (or amendment) arrives through the API.
 */
export const INDONESIA_CALENDAR_2026: PublishCalendarYear['data'] = {
  year: 2026,
  decree: { reference: 'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025', date: '2025-09-19' },
  nationalHolidays: INDONESIA_NATIONAL_HOLIDAYS_2026,
  collectiveLeave: INDONESIA_COLLECTIVE_LEAVE_2026,
};

/** The seed decree as a published year, counted until the calendar's own events arrive. */
export function seedCalendarYears(): PublishedYear[] {
  const seed = INDONESIA_CALENDAR_2026;
  const days = [
    ...seed.nationalHolidays.map((day) => ({ ...day, kind: 'national-holiday' as const })),
    ...seed.collectiveLeave.map((day) => ({ ...day, kind: 'collective-leave' as const })),
  ];
  return [{ year: seed.year, decree: seed.decree, days, amendments: [] }];
}

/**
 * The Indonesian calendar with the seed decree (2026) published and every other year
 * provisional (fixed holidays and forecasts). Services decide with the live calendar
 * built from the published decrees; this one serves tests and tools.
 */
export function indonesianCalendar(): WorkingDayCalendar {
  return workingDayCalendarOf(seedCalendarYears());
}
