import { MigrationInterface, QueryRunner } from 'typeorm';

/** OAuth clients of the gateway and the keys it signs access tokens with. */
export class GatewayOAuthSchema1764375000000 implements MigrationInterface {
  name = 'GatewayOAuthSchema1764375000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE oauth_clients (
        client_id text PRIMARY KEY,
        name text NOT NULL,
        agency_id text NOT NULL,
        scopes text[] NOT NULL,
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX oauth_clients_agency ON oauth_clients (agency_id, client_id)`);
    // TODO: wrap private_key_pem with a KMS key (envelope encryption) instead of storing it as is.
    await queryRunner.query(`
      CREATE TABLE signing_keys (
        kid text PRIMARY KEY,
        algorithm text NOT NULL,
        private_key_pem text NOT NULL,
        public_jwk jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((true)) WHERE retired_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE signing_keys`);
    await queryRunner.query(`DROP TABLE oauth_clients`);
  }
}
