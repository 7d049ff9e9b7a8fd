import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The raw data of statement attachments sent in multipart/mixed requests, one row per statement and sha2 (the
 * statements name their attachments by that hash, xAPI-Data 2.4.11). An attachment (a certificate, an essay) is
 * personal data of the statement's actor: `content` holds it sealed with the actor's key, as the statement holds the
 * actor's name and mailbox, so forgetting the person erases it too. A reader gets the data only with a statement it
 * may read, so the rows need no scope of their own.
 */
export class XapiAttachments1765000000000 implements MigrationInterface {
  name = 'XapiAttachments1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS xapi_attachments (
        statement_id uuid NOT NULL,
        sha2 text NOT NULL,
        content_type text NOT NULL,
        content jsonb NOT NULL,
        stored timestamptz NOT NULL,
        PRIMARY KEY (statement_id, sha2)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE xapi_attachments`);
  }
}
