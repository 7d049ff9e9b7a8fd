import { CalendarSeed } from './calendar-seed';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

/** The working-day calendar API the permits service hosts (see docs/architecture.md, "The working-day calendar"). */
export const CALENDAR_CONTROLLERS = [CalendarController];
export const CALENDAR_PROVIDERS = [CalendarService, CalendarSeed];
