import { PALEMBANG_AGENCIES } from '@palembang/events';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A service's copy of the agency register (kept from the register's events on accountability.events),
 * for refusing records that name an agency the register does not hold. It starts with the published
 * seed at stream version 0, the register every installation starts with, so the service accepts those
 * agencies at first start even before Kafka delivers the events; any event (version 1 and up) overrides it.
 */
export class AgencyRegisterCopy1796200000000 implements MigrationInterface {
  name = 'AgencyRegisterCopy1796200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE IF NOT EXISTS agency_register_copy (
        agency_id text PRIMARY KEY,
        name text NOT NULL,
        short_name text NOT NULL,
        kind text NOT NULL,
        status text NOT NULL,
        stream_version integer NOT NULL
      )`);
    await runner.query(
      `INSERT INTO agency_register_copy (agency_id, name, short_name, kind, status, stream_version)
       SELECT seed.agency_id, seed.name, seed.short_name, seed.kind, 'active', 0
         FROM jsonb_to_recordset($1::jsonb) AS seed(agency_id text, name text, short_name text, kind text)
       ON CONFLICT (agency_id) DO NOTHING`,
      [JSON.stringify(PALEMBANG_AGENCIES.map(({ agencyId, name, shortName, kind }) => ({ agency_id: agencyId, name, short_name: shortName, kind })))],
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE agency_register_copy');
  }
}
