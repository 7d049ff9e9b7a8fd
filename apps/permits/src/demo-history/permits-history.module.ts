import { DynamicModule, Module } from '@nestjs/common';
import { EventContracts, TOPICS } from '@palembang/events';
import { EventSourcingModule, LiveWorkingDayCalendar, SEED_HISTORY_CALENDAR, seedHistoryPlatformModule, ServiceConfig } from '@palembang/platform';
import { permitApplicationDecider, permitEventContracts } from '@palembang/permits-domain';
import { calendarYearEventContracts } from '@palembang/working-days';
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
        seedHistoryPlatformModule(config, PermitsModule.forConfig(config)),
        EventSourcingModule.forService({ topic: TOPICS.permits, contracts: new EventContracts([...permitEventContracts, ...calendarYearEventContracts]) }),
      ],
      providers: [
        SEED_HISTORY_CALENDAR,
        { provide: PERMIT_APPLICATION_DECIDER, inject: [LiveWorkingDayCalendar], useFactory: (calendar: LiveWorkingDayCalendar) => permitApplicationDecider({ permitTypes: catalogue, calendar }) },
        PermitApplicationsService,
      ],
      exports: [PermitApplicationsService, LiveWorkingDayCalendar],
    };
  }
}
