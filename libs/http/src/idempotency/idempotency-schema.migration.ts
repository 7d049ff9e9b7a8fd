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

/** The response headers a retry must see again (Location, ETag). */
export class HttpIdempotencyHeaders1764600000000 implements MigrationInterface {
  name = 'HttpIdempotencyHeaders1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE http_idempotency_keys ADD COLUMN response_headers jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE http_idempotency_keys DROP COLUMN response_headers`);
  }
}

/**
 * A token per claim, so that a request whose claim was taken over (it ran
 * past the abandonment limit) can neither store its answer over the new
 * claim's nor release it; and an index for the hourly sweep of old keys.
 */
export class HttpIdempotencyClaims1764800000000 implements MigrationInterface {
  name = 'HttpIdempotencyClaims1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE http_idempotency_keys ADD COLUMN claim_id uuid`);
    await queryRunner.query(`CREATE INDEX http_idempotency_keys_created ON http_idempotency_keys (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX http_idempotency_keys_created`);
    await queryRunner.query(`ALTER TABLE http_idempotency_keys DROP COLUMN claim_id`);
  }
}

/** Every migration of the idempotency table, in order. */
export const HTTP_IDEMPOTENCY_MIGRATIONS = [HttpIdempotencySchema1764374500000, HttpIdempotencyHeaders1764600000000, HttpIdempotencyClaims1764800000000];
