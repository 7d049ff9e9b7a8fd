import { randomBytes } from 'node:crypto';
import { accessToken, registerClient } from './oauth-client';
import { findFreePort } from './free-port';
import { RunningService, startService } from './service-process';

export const TEST_ADMIN = { clientId: 'bootstrap-admin', clientSecret: 'e2e-bootstrap-admin-secret-0001' };

/** Services the gateway forwards to; the ones a test does not start are addressed where nothing listens. */
export type UpstreamService = 'permits' | 'complaints' | 'training' | 'accountability' | 'webhooks';
const NOTHING_LISTENS = 'http://127.0.0.1:9';

/** Services behind the gateway, each its own process, as agency systems reach them. */
export interface ServicesBehindGateway<S extends UpstreamService> {
  gateway: RunningService;
  services: Record<S, RunningService>;
  adminToken: string;
  /** The platform's CALENDAR_NAMESPACE: more processes on its databases (watchers) must follow the same calendar streams. */
  calendarNamespace: string;
  /** Registers a client of the agency with the scopes and returns a token of it. */
  tokenFor(agencyId: string, scopes: readonly string[]): Promise<string>;
  /** SIGTERM to all; resolves with their exit codes, the gateway's first. */
  stop(): Promise<Array<number | null>>;
}

export type PermitsBehindGateway = ServicesBehindGateway<'permits'> & { permits: RunningService };

/**
 * Each needs the other's address: the services start first, told the gateway's
 * reserved port; then the gateway on that port, told where they listen.
 */
export async function startBehindGateway<S extends UpstreamService>(
  names: readonly S[],
  gatewayEnv: Record<string, string> = {},
  serviceEnv: Record<string, string> = {},
): Promise<ServicesBehindGateway<S>> {
  const gatewayPort = await findFreePort();
  // The platform's own working-day calendar streams: other test platforms on the shared broker publish theirs.
  const calendarNamespace = randomBytes(6).toString('hex');
  const services = {} as Record<S, RunningService>;
  const stopServices = () => Promise.all(Object.values<RunningService>(services).map((service) => service.terminate()));
  let gateway: RunningService;
  try {
    for (const name of names) {
      services[name] = await startService(name, { GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`, DEADLINE_CHECK_INTERVAL_MS: '0', CALENDAR_NAMESPACE: calendarNamespace, ...serviceEnv });
    }
    const upstreamUrl = (name: UpstreamService) => (services as Partial<Record<UpstreamService, RunningService>>)[name]?.baseUrl ?? NOTHING_LISTENS;
    gateway = await startService('gateway', {
      PORT: String(gatewayPort),
      GATEWAY_BOOTSTRAP_ADMIN_SECRET: TEST_ADMIN.clientSecret,
      PERMITS_URL: upstreamUrl('permits'),
      COMPLAINTS_URL: upstreamUrl('complaints'),
      TRAINING_URL: upstreamUrl('training'),
      ACCOUNTABILITY_URL: upstreamUrl('accountability'),
      WEBHOOKS_URL: upstreamUrl('webhooks'),
      ...gatewayEnv,
    });
  } catch (error) {
    await stopServices();
    throw error;
  }
  const adminToken = await accessToken(gateway.baseUrl, TEST_ADMIN);
  return {
    gateway,
    services,
    adminToken,
    calendarNamespace: serviceEnv.CALENDAR_NAMESPACE ?? calendarNamespace,
    // A fresh admin token each time: adminToken expires, and a benchmark may ask for a client after a load of many minutes.
    tokenFor: async (agencyId, scopes) => accessToken(gateway.baseUrl, await registerClient(gateway.baseUrl, await accessToken(gateway.baseUrl, TEST_ADMIN), agencyId, scopes)),
    stop: async () => [await gateway.terminate(), ...(await stopServices())],
  };
}

/** The permits service behind the gateway. */
export async function startPermitsBehindGateway(gatewayEnv: Record<string, string> = {}, permitsEnv: Record<string, string> = {}): Promise<PermitsBehindGateway> {
  const started = await startBehindGateway(['permits'], gatewayEnv, permitsEnv);
  return { ...started, permits: started.services.permits };
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
