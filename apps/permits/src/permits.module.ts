import { DynamicModule, Module } from '@nestjs/common';
import { EventContracts, TOPICS } from '@palembang/events';
import { EventSourcingModule, PlatformModule, ServiceConfig } from '@palembang/platform';
import { PALEMBANG_PERMIT_TYPES, permitApplicationDecider, permitEventContracts } from '@palembang/permits-domain';
import { indonesianCalendar, systemClock } from '@palembang/working-days';
import { DEADLINE_CHECK_INTERVAL_MS, DeadlineWatcher, PERMITS_CLOCK } from './permit-applications/deadline-watcher';
import { PermitApplicationsView1764375000000 } from './permit-applications/permit-applications-view.migration';
import { PERMIT_APPLICATION_DECIDER, PermitApplicationsService } from './permit-applications/permit-applications.service';

@Module({})
export class PermitsModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    return {
      module: PermitsModule,
      imports: [
        PlatformModule.forService({ config, migrations: [PermitApplicationsView1764375000000] }),
        EventSourcingModule.forService({ topic: TOPICS.permits, contracts: new EventContracts(permitEventContracts) }),
      ],
      providers: [
        { provide: PERMIT_APPLICATION_DECIDER, useValue: permitApplicationDecider({ permitTypes: PALEMBANG_PERMIT_TYPES, calendar: indonesianCalendar() }) },
        { provide: PERMITS_CLOCK, useValue: systemClock },
        { provide: DEADLINE_CHECK_INTERVAL_MS, useValue: Number(process.env.DEADLINE_CHECK_INTERVAL_MS ?? 60_000) },
        PermitApplicationsService,
        DeadlineWatcher,
      ],
      exports: [PermitApplicationsService, DeadlineWatcher],
    };
  }
}
