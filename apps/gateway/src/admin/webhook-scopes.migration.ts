import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook service added webhooks:read and webhooks:write. An admin grants only scopes it
 * holds, so a city administrator created before them (admin and agencies:all, which could grant
 * itself any scope anyway) gets them, or no one could ever be given them. Written out: a
 * migration must not change with the code.
 */
export class GatewayWebhookScopes1797200000000 implements MigrationInterface {
  name = 'GatewayWebhookScopes1797200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE oauth_clients SET scopes = scopes || ARRAY(SELECT scope FROM unnest($1::text[]) WITH ORDINALITY AS added(scope, n) WHERE scope <> ALL(scopes) ORDER BY n)
       WHERE 'admin' = ANY(scopes) AND 'agencies:all' = ANY(scopes) AND revoked_at IS NULL`,
      [['webhooks:read', 'webhooks:write']],
    );
  }

  async down(): Promise<void> {
    // Scopes granted since cannot be told from these; nothing to undo.
  }
}
