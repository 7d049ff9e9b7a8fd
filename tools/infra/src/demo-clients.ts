import { InfraError } from './errors';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A client of the running platform, as written to .local/demo-clients.json for local use only. */
export type DemoClient = { clientId: string; clientSecret: string; agencyId: string; scopes: string[] };

/** Agency systems, the citizen portal and a dashboard, modelled on Palembang's agencies (OPD). */
const DEMO_CLIENTS = [
  { name: 'DPMPTSP one-stop permit office', agencyId: 'dpmptsp', scopes: ['permits:read', 'permits:write', 'complaints:read', 'complaints:write', 'training:read', 'training:write'] },
  { name: 'Dinas PUPR (public works)', agencyId: 'dinas-pupr', scopes: ['permits:read', 'permits:write', 'complaints:read', 'complaints:write'] },
  { name: 'Dinas Pariwisata (tourism)', agencyId: 'dinas-pariwisata', scopes: ['permits:read', 'permits:write'] },
  { name: 'Dinas Kominfo (complaints desk, SP4N-LAPOR!)', agencyId: 'dinas-kominfo', scopes: ['complaints:read', 'complaints:write', 'surveys:read'] },
  { name: 'Dinas Perhubungan (transport)', agencyId: 'dinas-perhubungan', scopes: ['complaints:read', 'complaints:write'] },
  { name: 'Dinas Lingkungan Hidup (environment)', agencyId: 'dinas-lingkungan-hidup', scopes: ['permits:read', 'permits:write', 'complaints:read', 'complaints:write'] },
  { name: 'BKPSDM (civil-service development)', agencyId: 'bkpsdm', scopes: ['training:read', 'training:write'] },
  { name: 'LMS BKPSDM (xAPI statements, HTTP Basic)', agencyId: 'bkpsdm', scopes: ['training:write', 'training:read'] },
  { name: 'Dinas Kesehatan (health)', agencyId: 'dinas-kesehatan', scopes: ['permits:read', 'permits:write', 'complaints:read', 'complaints:write'] },
  {
    name: 'Citizen portal',
    agencyId: 'pemkot-palembang',
    scopes: ['permits:read', 'permits:write', 'complaints:read', 'complaints:write', 'surveys:read', 'surveys:write', 'agencies:all'],
  },
  { name: 'Open311 reporting app (api_key = client_id:client_secret)', agencyId: 'dinas-kominfo', scopes: ['complaints:write'] },
  { name: 'Accountability dashboard', agencyId: 'pemkot-palembang', scopes: ['metrics:read', 'surveys:read', 'agencies:all'] },
];

/**
 * Registers the demo clients through the gateway's admin API and keeps them in
 * `file`; later starts reuse the file (the platform's data is kept between
 * runs) and register only the demo clients it does not hold yet.
 */
export async function ensureDemoClients(gatewayUrl: string, admin: { clientId: string; clientSecret: string }, file: string): Promise<DemoClient[]> {
  const clients: DemoClient[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoClient[]) : [{ ...admin, agencyId: 'pemkot-palembang', scopes: ['admin', 'agencies:all'] }];
  const missing = DEMO_CLIENTS.filter((demo) => !clients.some((client) => client.agencyId === demo.agencyId && client.scopes.join(' ') === demo.scopes.join(' ')));
  if (missing.length === 0) return clients;
  const token = await clientToken(gatewayUrl, admin, 'admin agencies:all');
  for (const demo of missing) {
    const response = await fetch(`${gatewayUrl}/v1/admin/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(demo),
    });
    if (response.status !== 201) throw new InfraError(`registering demo client "${demo.name}" failed: ${response.status} ${await response.text()}`);
    const created = (await response.json()) as { clientId: string; clientSecret: string };
    clients.push({ clientId: created.clientId, clientSecret: created.clientSecret, agencyId: demo.agencyId, scopes: demo.scopes });
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(clients, null, 2)}\n`, { mode: 0o600 });
  return clients;
}

/** A token of a client by client_secret_basic (RFC 6749 2.3.1: id and secret form-encoded first). */
export async function clientToken(gatewayUrl: string, client: { clientId: string; clientSecret: string }, scope?: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (scope) form.set('scope', scope);
  const response = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: form.toString(),
  });
  if (response.status !== 200) throw new InfraError(`${client.clientId} could not get a token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
