import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The raw data of statement attachments sent in multipart/mixed requests, kept by sha2 (xAPI-Data 2.4.11: the
 * statements name their attachments by that hash, and the same data sent twice is one row). A reader gets the data
 * only with a statement it may read that names the hash, so the rows need no scope of their own.
 */
export class XapiAttachments1765000000000 implements MigrationInterface {
  name = 'XapiAttachments1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS xapi_attachments (
        sha2 text PRIMARY KEY,
        content_type text NOT NULL,
        content bytea NOT NULL,
        stored timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE xapi_attachments`);
  }
}
