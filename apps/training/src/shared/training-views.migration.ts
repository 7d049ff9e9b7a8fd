import { MigrationInterface } from 'typeorm';

/**
 * Formerly the one migration creating every read model of the training service and the xAPI statement
 * store. Each read model now has its own migration beside its projection (programs-view.migration.ts,
 * cohorts-view.migration.ts, …, xapi/xapi-statements.migration.ts).
 *
 * Why this empty class stays, under its old name: databases deployed before the split have run it and
 * hold every table already, so the per-aggregate migrations that follow it are idempotent (CREATE TABLE
 * IF NOT EXISTS, CREATE INDEX IF NOT EXISTS, the xAPI trigger only when missing) and find nothing to do
 * there, while a new database gets its tables from them. Keeping the name registered keeps the history
 * of those databases whole (nothing recorded is unknown to the code) and TypeORM never runs it twice;
 * emptying it means a new database does not get the tables from two places.
 */
export class TrainingViews1764600000000 implements MigrationInterface {
  name = 'TrainingViews1764600000000';

  async up(): Promise<void> {
    // Nothing: see above.
  }

  async down(): Promise<void> {
    // Nothing: each read model's migration drops its own tables.
  }
}
