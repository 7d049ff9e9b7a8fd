import { callApi } from './permits-behind-gateway';
/** What a client of the gateway does in the tests: ask for tokens, call the admin API. */
export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export type TokenAnswer = { status: number; headers: Headers; body: Record<string, unknown> };

export async function requestToken(
  baseUrl: string,
  credentials: Credentials,
  options: { method?: 'basic' | 'post'; scope?: string; grantType?: string } = {},
): Promise<TokenAnswer> {
  const form = new URLSearchParams({ grant_type: options.grantType ?? 'client_credentials' });
  if (options.scope !== undefined) form.set('scope', options.scope);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if ((options.method ?? 'basic') === 'basic') {
    const encode = (value: string) => encodeURIComponent(value);
    headers.authorization = `Basic ${Buffer.from(`${encode(credentials.clientId)}:${encode(credentials.clientSecret)}`).toString('base64')}`;
  } else {
    form.set('client_id', credentials.clientId);
    form.set('client_secret', credentials.clientSecret);
  }
  const response = await fetch(`${baseUrl}/oauth/token`, { method: 'POST', headers, body: form.toString() });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

export async function accessToken(baseUrl: string, credentials: Credentials, scope?: string): Promise<string> {
  const answer = await requestToken(baseUrl, credentials, { scope });
  if (answer.status !== 200) throw new Error(`no token: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.access_token as string;
}

export async function callAdmin(baseUrl: string, token: string | undefined, method: 'GET' | 'POST', path: string, body?: unknown) {
  return callApi(baseUrl, token, method, path, { body });
}

/** Registers a client through the gateway's admin API and returns its credentials. */
export async function registerClient(baseUrl: string, adminToken: string, agencyId: string, scopes: readonly string[]): Promise<Credentials> {
  const answer = await callAdmin(baseUrl, adminToken, 'POST', '/v1/admin/clients', { name: `${agencyId} ${scopes.join(' ')}`, agencyId, scopes });
  if (answer.status !== 201) throw new Error(`client not created: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { clientId: answer.body.clientId as string, clientSecret: answer.body.clientSecret as string };
}

/** Issues an Open311 key for a client through the admin API; returns the api_key (`credential_id:secret`). */
export async function issueOpen311Key(baseUrl: string, adminToken: string, clientId: string): Promise<string> {
  const answer = await callAdmin(baseUrl, adminToken, 'POST', `/v1/admin/clients/${clientId}/open311-keys`);
  if (answer.status !== 201) throw new Error(`no Open311 key: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.apiKey as string;
}

/** Issues an xAPI credential for a client through the admin API; returns the HTTP Basic user name and password. */
export async function issueXapiCredential(baseUrl: string, adminToken: string, clientId: string): Promise<{ username: string; password: string }> {
  const answer = await callAdmin(baseUrl, adminToken, 'POST', `/v1/admin/clients/${clientId}/xapi-credentials`);
  if (answer.status !== 201) throw new Error(`no xAPI credential: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { username: answer.body.username as string, password: answer.body.password as string };
}
