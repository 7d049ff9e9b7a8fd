import { AuthPrincipal } from '@palembang/auth';
import { createServiceDatabase } from '@palembang/platform/testing';
import { DataSource } from 'typeorm';
import { GatewayAdminAuditSchema1764910000000 } from '../admin/admin-audit.migration';
import { GatewayAuditSchema1764400000000 } from '../audit/gateway-audit.migration';
import { OAuthClientStore } from '../oauth/oauth-client.store';
import { GatewayOAuthSchema1764375000000 } from '../oauth/oauth-schema.migration';
import { GatewayApiCredentials1764900000000 } from './api-credentials.migration';
import { ApiCredentialStore } from './api-credential.store';

const admin = (clientId: string, agencyId: string, scopes: string[]): AuthPrincipal => ({ clientId, agencyId, scopes }) as unknown as AuthPrincipal;

/**
 * The store itself re-checks that the actor manages the client, in the statement that changes it:
 * the controller's check comes first, but a grant or scope change made between the two must not
 * let a weaker admin through (review 1.5).
 */
describe('API credentials store (PostgreSQL)', () => {
  let dataSource: DataSource;
  let credentials: ApiCredentialStore;
  let clientId: string;
  const cityAdmin = admin('city-admin', 'pemkot-palembang', ['admin', 'agencies:all', 'training:read', 'training:write']);

  beforeAll(async () => {
    dataSource = await new DataSource({
      type: 'postgres',
      url: await createServiceDatabase('gateway_credentials'),
      migrations: [GatewayOAuthSchema1764375000000, GatewayAuditSchema1764400000000, GatewayApiCredentials1764900000000, GatewayAdminAuditSchema1764910000000],
    }).initialize();
    await dataSource.runMigrations();
    credentials = new ApiCredentialStore(dataSource);
    const created = await new OAuthClientStore(dataSource).create({ name: 'LMS', agencyId: 'bkpsdm', scopes: ['training:read', 'training:write'] }, cityAdmin);
    clientId = created!.client.clientId;
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('revokes nothing, and records nothing, for an admin of another agency or one lacking a scope of the client', async () => {
    const issued = await credentials.issue(clientId, 'xapi', cityAdmin);
    const credentialId = issued!.credential.credentialId;
    const otherAgency = admin('other-admin', 'dinas-pupr', ['admin', 'training:read', 'training:write']);
    const weaker = admin('weak-admin', 'bkpsdm', ['admin', 'training:read']);
    expect(await credentials.revoke(clientId, 'xapi', credentialId, otherAgency)).toBeUndefined();
    expect(await credentials.revoke(clientId, 'xapi', credentialId, weaker)).toBeUndefined();
    expect(await credentials.authenticate('xapi', credentialId, issued!.secret)).toEqual(expect.objectContaining({ clientId }));
    expect((await dataSource.query(`SELECT action FROM gateway_admin_audit WHERE detail->>'credentialId' = $1`, [credentialId])).map((row: { action: string }) => row.action)).toEqual(['api_credential.issued']);

    const ownAgency = admin('own-admin', 'bkpsdm', ['admin', 'training:read', 'training:write']);
    expect(await credentials.revoke(clientId, 'xapi', credentialId, ownAgency)).toEqual(expect.objectContaining({ credentialId, revokedAt: expect.any(String) }));
    expect(await credentials.authenticate('xapi', credentialId, issued!.secret)).toBeUndefined();
    expect(await dataSource.query(`SELECT actor_client_id, actor_agency_id, action, target FROM gateway_admin_audit WHERE detail->>'credentialId' = $1 ORDER BY id`, [credentialId])).toEqual([
      { actor_client_id: 'city-admin', actor_agency_id: 'pemkot-palembang', action: 'api_credential.issued', target: clientId },
      { actor_client_id: 'own-admin', actor_agency_id: 'bkpsdm', action: 'api_credential.revoked', target: clientId },
    ]);
  });
});
