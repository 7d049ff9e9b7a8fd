import { MigrationInterface, QueryRunner } from 'typeorm';

/** Responses remembered per (client, Idempotency-Key), so a retried POST has its effect once. */
export class HttpIdempotencySchema1764374500000 implements MigrationInterface {
  name = 'HttpIdempotencySchema1764374500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE http_idempotency_keys (
        client_id text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (client_id, idempotency_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE http_idempotency_keys`);
  }
}
