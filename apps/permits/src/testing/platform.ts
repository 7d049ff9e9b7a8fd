import { Answer, callApi, RunningService, startPermitsBehindGateway } from '@palembang/platform/testing';

export type { Answer };

export type Caller = Readonly<{ token: string; agencyId: string; scopes: readonly string[] }>;

/** A gateway issuing tokens and the permits service verifying them, each its own process. */
export interface PermitsPlatform {
  gateway: RunningService;
  permits: RunningService;
  /** A token of the bootstrap admin (admin + agencies:all). */
  admin: Caller;
  /** Its CALENDAR_NAMESPACE, for more permits processes on its database. */
  calendarNamespace: string;
  /** Registers a client of the agency with the scopes and returns a token of it. */
  client(agencyId: string, scopes: string[]): Promise<Caller>;
  stop(): Promise<void>;
}

/** `permitsEnv` adds to the permits service's environment (a known PERSONAL_DATA_KEY, say). */
export async function startPermitsPlatform(permitsEnv: Record<string, string> = {}): Promise<PermitsPlatform> {
  const started = await startPermitsBehindGateway({}, permitsEnv);
  return {
    gateway: started.gateway,
    permits: started.permits,
    admin: { token: started.adminToken, agencyId: 'pemkot-palembang', scopes: ['admin', 'agencies:all'] },
    calendarNamespace: started.calendarNamespace,
    client: async (agencyId, scopes) => ({ token: await started.tokenFor(agencyId, scopes), agencyId, scopes }),
    async stop() {
      const codes = await started.stop();
      if (codes.some((code) => code !== 0)) throw new Error(`a process exited with ${codes.join(', ')}`);
    },
  };
}

/** One HTTP call to the permits service as a caller. */
export function call(baseUrl: string, caller: Caller | string | undefined, method: 'GET' | 'POST', path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  return callApi(baseUrl, typeof caller === 'string' ? caller : caller?.token, method, path, options);
}
