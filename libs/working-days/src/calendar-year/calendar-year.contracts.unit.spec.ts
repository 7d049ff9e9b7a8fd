import { contractsAsTable, declaredIn, EventContractTable, EventContracts, EveryFieldListed } from '@palembang/events/core';
import { CalendarYearEvent } from './calendar-year';
import { CALENDAR_YEAR_EVENT_TYPES, calendarYearEventContracts } from './calendar-year.contracts';

/**
 * The calendar events as every deadline-computing service reads them, written out here rather
 * than taken from the contracts: a contract or an event's fields changed without this table fails.
 */
const CALENDAR_YEAR_EVENTS = {
  CalendarYearPublished: { schemaVersion: 1, fields: ['year', 'decree', 'days', 'publishedAt'], personal: [] },
  CalendarYearAmended: { schemaVersion: 1, fields: ['year', 'amendment', 'reason', 'added', 'removed', 'days', 'amendedAt'], personal: [] },
} as const satisfies EventContractTable<CalendarYearEvent>;

/** Compile-time: every data field of every calendar event is in the table above. */
const everyFieldListed: EveryFieldListed<CalendarYearEvent, typeof CALENDAR_YEAR_EVENTS> = true;

describe('the working-day calendar event contracts', () => {
  it('declare exactly the event types, schema versions and personal fields written out above, each type once', () => {
    expect(everyFieldListed).toBe(true);
    expect(contractsAsTable(calendarYearEventContracts)).toEqual(declaredIn(CALENDAR_YEAR_EVENTS));
    expect([...CALENDAR_YEAR_EVENT_TYPES].sort()).toEqual(['CalendarYearAmended', 'CalendarYearPublished']);
    const registry = new EventContracts(calendarYearEventContracts);
    for (const type of ['CalendarYearPublished', 'CalendarYearAmended']) expect(registry.schemaVersionOf(type)).toBe(1);
  });

  it('declare no personal data: a decree names no person', () => {
    expect(calendarYearEventContracts.every((contract) => contract.personalData === undefined)).toBe(true);
  });
});
