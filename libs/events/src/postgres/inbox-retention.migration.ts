import { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets each consumer find its inbox rows past the retention (EventConsumer.pruneInbox) without scanning the inbox. */
export class InboxRetention1796428800000 implements MigrationInterface {
  name = 'InboxRetention1796428800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX es_inbox_consumer_processed_at ON es_inbox (consumer, processed_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX es_inbox_consumer_processed_at`);
  }
}
