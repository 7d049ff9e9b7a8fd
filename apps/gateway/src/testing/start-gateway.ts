import { RunningService, startService } from '@palembang/platform/testing';

export type RunningGateway = RunningService;

/** The gateway on a fresh database, with extra environment such as the bootstrap admin secret. */
export function startGateway(env: Record<string, string> = {}): Promise<RunningGateway> {
  return startService('gateway', env);
}
