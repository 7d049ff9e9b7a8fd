import type { Infrastructure, PlatformProcesses } from '@palembang/infra';
import { sleep } from './http';

export interface FaultOutcome {
  name: string;
  startedAt: number;
  /** When the component was back: the service ready again (after its supervisor restarted it), the broker or PostgreSQL accepting again and every service ready. */
  backAt?: number;
  /** Supervisor restarts the fault caused (kill -9 of a service: 1). */
  restarts: number;
  error?: string;
}

export interface Fault {
  name: string;
  inject(): Promise<Omit<FaultOutcome, 'name' | 'startedAt'>>;
}

const SERVICES = ['gateway', 'permits', 'complaints', 'training', 'accountability'];
const BACK_TIMEOUT_MS = 90_000;
const BROKER_DOWN_MS = 10_000;

const LABELS: Record<string, string> = {
  gateway: 'kill -9 gateway',
  permits: 'kill -9 permits (its outbox relay too)',
  complaints: 'kill -9 complaints (its outbox relay too)',
  training: 'kill -9 training (its outbox relay too)',
  accountability: 'kill -9 accountability (the projection)',
};

/** Every fault of the run, in turn: each service's process (each runs its own outbox relay; accountability is the projection), a broker, PostgreSQL. */
export function faultsOf(infra: Infrastructure, platform: PlatformProcesses): Fault[] {
  return [
    ...SERVICES.map((name) => ({ name: LABELS[name], inject: () => killService(platform, name) })),
    { name: 'kill -9 one Kafka broker (back after 10 s)', inject: () => killBroker(infra, platform) },
    { name: 'PostgreSQL immediate restart', inject: () => restartPostgres(infra, platform) },
  ];
}

async function killService(platform: PlatformProcesses, name: string): Promise<Omit<FaultOutcome, 'name' | 'startedAt'>> {
  const before = statusOf(platform, name);
  if (before.pid === undefined) return { restarts: 0, error: `${name} had no pid to kill` };
  process.kill(before.pid, 'SIGKILL');
  const deadline = Date.now() + BACK_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const now = statusOf(platform, name);
    if (now.restarts > before.restarts && now.pid !== before.pid && (await platform.isReady(name).catch(() => false))) {
      return { backAt: Date.now(), restarts: now.restarts - before.restarts };
    }
    await sleep(100);
  }
  return { restarts: statusOf(platform, name).restarts - before.restarts, error: `${name} was not restarted and ready within ${BACK_TIMEOUT_MS / 1000} s` };
}

async function killBroker(infra: Infrastructure, platform: PlatformProcesses): Promise<Omit<FaultOutcome, 'name' | 'startedAt'>> {
  const nodes = infra.kafkaNodes ?? [];
  if (nodes.length < 3) return { restarts: 0, error: 'no Kafka cluster of three nodes to kill one of' };
  const before = restartsOf(platform);
  // Not the first node: clients bootstrap from every node, and killing the middle one is no easier than any other.
  const node = nodes[1];
  await node.kill();
  await sleep(BROKER_DOWN_MS);
  await node.start();
  const ready = await allReady(platform);
  return { backAt: ready ? Date.now() : undefined, restarts: restartsOf(platform) - before, error: ready ? undefined : 'a service was not ready after the broker returned' };
}

async function restartPostgres(infra: Infrastructure, platform: PlatformProcesses): Promise<Omit<FaultOutcome, 'name' | 'startedAt'>> {
  if (!infra.postgres) return { restarts: 0, error: 'no PostgreSQL started by the run to restart' };
  const before = restartsOf(platform);
  await infra.postgres.restart({ immediate: true });
  const ready = await allReady(platform);
  return { backAt: ready ? Date.now() : undefined, restarts: restartsOf(platform) - before, error: ready ? undefined : 'a service was not ready after PostgreSQL returned' };
}

async function allReady(platform: PlatformProcesses): Promise<boolean> {
  const deadline = Date.now() + BACK_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const ready = await Promise.all(SERVICES.map((name) => platform.isReady(name).catch(() => false)));
    if (ready.every(Boolean)) return true;
    await sleep(200);
  }
  return false;
}

function statusOf(platform: PlatformProcesses, name: string) {
  const status = platform.status().find((entry) => entry.name === name);
  if (!status) throw new Error(`no service named ${name}`);
  return status;
}

function restartsOf(platform: PlatformProcesses): number {
  return platform.status().reduce((sum, entry) => sum + entry.restarts, 0);
}
