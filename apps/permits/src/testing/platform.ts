import { accessToken, registerClient, RunningService, startService } from '@palembang/platform/testing';

const ADMIN = { clientId: 'bootstrap-admin', clientSecret: 'permits-e2e-bootstrap-admin-secret' };

export type Caller = Readonly<{ token: string; agencyId: string; scopes: readonly string[] }>;

/** A gateway issuing tokens and the permits service verifying them, each its own process. */
export interface PermitsPlatform {
  gateway: RunningService;
  permits: RunningService;
  /** A token of the bootstrap admin (admin + agencies:all). */
  admin: Caller;
  /** Registers a client of the agency with the scopes and returns a token of it. */
  client(agencyId: string, scopes: string[]): Promise<Caller>;
  stop(): Promise<void>;
}

export async function startPermitsPlatform(): Promise<PermitsPlatform> {
  const gateway = await startService('gateway', { GATEWAY_BOOTSTRAP_ADMIN_SECRET: ADMIN.clientSecret });
  try {
    const adminToken = await accessToken(gateway.baseUrl, ADMIN);
    const permits = await startService('permits', { GATEWAY_URL: gateway.baseUrl, DEADLINE_CHECK_INTERVAL_MS: '0' });
    return {
      gateway,
      permits,
      admin: { token: adminToken, agencyId: 'pemkot-palembang', scopes: ['admin', 'agencies:all'] },
      async client(agencyId, scopes) {
        const credentials = await registerClient(gateway.baseUrl, adminToken, agencyId, scopes);
        return { token: await accessToken(gateway.baseUrl, credentials), agencyId, scopes };
      },
      async stop() {
        const codes = [await permits.terminate(), await gateway.terminate()];
        if (codes.some((code) => code !== 0)) throw new Error(`a process exited with ${codes.join(', ')}`);
      },
    };
  } catch (error) {
    await gateway.terminate();
    throw error;
  }
}

export type Answer = { status: number; headers: Headers; body: Record<string, unknown> & { items?: Array<Record<string, unknown>>; errors?: Array<{ field: string; message: string }> } };

/** One HTTP call to the permits service as a caller. */
export async function call(baseUrl: string, caller: Caller | string | undefined, method: 'GET' | 'POST', path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  const token = typeof caller === 'string' ? caller : caller?.token;
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}
