import { createServiceDatabase } from '@palembang/platform/testing';
import { DataSource } from 'typeorm';
import { GatewayAuditSchema1764400000000 } from '../audit/gateway-audit.migration';
import { GatewayApiCredentials1764900000000 } from '../credentials/api-credentials.migration';
import { GatewayOAuthSchema1764375000000 } from '../oauth/oauth-schema.migration';
import { GatewayAdminAuditSchema1764910000000 } from './admin-audit.migration';
import { GatewayWebhookScopes1797200000000 } from './webhook-scopes.migration';

const EARLIER = [GatewayOAuthSchema1764375000000, GatewayAuditSchema1764400000000, GatewayApiCredentials1764900000000, GatewayAdminAuditSchema1764910000000];

/** A gateway database from before the webhook scopes (real PostgreSQL), upgraded. */
describe('the webhook scopes migration', () => {
  let databaseUrl: string;
  const scopesOf = async (dataSource: DataSource, clientId: string): Promise<string[]> => (await dataSource.query(`SELECT scopes FROM oauth_clients WHERE client_id = $1`, [clientId]))[0].scopes;

  beforeAll(async () => {
    databaseUrl = await createServiceDatabase('gateway_webhook_scopes');
    const before = await new DataSource({ type: 'postgres', url: databaseUrl, migrations: EARLIER }).initialize();
    await before.runMigrations();
    const insert = `INSERT INTO oauth_clients (client_id, name, agency_id, scopes, secret_hash, revoked_at) VALUES ($1, $1, $2, $3, 'x', $4)`;
    await before.query(insert, ['city-admin', 'pemkot-palembang', ['permits:read', 'admin', 'agencies:all'], null]);
    await before.query(insert, ['city-admin-with-one', 'pemkot-palembang', ['admin', 'agencies:all', 'webhooks:read'], null]);
    await before.query(insert, ['agency-admin', 'dinas-pupr', ['admin', 'permits:read'], null]);
    await before.query(insert, ['revoked-city-admin', 'pemkot-palembang', ['admin', 'agencies:all'], new Date()]);
    await before.destroy();
  });

  it('gives the active city administrators (admin and agencies:all) the two scopes, once, and no one else', async () => {
    const after = await new DataSource({ type: 'postgres', url: databaseUrl, migrations: [...EARLIER, GatewayWebhookScopes1797200000000] }).initialize();
    try {
      await after.runMigrations();
      expect(await scopesOf(after, 'city-admin')).toEqual(['permits:read', 'admin', 'agencies:all', 'webhooks:read', 'webhooks:write']);
      expect(await scopesOf(after, 'city-admin-with-one')).toEqual(['admin', 'agencies:all', 'webhooks:read', 'webhooks:write']);
      expect(await scopesOf(after, 'agency-admin')).toEqual(['admin', 'permits:read']);
      expect(await scopesOf(after, 'revoked-city-admin')).toEqual(['admin', 'agencies:all']);
    } finally {
      await after.destroy();
    }
  });
});
