import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@palembang/auth';
import { EventContracts, TOPICS } from '@palembang/events';
import {
  AUDITED_STREAM_PREFIXES,
  EventSourcingModule,
  LiveWorkingDayCalendar,
  PlatformModule,
  ServiceConfig,
  StreamAuditController,
  WorkingDayCalendarCopy1796000000000,
  WorkingDayCalendarModule,
} from '@palembang/platform';
import { permitApplicationDecider, permitEventContracts } from '@palembang/permits-domain';
import { calendarYearEventContracts } from '@palembang/working-days';
import { CALENDAR_CONTROLLERS, CALENDAR_PROVIDERS } from './calendar';
import { DEADLINE_CHECK_INTERVAL_MS, DeadlineWatcher, PERMITS_CLOCK } from './permit-applications/deadline-watcher';
import { PermitApplicationsController } from './permit-applications/http/permit-applications.controller';
import { PermitTypesController } from './permit-applications/http/permit-types.controller';
import { TrackingController } from './permit-applications/http/tracking.controller';
import { PublicTimelineController } from './permit-applications/http/public-timeline.controller';
import { PublicTimelineQuery } from './permit-applications/public-timeline.query';
import { PermitApplicationsView1764375000000 } from './permit-applications/permit-applications-view.migration';
import { PermitApplicationsViewProvisional1796100000000 } from './permit-applications/permit-applications-view-provisional.migration';
import { PERMIT_APPLICATION_DECIDER, PermitApplicationsService } from './permit-applications/permit-applications.service';
import { PERMIT_TYPE_CATALOGUE, permitTypeCatalogue } from './permit-applications/permit-type-catalogue';
import { PermitsConfig, readPermitsConfig } from './permits-config';

@Module({})
export class PermitsModule {
  /** `permits` is the service's own settings (readPermitsConfig: a missing or invalid one is a ConfigurationError, exit 78). */
  static forConfig(config: ServiceConfig, permits: PermitsConfig = readPermitsConfig()): DynamicModule {
    const { auth, calendar: calendarSettings, deadlineCheckIntervalMs } = permits;
    const catalogue = permitTypeCatalogue();
    return {
      module: PermitsModule,
      imports: [
        PlatformModule.forService({ config, migrations: [PermitApplicationsView1764375000000, WorkingDayCalendarCopy1796000000000, PermitApplicationsViewProvisional1796100000000] }),
        // The working-day calendar's streams live here too (see docs/architecture.md, "The working-day calendar").
        EventSourcingModule.forService({ topic: TOPICS.permits, contracts: new EventContracts([...permitEventContracts, ...calendarYearEventContracts]) }),
        WorkingDayCalendarModule.forService(calendarSettings),
        AuthModule.forJwks(auth),
      ],
      controllers: [PermitTypesController, PermitApplicationsController, TrackingController, PublicTimelineController, StreamAuditController, ...CALENDAR_CONTROLLERS],
      providers: [
        { provide: PERMIT_TYPE_CATALOGUE, useValue: catalogue },
        { provide: AUDITED_STREAM_PREFIXES, useValue: ['permit-application-'] },
        {
          provide: PERMIT_APPLICATION_DECIDER,
          inject: [LiveWorkingDayCalendar],
          useFactory: (calendar: LiveWorkingDayCalendar) => permitApplicationDecider({ permitTypes: catalogue, calendar }),
        },
        { provide: PERMITS_CLOCK, useValue: calendarSettings.clock },
        { provide: DEADLINE_CHECK_INTERVAL_MS, useValue: deadlineCheckIntervalMs },
        PermitApplicationsService,
        PublicTimelineQuery,
        DeadlineWatcher,
        ...CALENDAR_PROVIDERS,
      ],
      exports: [PermitApplicationsService, DeadlineWatcher],
    };
  }
}
