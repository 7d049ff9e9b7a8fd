import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@palembang/auth';
import { EventContracts, servicePerformanceBelowStandardContract, TOPICS } from '@palembang/events';
import { EventSourcingModule, PlatformModule, readGatewayAuthConfig, ServiceConfig, serviceClock, WorkingDayCalendarCopy1796000000000, WorkingDayCalendarModule } from '@palembang/platform';
import { ACCOUNTABILITY_SETTINGS, readAccountabilitySettings } from './accountability-settings';
import { MetricsController } from './metrics/metrics.controller';
import { ACCOUNTABILITY_CLOCK, MetricsReader } from './metrics/metrics-reader';
import { AccountabilityGauges } from './metrics/prometheus-gauges';
import { DomainEventsConsumer } from './projection/domain-events.consumer';
import { AccountabilityFactsChanged1764700000000 } from './projection/facts-changed.migration';
import { AccountabilityMetricTables1764600000000 } from './projection/metric-tables.migration';

@Module({})
export class AccountabilityModule {
  /** `env` supplies GATEWAY_URL / GATEWAY_ISSUER and the settings of accountability-settings.ts; a bad one is a ConfigurationError (exit 78). */
  static forConfig(config: ServiceConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const clock = serviceClock(env);
    return {
      module: AccountabilityModule,
      imports: [
        PlatformModule.forService({ config, migrations: [AccountabilityMetricTables1764600000000, AccountabilityFactsChanged1764700000000, WorkingDayCalendarCopy1796000000000] }),
        // The alert is the shared integration event (libs/events/core) that training consumes.
        EventSourcingModule.forService({ topic: TOPICS.accountability, contracts: new EventContracts([servicePerformanceBelowStandardContract]), personalData: false }),
        AuthModule.forJwks(readGatewayAuthConfig(env)),
        WorkingDayCalendarModule.forService({ clock, env }),
      ],
      controllers: [MetricsController],
      providers: [
        { provide: ACCOUNTABILITY_SETTINGS, useValue: readAccountabilitySettings(env) },
        { provide: ACCOUNTABILITY_CLOCK, useValue: clock },
        MetricsReader,
        AccountabilityGauges,
        DomainEventsConsumer,
      ],
    };
  }
}
