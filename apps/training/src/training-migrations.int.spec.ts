import { runMigrations } from '@palembang/platform';
import { createServiceDatabase } from '@palembang/platform/testing';
import { Client } from 'pg';
import { LegacyTrainingViews1764600000000 } from './testing/legacy-training-views.migration';
import { TRAINING_MIGRATIONS } from './training-migrations';
import { XapiStatementsScope1764900000000 } from './xapi/xapi-statements-scope.migration';
import { XapiStatementsSealing1764900000001 } from './xapi/xapi-statements-sealing.migration';

/** The read models' migrations, split by aggregate, on a new database and on one deployed before the split. */
describe('the training migrations (real PostgreSQL)', () => {
  async function query<T>(url: string, sql: string): Promise<T[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  const SCHEMA = `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`;
  const INDEXES = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname`;
  const TRIGGER_FUNCTION = `SELECT prosrc FROM pg_proc WHERE proname = 'xapi_statements_immutable'`;
  const TRIGGERS = `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`;
  const deployedBefore = ['TrainingViews1764600000000', 'XapiStatementsScope1764900000000', 'XapiStatementsSealing1764900000001'];
  const newNames = TRAINING_MIGRATIONS.map((migration) => new migration().name).filter((name) => !deployedBefore.includes(name));

  let upgraded: string;
  let fresh: string;

  beforeAll(async () => {
    upgraded = await createServiceDatabase('training');
    fresh = await createServiceDatabase('training');
    await runMigrations(upgraded, [LegacyTrainingViews1764600000000, XapiStatementsScope1764900000000, XapiStatementsSealing1764900000001], 'training-migrations-test');
  }, 60_000);

  it('upgrade a database that ran the former single migration by running only the new ones, which find everything in place', async () => {
    const { applied } = await runMigrations(upgraded, TRAINING_MIGRATIONS, 'training-migrations-test');
    expect(applied).toEqual(newNames);
    // Every migration deployed before is still in the list, under its name; all the others run.
    expect(newNames).toHaveLength(TRAINING_MIGRATIONS.length - deployedBefore.length);
    // The sealing migration's trigger function stays: the idempotent statement store does not put the first one back.
    const [{ prosrc }] = await query<{ prosrc: string }>(upgraded, TRIGGER_FUNCTION);
    expect(prosrc).toContain('NOT OLD.sealed AND NEW.sealed');
    expect(await runMigrations(upgraded, TRAINING_MIGRATIONS, 'training-migrations-test')).toEqual({ applied: [], total: expect.any(Number) });
  }, 60_000);

  it('give a new database the same tables, indexes and trigger as an upgraded one', async () => {
    const { applied } = await runMigrations(fresh, TRAINING_MIGRATIONS, 'training-migrations-test');
    expect(applied).toEqual(expect.arrayContaining(TRAINING_MIGRATIONS.map((migration) => new migration().name)));
    expect(await query(fresh, SCHEMA)).toEqual(await query(upgraded, SCHEMA));
    expect(await query(fresh, INDEXES)).toEqual(await query(upgraded, INDEXES));
    expect(await query(fresh, TRIGGERS)).toEqual(await query(upgraded, TRIGGERS));
    expect(await query(fresh, TRIGGER_FUNCTION)).toEqual(await query(upgraded, TRIGGER_FUNCTION));
  }, 60_000);
});
