import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { KNOWN_SCOPES } from '@palembang/auth';
import { accessToken, callAdmin, Credentials } from '@palembang/platform/testing';
import { RunningGateway, startGateway } from '../testing/start-gateway';

const ADMIN: Credentials = { clientId: 'bootstrap-admin', clientSecret: 'bootstrap-secret-for-discovery-tests' };

/**
 * A stock OAuth client (oauth4webapi, which follows RFC 8414) given only the
 * issuer, as an agency integrator configures it. It runs in its own Node
 * process: the library is an ES module, which Node 20.19+ loads by require
 * but Jest's module loader does not.
 */
const STOCK_CLIENT = `
const oauth = require('oauth4webapi');
(async () => {
  const issuer = new URL(process.env.ISSUER);
  const insecure = { [oauth.allowInsecureRequests]: true };
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  const client = { client_id: process.env.CLIENT_ID };
  const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(process.env.CLIENT_SECRET), new URLSearchParams({ scope: 'permits:read' }), insecure);
  const token = await oauth.processClientCredentialsResponse(as, client, response);
  process.stdout.write(JSON.stringify({ tokenEndpoint: as.token_endpoint, accessToken: token.access_token, scope: token.scope }));
})().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
`;

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('OAuth 2.0 discovery (RFC 8414) on the gateway process', () => {
  let gateway: RunningGateway;
  let portal: Credentials;

  beforeAll(async () => {
    gateway = await startGateway({ GATEWAY_BOOTSTRAP_ADMIN_SECRET: ADMIN.clientSecret });
    const created = await callAdmin(gateway.baseUrl, await accessToken(gateway.baseUrl, ADMIN), 'POST', '/v1/admin/clients', { name: 'DPMPTSP permit portal', agencyId: 'dpmptsp', scopes: ['permits:read', 'permits:write'] });
    expect(created.status).toBe(201);
    portal = { clientId: created.body.clientId as string, clientSecret: created.body.clientSecret as string };
  }, 90_000);

  afterAll(async () => {
    expect(await gateway?.terminate()).toBe(0);
  });

  it('publishes the metadata without a token, cacheable, naming the issuer of its tokens, the token endpoint, the keys, the grant, the authentication methods and the scopes', async () => {
    const response = await fetch(`${gateway.baseUrl}/.well-known/oauth-authorization-server`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).toEqual({
      issuer: gateway.baseUrl,
      token_endpoint: `${gateway.baseUrl}/oauth/token`,
      jwks_uri: `${gateway.baseUrl}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: [...KNOWN_SCOPES],
    });
    const keys = await fetch(metadata.jwks_uri as string);
    expect(keys.status).toBe(200);
    expect(((await keys.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
  });

  it('lets a stock client configured with only the issuer discover the token endpoint and get a Bearer token whose iss is that issuer', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', STOCK_CLIENT], {
      cwd: process.cwd(),
      env: { ...process.env, ISSUER: gateway.baseUrl, CLIENT_ID: portal.clientId, CLIENT_SECRET: portal.clientSecret },
      timeout: 60_000,
    });
    const obtained = JSON.parse(stdout) as { tokenEndpoint: string; accessToken: string; scope: string };
    expect(obtained.tokenEndpoint).toBe(`${gateway.baseUrl}/oauth/token`);
    expect(obtained.scope).toBe('permits:read');
    expect(claimsOf(obtained.accessToken)).toEqual(expect.objectContaining({ iss: gateway.baseUrl, sub: portal.clientId }));
  }, 90_000);

  it('answers token_type exactly "Bearer", as RFC 6750 section 4 spells it', async () => {
    const response = await fetch(`${gateway.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: portal.clientId, client_secret: portal.clientSecret }).toString(),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { token_type: string }).token_type).toBe('Bearer');
  });
});
