import { MigrationInterface, QueryRunner } from 'typeorm';

/** The JP credited to each civil servant per year. Idempotent: a database that ran TrainingViews1764600000000 has this table already. */
export class DevelopmentRecordsView1764600000004 implements MigrationInterface {
  name = 'DevelopmentRecordsView1764600000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS jp_credits (
        nip text NOT NULL,
        year integer NOT NULL,
        reference text NOT NULL,
        agency_id text NOT NULL,
        program_id text NOT NULL,
        source text NOT NULL,
        jp integer NOT NULL,
        credited_at timestamptz NOT NULL,
        credited_at_text text NOT NULL,
        revoked_at timestamptz,
        PRIMARY KEY (nip, year, reference)
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS jp_credits_by_agency ON jp_credits (agency_id, year)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE jp_credits`);
  }
}
