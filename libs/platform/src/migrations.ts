import { DynamicModule, Provider, Type } from '@nestjs/common';
import { createDataSource, isDatabaseUnavailable } from '@palembang/events';
import { DataSource, MigrationInterface } from 'typeorm';

/** The provider PlatformModule.forService gives the service's migrations under, so the migrate command can find them. */
export const SERVICE_MIGRATIONS = Symbol('SERVICE_MIGRATIONS');

/** Any number of migrators (Jobs, replicas started with MIGRATIONS=run) take turns on this lock. */
const MIGRATION_LOCK = 73_120_002;

/** Start-up refused: the database is behind the code (MIGRATIONS unset and migrations pending). */
export class SchemaNotMigratedError extends Error {
  constructor(readonly pending: readonly string[]) {
    super(
      `the database schema is not up to date: ${pending.length} migration(s) pending (${pending.join(', ')}); ` +
        'run the migrate command first (node main.js migrate) or start with MIGRATIONS=run',
    );
    this.name = 'SchemaNotMigratedError';
  }
}

/** Applies the pending migrations under the migration lock; returns the names of those it applied. */
export async function migrateSchema(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
}

/** The names of the data source's migrations that the database has not recorded; writes nothing. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const [{ present }]: Array<{ present: boolean }> = await dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
  const executed = new Set<string>(present ? (await dataSource.query(`SELECT name FROM "${table}"`)).map((row: { name: string }) => row.name) : []);
  return dataSource.migrations.map(migrationName).filter((name) => !executed.has(name));
}

/** Refuses a database that is behind the code. */
export async function verifySchemaCurrent(dataSource: DataSource): Promise<void> {
  const pending = await pendingMigrations(dataSource);
  if (pending.length > 0) throw new SchemaNotMigratedError(pending);
}

/** `node main.js migrate`: applies the service's migrations to DATABASE_URL and closes the connection. */
export async function runMigrations(
  databaseUrl: string,
  migrations: Function[],
  applicationName: string,
  waitForDatabaseMs = DATABASE_WAIT_MS,
): Promise<{ applied: string[]; total: number }> {
  const dataSource = await connectWaiting(() => createDataSource({ url: databaseUrl, migrations, poolSize: 2, applicationName }), waitForDatabaseMs);
  try {
    const applied = await migrateSchema(dataSource);
    return { applied, total: dataSource.migrations.length };
  } finally {
    await dataSource.destroy();
  }
}

/**
 * How long the migrate command waits for a database it cannot reach: a migration Job or Compose
 * service often starts while the server, the container network or its DNS is still settling
 * (getaddrinfo EAI_AGAIN was seen in the Compose run), and failing at once only moves the retry
 * to the orchestrator, or fails a Compose stack for good.
 */
export const DEFAULT_MIGRATE_WAIT_SECONDS = 60;
const DATABASE_WAIT_MS = DEFAULT_MIGRATE_WAIT_SECONDS * 1000;

async function connectWaiting(create: () => DataSource, waitMs: number): Promise<DataSource> {
  const deadline = Date.now() + waitMs;
  for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 4_000)) {
    // A new DataSource per attempt: one whose initialize failed keeps its half-made pool.
    const dataSource = create();
    try {
      return await dataSource.initialize();
    } catch (error) {
      await dataSource.destroy().catch(() => undefined);
      if (!isDatabaseUnavailable(error) || Date.now() + delayMs > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

/** The migrations PlatformModule.forService was given somewhere in the service's module tree. */
export function serviceMigrationsOf(root: Type<unknown> | DynamicModule): Function[] | undefined {
  const seen = new Set<unknown>();
  const visit = (module: unknown): Function[] | undefined => {
    if (!module || seen.has(module)) return undefined;
    seen.add(module);
    const dynamic = typeof module === 'object' ? (module as DynamicModule) : undefined;
    const provider = dynamic?.providers?.find((candidate: Provider) => typeof candidate === 'object' && 'provide' in candidate && candidate.provide === SERVICE_MIGRATIONS);
    if (provider && 'useValue' in provider) return provider.useValue as Function[];
    const moduleClass = dynamic ? dynamic.module : module;
    const imports: unknown[] = [...(dynamic?.imports ?? []), ...((Reflect.getMetadata('imports', moduleClass as object) as unknown[] | undefined) ?? [])];
    for (const imported of imports) {
      const found = visit(imported);
      if (found) return found;
    }
    return undefined;
  };
  return visit(root);
}

function migrationName(migration: MigrationInterface): string {
  return migration.name ?? migration.constructor.name;
}
