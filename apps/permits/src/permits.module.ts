import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@palembang/auth';
import { EventContracts, TOPICS } from '@palembang/events';
import { AUDITED_STREAM_PREFIXES, EventSourcingModule, PlatformModule, readGatewayAuthConfig, ServiceConfig, serviceClock, StreamAuditController } from '@palembang/platform';
import { permitApplicationDecider, permitEventContracts } from '@palembang/permits-domain';
import { indonesianCalendar } from '@palembang/working-days';
import { DEADLINE_CHECK_INTERVAL_MS, DeadlineWatcher, PERMITS_CLOCK } from './permit-applications/deadline-watcher';
import { PermitApplicationsController } from './permit-applications/http/permit-applications.controller';
import { PermitTypesController } from './permit-applications/http/permit-types.controller';
import { TrackingController } from './permit-applications/http/tracking.controller';
import { PermitApplicationsView1764375000000 } from './permit-applications/permit-applications-view.migration';
import { PERMIT_APPLICATION_DECIDER, PermitApplicationsService } from './permit-applications/permit-applications.service';
import { PERMIT_TYPE_CATALOGUE, permitTypeCatalogue } from './permit-applications/permit-type-catalogue';


@Module({})
export class PermitsModule {
  /** `env` supplies GATEWAY_URL / GATEWAY_ISSUER; a missing or invalid one is a ConfigurationError (exit 78). */
  static forConfig(config: ServiceConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const auth = readGatewayAuthConfig(env);
    const catalogue = permitTypeCatalogue();
    return {
      module: PermitsModule,
      imports: [
        PlatformModule.forService({ config, migrations: [PermitApplicationsView1764375000000] }),
        EventSourcingModule.forService({ topic: TOPICS.permits, contracts: new EventContracts(permitEventContracts) }),
        AuthModule.forJwks(auth),
      ],
      controllers: [PermitTypesController, PermitApplicationsController, TrackingController, StreamAuditController],
      providers: [
        { provide: PERMIT_TYPE_CATALOGUE, useValue: catalogue },
        { provide: AUDITED_STREAM_PREFIXES, useValue: ['permit-application-'] },
        { provide: PERMIT_APPLICATION_DECIDER, useValue: permitApplicationDecider({ permitTypes: catalogue, calendar: indonesianCalendar() }) },
        { provide: PERMITS_CLOCK, useValue: serviceClock(env) },
        { provide: DEADLINE_CHECK_INTERVAL_MS, useValue: Number(process.env.DEADLINE_CHECK_INTERVAL_MS ?? 60_000) },
        PermitApplicationsService,
        DeadlineWatcher,
      ],
      exports: [PermitApplicationsService, DeadlineWatcher],
    };
  }
}
