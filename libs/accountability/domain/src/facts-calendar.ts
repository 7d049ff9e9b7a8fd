import { WorkingDayCalendar } from '@palembang/working-days';

/** The calendar arithmetic the facts need: pass `indonesianCalendar()` or one built from configuration. */
export type FactsCalendar = Pick<WorkingDayCalendar, 'workingDaysBetween'>;
