import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an Open311 client posted that the complaint itself does not keep: the
 * media_url and the address_id, one row per complaint filed through Open311
 * with either, sealed under the reporter's key like the complaint's own fields.
 */
export class Open311RequestLinks1796200000000 implements MigrationInterface {
  name = 'Open311RequestLinks1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE open311_request_links (
        complaint_id uuid PRIMARY KEY,
        media_url jsonb,
        address_id jsonb,
        filed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE open311_request_links`);
  }
}
