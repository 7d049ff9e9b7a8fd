import { EventContract } from '@palembang/events/core';
import { CalendarYearEvent } from './calendar-year';

/** One contract per event type; a new event type without a contract breaks the build here. */
const contracts: { readonly [Type in CalendarYearEvent['type']]: EventContract } = {
  CalendarYearPublished: { type: 'CalendarYearPublished', schemaVersion: 1 },
  CalendarYearAmended: { type: 'CalendarYearAmended', schemaVersion: 1 },
};

/** The calendar's event contracts, for the registry of the service that hosts its streams. */
export const calendarYearEventContracts: readonly EventContract[] = Object.values(contracts);

export const CALENDAR_YEAR_EVENT_TYPES = Object.keys(contracts) as readonly CalendarYearEvent['type'][];
