import { createTestDatabase } from '@palembang/events/testing';
import { DataSource } from 'typeorm';
import { AgenciesView1796100000000 } from '../agencies/agencies-view.migration';
import { AgencyRegisterChanged1797400000000 } from '../agencies/register-changed.migration';
import { AccountabilityAggregates1797000000000 } from '../projection/aggregates.migration';
import { AccountabilityFactsChangedTriggersDropped1797300000000 } from '../projection/facts-changed-dropped.migration';
import { AccountabilityFactsChanged1764700000000 } from '../projection/facts-changed.migration';
import { AccountabilityMetricTables1764600000000 } from '../projection/metric-tables.migration';

/** A database of its own with the read model's and the register's migrations, as the service runs them (accountability.module.ts), for the metrics answers' tests. */
export function createMetricsTestDatabase(name: string): Promise<DataSource> {
  return createTestDatabase(name, [
    AccountabilityMetricTables1764600000000,
    AccountabilityFactsChanged1764700000000,
    AgenciesView1796100000000,
    AccountabilityAggregates1797000000000,
    AccountabilityFactsChangedTriggersDropped1797300000000,
    AgencyRegisterChanged1797400000000,
  ]);
}
