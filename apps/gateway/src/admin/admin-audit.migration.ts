import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who changed which client or signing key (the call audit says who called;
 * this says what it changed), when a client's earlier tokens stop being
 * honoured, and signing keys revoked at once rather than retired for a day.
 */
export class GatewayAdminAuditSchema1764910000000 implements MigrationInterface {
  name = 'GatewayAdminAuditSchema1764910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gateway_admin_audit (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_client_id text NOT NULL,
        actor_agency_id text NOT NULL,
        action text NOT NULL,
        target text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(`CREATE INDEX gateway_admin_audit_target ON gateway_admin_audit (target, occurred_at)`);
    await queryRunner.query(`ALTER TABLE oauth_clients ADD COLUMN tokens_valid_from timestamptz`);
    await queryRunner.query(`ALTER TABLE signing_keys ADD COLUMN revoked_at timestamptz`);
    // An admin now grants and manages only scopes it holds. A client with admin and agencies:all
    // could grant itself any scope before, so holding them all gives it no new power; the
    // scopes known today, written out: a migration must not change with the code.
    await queryRunner.query(`UPDATE oauth_clients SET scopes = $1 WHERE 'admin' = ANY(scopes) AND 'agencies:all' = ANY(scopes) AND revoked_at IS NULL`, [
      ['permits:read', 'permits:write', 'complaints:read', 'complaints:write', 'training:read', 'training:write', 'surveys:read', 'surveys:write', 'metrics:read', 'admin', 'agencies:all'],
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE signing_keys DROP COLUMN revoked_at`);
    await queryRunner.query(`ALTER TABLE oauth_clients DROP COLUMN tokens_valid_from`);
    await queryRunner.query(`DROP TABLE gateway_admin_audit`);
  }
}
