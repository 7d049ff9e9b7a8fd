import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each service's copy of the published working-day calendars, kept from the calendar
 * events (stream `working-day-calendar-<year>`, topic permits.events). `changed_from` is
 * the first day the latest change touches; `reconciled_version` says up to which
 * version the service's running deadlines were recalculated.
 */
export class WorkingDayCalendarCopy1796000000000 implements MigrationInterface {
  name = 'WorkingDayCalendarCopy1796000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE working_day_calendar_years (
        year integer PRIMARY KEY,
        stream_version integer NOT NULL,
        decree jsonb NOT NULL,
        days jsonb NOT NULL,
        amendments jsonb NOT NULL DEFAULT '[]',
        changed_from date NOT NULL,
        last_change jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        reconciled_version integer NOT NULL DEFAULT 0
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE working_day_calendar_years');
  }
}
