import { InfraError } from './errors';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A client of the running platform, as written to .local/demo-clients.json for local use only, with the
 * credentials of its one API where it has one: an Open311 api_key, or an xAPI HTTP Basic login.
 */
export type DemoClient = {
  clientId: string;
  clientSecret: string;
  agencyId: string;
  scopes: string[];
  open311ApiKey?: string;
  xapi?: { username: string; password: string };
};

type DemoApi = 'open311' | 'xapi';

/** Agency systems, the citizen portal and a dashboard, modelled on Palembang's agencies (OPD). */
const DEMO_CLIENTS = [
  { name: 'DPMPTSP one-stop permit office', agencyId: 'dpmptsp', scopes: ['permits:read', 'permits:write', 'complaints:read', 'complaints:write', 'training:read', 'training:write'] },
  { name: 'Dinas PUPR (public works)', agencyId: 'dinas-pupr', scopes: ['permits:read', 'permits:write', 'complaints:read', 'complaints:write'] },
  { name: 'Dinas Pariwisata (tourism)', agencyId: 'dinas-pariwisata', scopes: ['permits:read', 'permits:write'] },
  { name: 'Dinas Kominfo (complaints desk, SP4N-LAPOR!)', agencyId: 'dinas-kominfo', scopes: ['complaints:read', 'complaints:write', 'surveys:read'] },
  { name: 'Dinas Perhubungan (transport)', agencyId: 'dinas-perhubungan', scopes: ['complaints:read', 'complaints:write'] },
  { name: 'Dinas Lingkungan Hidup (environment)', agencyId: 'dinas-lingkungan-hidup', scopes: ['permits:read', 'permits:write', 'complaints:read', 'complaints:write'] },
  { name: 'BKPSDM (civil-service development)', agencyId: 'bkpsdm', scopes: ['training:read', 'training:write'] },
  { name: "LMS BKPSDM (xAPI statements of every agency's civil servants, HTTP Basic with its xAPI credential)", agencyId: 'bkpsdm', scopes: ['training:write', 'training:read', 'agencies:all'], api: 'xapi' as DemoApi },
  { name: 'Dinas Kesehatan (health)', agencyId: 'dinas-kesehatan', scopes: ['permits:read', 'permits:write', 'complaints:read', 'complaints:write'] },
  {
    name: 'Citizen portal',
    agencyId: 'pemkot-palembang',
    scopes: ['permits:read', 'permits:write', 'complaints:read', 'complaints:write', 'surveys:read', 'surveys:write', 'agencies:all'],
  },
  { name: 'Open311 reporting app (its Open311 api_key)', agencyId: 'dinas-kominfo', scopes: ['complaints:write'], api: 'open311' as DemoApi },
  { name: 'Accountability dashboard', agencyId: 'pemkot-palembang', scopes: ['metrics:read', 'surveys:read', 'agencies:all'] },
];

/**
 * Registers the demo clients through the gateway's admin API, issues the Open311
 * app its api_key and the LMS its xAPI credential, and keeps them in `file`;
 * later starts reuse the file (the platform's data is kept between runs) and
 * register or issue only what it does not hold yet.
 */
export async function ensureDemoClients(gatewayUrl: string, admin: { clientId: string; clientSecret: string }, file: string): Promise<DemoClient[]> {
  const clients: DemoClient[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoClient[]) : [{ ...admin, agencyId: 'pemkot-palembang', scopes: ['admin', 'agencies:all'] }];
  const find = (demo: (typeof DEMO_CLIENTS)[number]) => clients.find((client) => client.agencyId === demo.agencyId && client.scopes.join(' ') === demo.scopes.join(' '));
  const lacksCredential = (demo: (typeof DEMO_CLIENTS)[number]) => {
    const client = find(demo);
    return (demo.api === 'open311' && !client?.open311ApiKey) || (demo.api === 'xapi' && !client?.xapi);
  };
  const missing = DEMO_CLIENTS.filter((demo) => !find(demo));
  if (missing.length === 0 && !DEMO_CLIENTS.some(lacksCredential)) return clients;
  const token = await clientToken(gatewayUrl, admin);
  // Saved after each secret the gateway hands out: it shows a secret once, so a run stopped half way must not lose it.
  const save = () => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(clients, null, 2)}\n`, { mode: 0o600 });
  };
  const post = async (path: string, body: unknown, what: string): Promise<Record<string, unknown>> => {
    const response = await fetch(`${gatewayUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status !== 201) throw new InfraError(`${what} failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  for (const demo of missing) {
    const created = await post('/v1/admin/clients', { name: demo.name, agencyId: demo.agencyId, scopes: demo.scopes }, `registering demo client "${demo.name}"`);
    clients.push({ clientId: created.clientId as string, clientSecret: created.clientSecret as string, agencyId: demo.agencyId, scopes: demo.scopes });
    save();
  }
  for (const demo of DEMO_CLIENTS.filter(lacksCredential)) {
    const client = find(demo) as DemoClient;
    if (demo.api === 'open311') {
      client.open311ApiKey = (await post(`/v1/admin/clients/${client.clientId}/open311-keys`, undefined, `an Open311 key for "${demo.name}"`)).apiKey as string;
    } else {
      const issued = await post(`/v1/admin/clients/${client.clientId}/xapi-credentials`, undefined, `an xAPI credential for "${demo.name}"`);
      client.xapi = { username: issued.username as string, password: issued.password as string };
    }
    save();
  }
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
