import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credentials for one API each (an Open311 api_key, an xAPI Basic login),
 * issued to an OAuth client and revocable on their own; only a hash of each
 * secret is kept. Failed logins, with who tried and from where, never the secret.
 */
export class GatewayApiCredentials1764900000000 implements MigrationInterface {
  name = 'GatewayApiCredentials1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_credentials (
        credential_id text PRIMARY KEY,
        client_id text NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
        api text NOT NULL CHECK (api IN ('open311', 'xapi')),
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX api_credentials_client ON api_credentials (client_id, api, credential_id)`);
    await queryRunner.query(`
      CREATE TABLE login_failures (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        api text NOT NULL,
        client_id text NOT NULL,
        address text NOT NULL,
        outcome text NOT NULL,
        correlation_id text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX login_failures_time ON login_failures (occurred_at)`);
    await queryRunner.query(`CREATE INDEX login_failures_client_time ON login_failures (client_id, occurred_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE login_failures`);
    await queryRunner.query(`DROP TABLE api_credentials`);
  }
}
