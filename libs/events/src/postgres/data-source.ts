import { DataSource, DataSourceOptions as DataSourceOptionsOfTypeOrm, EntityManager, MixedList, QueryRunner } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { AppendFunction1764374460000 } from './append-function.migration';
import { CommandWriteFunction1796500000000 } from './command-write-function.migration';
import { CommandWriteParseOnce1796600000000 } from './command-write-parse-once.migration';
import { EventStoreSchema1764374400000 } from './event-store-schema.migration';
import { InboxRetention1796428800000 } from './inbox-retention.migration';
import { KeyedChain1765000000000 } from './keyed-chain.migration';
import { requestTransactionOf } from './request-transaction';
import { SubjectErasure1764900000000 } from '../personal-data/subject-erasure.migration';

/** Migrations every service runs: the event store, outbox, inbox and personal-data keys. */
export const eventStoreMigrations = [EventStoreSchema1764374400000, AppendFunction1764374460000, SubjectErasure1764900000000, KeyedChain1765000000000, InboxRetention1796428800000, CommandWriteFunction1796500000000, CommandWriteParseOnce1796600000000];

export interface DataSourceOptions {
  url: string;
  /** The service's own migrations, run after the event store's. */
  migrations?: MixedList<Function>;
  poolSize?: number;
  applicationName?: string;
}

/**
 * A data source whose transactions, queries and manager join the request transaction
 * when one is open (see runInRequestTransaction): a command's events, read model and
 * outbox rows then commit together with the request's idempotency record, or not at
 * all, and what the request reads back includes what it wrote. Writes that must
 * outlive a failed request escape with outsideRequestTransaction.
 */
export class PlatformDataSource extends DataSource {
  constructor(options: DataSourceOptionsOfTypeOrm) {
    super(options);
    // Reads through `manager` inside a request see what the request wrote so far (a command's answer reads its stream back).
    const own = this.manager;
    Object.defineProperty(this, 'manager', { get: () => requestTransactionOf(this) ?? own, configurable: true });
  }

  /** Inside a request transaction, a query runs in it unless it names its own query runner. */
  override query<T = unknown>(query: string, parameters?: unknown[], queryRunner?: QueryRunner): Promise<T> {
    const joined = queryRunner ? undefined : requestTransactionOf(this);
    return joined ? joined.query(query, parameters) : super.query(query, parameters, queryRunner);
  }

  override transaction<T>(run: (manager: EntityManager) => Promise<T>): Promise<T>;
  override transaction<T>(isolation: IsolationLevel, run: (manager: EntityManager) => Promise<T>): Promise<T>;
  override transaction<T>(isolationOrRun: IsolationLevel | ((manager: EntityManager) => Promise<T>), run?: (manager: EntityManager) => Promise<T>): Promise<T> {
    const joined = requestTransactionOf(this);
    const work = typeof isolationOrRun === 'function' ? isolationOrRun : run!;
    // A savepoint of the request's transaction: its own failure rolls back only its own writes.
    if (joined) return joined.transaction(work);
    return typeof isolationOrRun === 'function' ? super.transaction(isolationOrRun) : super.transaction(isolationOrRun, run!);
  }
}

/** A TypeORM data source whose schema comes only from migrations (never `synchronize`). */
export function createDataSource(options: DataSourceOptions): DataSource {
  const migrations = [...eventStoreMigrations, ...((options.migrations as Function[] | undefined) ?? [])];
  return new PlatformDataSource({
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
