import { accessToken, registerClient } from './oauth-client';
import { findFreePort } from './free-port';
import { RunningService, startService } from './service-process';

export const TEST_ADMIN = { clientId: 'bootstrap-admin', clientSecret: 'e2e-bootstrap-admin-secret-0001' };

/** The permits service behind the gateway, each its own process, as agency systems reach it. */
export interface PermitsBehindGateway {
  gateway: RunningService;
  permits: RunningService;
  adminToken: string;
  /** Registers a client of the agency with the scopes and returns a token of it. */
  tokenFor(agencyId: string, scopes: readonly string[]): Promise<string>;
  /** SIGTERM to both; resolves with their exit codes. */
  stop(): Promise<Array<number | null>>;
}

/**
 * Each needs the other's address: permits starts first, told the gateway's
 * reserved port; then the gateway on that port, told where permits listens.
 */
export async function startPermitsBehindGateway(gatewayEnv: Record<string, string> = {}): Promise<PermitsBehindGateway> {
  const gatewayPort = await findFreePort();
  const permits = await startService('permits', { GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`, DEADLINE_CHECK_INTERVAL_MS: '0' });
  let gateway: RunningService;
  try {
    gateway = await startService('gateway', { PORT: String(gatewayPort), GATEWAY_BOOTSTRAP_ADMIN_SECRET: TEST_ADMIN.clientSecret, PERMITS_URL: permits.baseUrl, ...gatewayEnv });
  } catch (error) {
    await permits.terminate();
    throw error;
  }
  const adminToken = await accessToken(gateway.baseUrl, TEST_ADMIN);
  return {
    gateway,
    permits,
    adminToken,
    tokenFor: async (agencyId, scopes) => accessToken(gateway.baseUrl, await registerClient(gateway.baseUrl, adminToken, agencyId, scopes)),
    stop: async () => [await gateway.terminate(), await permits.terminate()],
  };
}

export type Answer = { status: number; headers: Headers; body: Record<string, unknown> & { items?: Array<Record<string, unknown>>; errors?: Array<{ field: string; message: string }> } };

/** One HTTP call with a bearer token (or none); a string body is sent as it is. */
export async function callApi(
  baseUrl: string,
  token: string | undefined,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}
