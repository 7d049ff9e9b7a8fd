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

/**
 * A key's claim in one round trip: waits for the key's advisory lock (held to the end of the
 * transaction) at most p_wait_ms, then returns the earlier request's answer, if one is kept.
 * The read is a statement of its own inside the function, so it sees an answer committed while
 * it waited; lock_timeout is set only around the wait, the command's own waits keep theirs.
 */
export class HttpIdempotencyClaimFunction1796500000001 implements MigrationInterface {
  name = 'HttpIdempotencyClaimFunction1796500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION http_idempotency_claim(p_client_id text, p_key text, p_wait_ms integer, p_retention_days integer)
      RETURNS TABLE (request_hash text, response_status integer, response_body jsonb, response_headers jsonb)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_lock_timeout text := current_setting('lock_timeout');
      BEGIN
        PERFORM set_config('lock_timeout', p_wait_ms || 'ms', true);
        PERFORM pg_advisory_xact_lock(hashtext(p_client_id), hashtext(p_key));
        PERFORM set_config('lock_timeout', v_lock_timeout, true);
        RETURN QUERY
          SELECT k.request_hash, k.response_status, k.response_body, k.response_headers FROM http_idempotency_keys k
           WHERE k.client_id = p_client_id AND k.idempotency_key = p_key AND k.response_status IS NOT NULL
             AND k.created_at >= now() - make_interval(days => p_retention_days);
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION http_idempotency_claim(text, text, integer, integer)`);
  }
}

/** Every migration of the idempotency table, in order. */
export const HTTP_IDEMPOTENCY_MIGRATIONS = [HttpIdempotencySchema1764374500000, HttpIdempotencyHeaders1764600000000, HttpIdempotencyClaims1764800000000, HttpIdempotencyClaimFunction1796500000001];
