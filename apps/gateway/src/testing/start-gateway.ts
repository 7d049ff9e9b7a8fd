import { RunningService, startService } from '@palembang/platform/testing';

export type RunningGateway = RunningService;

/** Where no service listens: tests of the gateway's own routes need every service address set, not answering. */
export const NO_SERVICE = 'http://127.0.0.1:9';

/** The gateway on a fresh database, with extra environment such as the bootstrap admin secret. */
export function startGateway(env: Record<string, string> = {}): Promise<RunningGateway> {
  return startService('gateway', { PERMITS_URL: NO_SERVICE, COMPLAINTS_URL: NO_SERVICE, TRAINING_URL: NO_SERVICE, ACCOUNTABILITY_URL: NO_SERVICE, WEBHOOKS_URL: NO_SERVICE, ...env });
}
