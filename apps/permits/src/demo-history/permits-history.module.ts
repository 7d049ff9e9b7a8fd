import { DynamicModule, Module } from '@nestjs/common';
import { EventContracts, TOPICS } from '@palembang/events';
import { HTTP_IDEMPOTENCY_MIGRATIONS } from '@palembang/http';
import { DEFAULT_CALENDAR_SETTINGS, EventSourcingModule, LiveWorkingDayCalendar, PlatformModule, ServiceConfig, serviceMigrationsOf } from '@palembang/platform';
import { permitApplicationDecider, permitEventContracts } from '@palembang/permits-domain';
import { calendarYearEventContracts, systemClock } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { PERMIT_APPLICATION_DECIDER, PermitApplicationsService } from '../permit-applications/permit-applications.service';
import { permitTypeCatalogue } from '../permit-applications/permit-type-catalogue';
import { PermitsModule } from '../permits.module';

/**
 * The permits service's command path without its HTTP side, its deadline watcher or its calendar
 * follower: the seed sends the deadline checks itself, each with the clock of its day, and a
 * watcher running on today's clock would record them on the wrong day.
 */
@Module({})
export class PermitsHistoryModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    const catalogue = permitTypeCatalogue();
    return {
      module: PermitsHistoryModule,
      imports: [
        // The service's own migrations (PlatformModule adds the shared ones): the seed checks the same schema the service does.
        PlatformModule.forService({ config, migrations: serviceMigrationsOf(PermitsModule.forConfig(config))?.filter((migration) => !HTTP_IDEMPOTENCY_MIGRATIONS.includes(migration)) }),
        EventSourcingModule.forService({ topic: TOPICS.permits, contracts: new EventContracts([...permitEventContracts, ...calendarYearEventContracts]) }),
      ],
      providers: [
        {
          provide: LiveWorkingDayCalendar,
          inject: [DataSource],
          // Read once: no calendar change is expected while the seed runs.
          useFactory: async (dataSource: DataSource) => {
            const calendar = new LiveWorkingDayCalendar(dataSource, { ...DEFAULT_CALENDAR_SETTINGS, refreshMs: 0, clock: systemClock });
            await calendar.refresh();
            return calendar;
          },
        },
        { provide: PERMIT_APPLICATION_DECIDER, inject: [LiveWorkingDayCalendar], useFactory: (calendar: LiveWorkingDayCalendar) => permitApplicationDecider({ permitTypes: catalogue, calendar }) },
        PermitApplicationsService,
      ],
      exports: [PermitApplicationsService, LiveWorkingDayCalendar],
    };
  }
}
