import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { DEFAULT_CALENDAR_SETTINGS, readCalendarSettings, ServiceConfig } from '../service-config';
import { SERVICE_CONFIG } from '../tokens';
import { CalendarFollower } from './calendar-follower';
import { LiveWorkingDayCalendar } from './live-calendar';

/** `env`: an environment of the service's own holding the calendar's variables; unset: the service's configuration. */
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
 * consumer that keeps the copy, and the refreshes. Its settings (CALENDAR_REFRESH_MS,
 * CALENDAR_SETTLE_MS, CALENDAR_ALERT_FROM) come from the service's configuration
 * (readServiceConfig), or from `env` when a service passes its own.
 */
@Module({})
export class WorkingDayCalendarModule {
  static forService(options: WorkingDayCalendarModuleOptions): DynamicModule {
    const given = options.env ? readCalendarSettings(options.env) : undefined;
    return {
      module: WorkingDayCalendarModule,
      providers: [
        {
          provide: LiveWorkingDayCalendar,
          inject: [DataSource, { token: SERVICE_CONFIG, optional: true }],
          useFactory: (dataSource: DataSource, config?: ServiceConfig) =>
            new LiveWorkingDayCalendar(dataSource, { clock: options.clock, ...(given ?? config?.calendar ?? DEFAULT_CALENDAR_SETTINGS) }),
        },
        LiveCalendarLifecycle,
        CalendarFollower,
      ],
      exports: [LiveWorkingDayCalendar],
    };
  }
}
