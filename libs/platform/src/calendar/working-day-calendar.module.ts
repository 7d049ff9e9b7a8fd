import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { ConfigurationError } from '../service-config';
import { CalendarFollower } from './calendar-follower';
import { LiveWorkingDayCalendar } from './live-calendar';

export type WorkingDayCalendarModuleOptions = Readonly<{ clock: Clock; env?: NodeJS.ProcessEnv }>;

/** Starts the live calendar's refreshes after the application's providers are ready, and stops them on shutdown. */
@Injectable()
class LiveCalendarLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(LiveWorkingDayCalendar) private readonly calendar: LiveWorkingDayCalendar) {}
  onApplicationBootstrap(): Promise<void> {
    return this.calendar.start();
  }
  onApplicationShutdown(): Promise<void> {
    return this.calendar.stop();
  }
}

/**
 * The live working-day calendar of a service that computes deadlines: its copy of the
 * published decrees (add `WorkingDayCalendarCopy1796000000000` to its migrations), the
 * consumer that keeps the copy, and the refreshes. Settings: CALENDAR_REFRESH_MS
 * (default 10000), CALENDAR_SETTLE_MS (default 30000), CALENDAR_ALERT_FROM (MM-DD, default 10-01).
 */
@Module({})
export class WorkingDayCalendarModule {
  static forService(options: WorkingDayCalendarModuleOptions): DynamicModule {
    const env = options.env ?? process.env;
    const settings = {
      clock: options.clock,
      refreshMs: readMs(env, 'CALENDAR_REFRESH_MS', 10_000),
      settleMs: readMs(env, 'CALENDAR_SETTLE_MS', 30_000),
      nextYearAlertFrom: readMonthDay(env.CALENDAR_ALERT_FROM ?? '10-01'),
    };
    return {
      module: WorkingDayCalendarModule,
      providers: [
        { provide: LiveWorkingDayCalendar, inject: [DataSource], useFactory: (dataSource: DataSource) => new LiveWorkingDayCalendar(dataSource, settings) },
        LiveCalendarLifecycle,
        CalendarFollower,
      ],
      exports: [LiveWorkingDayCalendar],
    };
  }
}

function readMs(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 86_400_000) throw new ConfigurationError(`${name} must be a whole number of milliseconds from 0 to 86400000`);
  return ms;
}

function readMonthDay(value: string): string {
  if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(value.trim())) throw new ConfigurationError('CALENDAR_ALERT_FROM must be a month and day MM-DD, such as 10-01');
  return value.trim();
}
