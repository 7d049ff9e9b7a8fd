import { DataSource, MixedList } from 'typeorm';
import { AppendFunction1764374460000 } from './append-function.migration';
import { EventStoreSchema1764374400000 } from './event-store-schema.migration';
import { KeyedChain1765000000000 } from './keyed-chain.migration';
import { SubjectErasure1764900000000 } from '../personal-data/subject-erasure.migration';

/** Migrations every service runs: the event store, outbox, inbox and personal-data keys. */
export const eventStoreMigrations = [EventStoreSchema1764374400000, AppendFunction1764374460000, SubjectErasure1764900000000, KeyedChain1765000000000];

export interface DataSourceOptions {
  url: string;
  /** The service's own migrations, run after the event store's. */
  migrations?: MixedList<Function>;
  poolSize?: number;
  applicationName?: string;
}

/** A TypeORM data source whose schema comes only from migrations (never `synchronize`). */
export function createDataSource(options: DataSourceOptions): DataSource {
  const migrations = [...eventStoreMigrations, ...((options.migrations as Function[] | undefined) ?? [])];
  return new DataSource({
    type: 'postgres',
    url: options.url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTransactionMode: 'each',
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName,
    // Failed queries reach their callers; TypeORM's own log would print their parameters, which can hold personal data.
    logging: false,
  });
}

/** Connects and brings the schema up to date. */
export async function connectAndMigrate(dataSource: DataSource): Promise<DataSource> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}
