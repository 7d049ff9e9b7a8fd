import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@palembang/auth';
import { AGENCY_REGISTER_CONTRACTS, EventContracts, servicePerformanceBelowStandardContract, TOPICS } from '@palembang/events';
import { EventSourcingModule, PlatformModule, ServiceConfig, WorkingDayCalendarCopy1796000000000, WorkingDayCalendarModule } from '@palembang/platform';
import { ACCOUNTABILITY_SETTINGS, readAccountabilityConfig } from './accountability-settings';
import { AgenciesService } from './agencies/agencies.service';
import { AgenciesView1796100000000 } from './agencies/agencies-view.migration';
import { AgencyRegisterSeed } from './agencies/agency-register-seed';
import { AgenciesController } from './agencies/http/agencies.controller';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsChangeListener } from './metrics/metrics-change-listener';
import { ACCOUNTABILITY_CLOCK, MetricsReader } from './metrics/metrics-reader';
import { TalliesCache } from './metrics/tallies-cache';
import { AccountabilityGauges } from './metrics/prometheus-gauges';
import { DomainEventsConsumer } from './projection/domain-events.consumer';
import { AccountabilityAggregates1797000000000 } from './projection/aggregates.migration';
import { AccountabilityFactsChanged1764700000000 } from './projection/facts-changed.migration';
import { AccountabilityFactsChangedTriggersDropped1797300000000 } from './projection/facts-changed-dropped.migration';
import { AgencyRegisterChanged1797400000000 } from './agencies/register-changed.migration';
import { AccountabilityMetricTables1764600000000 } from './projection/metric-tables.migration';

@Module({})
export class AccountabilityModule {
  /** `env` (the process's when omitted) is read by readAccountabilityConfig; a bad variable is a ConfigurationError (exit 78). */
  static forConfig(config: ServiceConfig, env?: NodeJS.ProcessEnv): DynamicModule {
    const { clock, gatewayAuth, settings, calendarEnv } = readAccountabilityConfig(env);
    return {
      module: AccountabilityModule,
      imports: [
        PlatformModule.forService({ config, migrations: [AccountabilityMetricTables1764600000000, AccountabilityFactsChanged1764700000000, WorkingDayCalendarCopy1796000000000, AgenciesView1796100000000, AccountabilityAggregates1797000000000, AccountabilityFactsChangedTriggersDropped1797300000000, AgencyRegisterChanged1797400000000] }),
        // The alert is the shared integration event (libs/events/core) that training consumes.
        EventSourcingModule.forService({ topic: TOPICS.accountability, contracts: new EventContracts([servicePerformanceBelowStandardContract, ...AGENCY_REGISTER_CONTRACTS]), personalData: false }),
        AuthModule.forJwks(gatewayAuth),
        WorkingDayCalendarModule.forService({ clock, env: calendarEnv }),
      ],
      controllers: [MetricsController, AgenciesController],
      providers: [
        { provide: ACCOUNTABILITY_SETTINGS, useValue: settings },
        { provide: ACCOUNTABILITY_CLOCK, useValue: clock },
        TalliesCache,
        MetricsReader,
        MetricsChangeListener,
        AccountabilityGauges,
        DomainEventsConsumer,
        AgenciesService,
        AgencyRegisterSeed,
      ],
    };
  }
}
