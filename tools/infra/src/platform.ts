import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureDemoApplications } from './demo-applications';
import { ensureDemoHistory } from './demo-history';
import { ensureDemoComplaints } from './demo-complaints';
import { ensureDemoTraining } from './demo-training';
import { DemoClient, ensureDemoClients } from './demo-clients';
import { runCommand, spawnTracked } from './child-processes';
import { InfraError } from './errors';
import { Infrastructure, redactPassword } from './infrastructure';
import { ensureDatabase } from './postgres-server';
import { BackoffPolicy, ProcessSpec, ProcessStatus, Supervisor } from './supervisor';

const SERVICES = [
  { name: 'gateway', port: 3000 },
  { name: 'permits', port: 3001 },
  { name: 'complaints', port: 3002 },
  { name: 'training', port: 3003 },
  { name: 'accountability', port: 3004 },
  { name: 'webhooks', port: 3005 },
] as const;

const ROOT = join(__dirname, '..', '..', '..');

/** Gateway first, so that no new request reaches a service that is draining; then the others together. */
const STOP_ORDER = [['gateway'], ['permits', 'complaints', 'training', 'accountability', 'webhooks']];

export const PLATFORM_SERVICES: readonly { name: string; port: number }[] = SERVICES;

export interface PlatformOptions {
  log: (line: string) => void;
  dataDir: string;
  /** Build the services first (the default); a caller that has just built them may skip it. */
  build?: boolean;
  /** Added to every service's environment. */
  env?: Record<string, string>;
  backoff?: Partial<BackoffPolicy>;
  /** Receives the services' output, each line prefixed with `[name] `; by default this process's stdout and stderr. */
  serviceOutput?: ServiceOutput;
  /** Seed the year of demo history before the services start (npm start does; once per data directory). */
  demoHistory?: boolean;
}

type ServiceOutput = (text: string, stream: 'stdout' | 'stderr') => void;

function writeToTerminal(text: string, stream: 'stdout' | 'stderr'): void {
  (stream === 'stdout' ? process.stdout : process.stderr).write(text);
}

/**
 * The running services, for `npm start` and for programs that drive the
 * platform themselves (the chaos run): each service's pid, restart count and
 * readiness, and a way to stop them all. The services are supervised: one that
 * exits unexpectedly (kill -9 included) is restarted with backoff and a log
 * line (see supervisor.ts); its pid in `status()` is then the new one.
 */
export interface PlatformProcesses {
  gatewayUrl: string;
  /** The demo clients, registered through the gateway (with their secrets). */
  clients: DemoClient[];
  /** name, port, pid (undefined while waiting to restart), state, restarts, startedAt, lastExit. */
  status(): ProcessStatus[];
  /** Whether the service answers 200 on /health/ready now. */
  isReady(name: string): Promise<boolean>;
  waitUntilReady(name: string, timeoutMs?: number): Promise<void>;
  /** Stops supervising, then the gateway, then the other services; no restart happens during it. */
  stop(): Promise<void>;
  /** Resolves once stopped, by `stop()` or by `stopAllChildren()` (the CLI's Ctrl-C). */
  stopped: Promise<void>;
}

/**
 * `npm start`: the platform's services (see `startPlatformProcesses`), its demo
 * data, the addresses and credentials printed; resolves when the services
 * have been stopped (Ctrl-C: the CLI's `stopAllChildren` stops the supervisor).
 */
export async function startPlatform(infra: Infrastructure, log: (line: string) => void, dataDir: string): Promise<number> {
  const platform = await startPlatformProcesses(infra, { log, dataDir, demoHistory: true });
  const { gatewayUrl, clients } = platform;
  // The clients live with the data they were registered in; .local/ gets a copy for people and scripts.
  const clientsFile = join(ROOT, '.local', 'demo-clients.json');
  mkdirSync(dirname(clientsFile), { recursive: true });
  writeFileSync(clientsFile, `${JSON.stringify(clients, null, 2)}\n`, { mode: 0o600 });
  const trackingCodes = await ensureDemoApplications(gatewayUrl, gatewayUrl, clients, join(dataDir, 'demo-applications.json'));
  const complaintCodes = await ensureDemoComplaints(gatewayUrl, clients, join(dataDir, 'demo-complaints.json'));
  await ensureDemoTraining(gatewayUrl, clients, join(dataDir, 'demo-training.json'));
  log('the platform is running:');
  for (const service of SERVICES) log(`  ${service.name.padEnd(15)} http://127.0.0.1:${service.port}  (docs: /docs, health: /health/ready)`);
  log(`  PostgreSQL      ${redactPassword(infra.databaseUrl)}`);
  log(`  Kafka           ${infra.kafkaBrokers}`);
  log(`  data            ${dataDir} (kept between runs; delete it to start afresh)`);
  log(`demo clients (${clientsFile}, local use only):`);
  for (const client of clients) log(`  ${client.clientId.padEnd(28)} ${client.clientSecret}  ${client.agencyId}  ${client.scopes.join(' ')}`);
  for (const client of clients) {
    if (client.open311ApiKey) log(`  Open311 api_key of ${client.clientId}: ${client.open311ApiKey}  (works on /open311 only)`);
    if (client.xapi) log(`  xAPI Basic login of ${client.clientId}: ${client.xapi.username}:${client.xapi.password}  (works on /xapi only)`);
  }
  log(`get a token: curl -s -u CLIENT_ID:CLIENT_SECRET -d grant_type=client_credentials ${gatewayUrl}/oauth/token`);
  log(`track a demo application (with any token): curl -s -H "Authorization: Bearer TOKEN" ${gatewayUrl}/v1/tracking/${trackingCodes[0]}`);
  log(`track a demo complaint (with any token): curl -s -H "Authorization: Bearer TOKEN" ${gatewayUrl}/v1/complaint-tracking/${complaintCodes[0]}`);
  log(`Open311 GeoReport v2 (no token to read): curl -s ${gatewayUrl}/open311/v2/services.xml`);
  log(`the accountability dashboard: ${gatewayUrl}/dashboard`);
  log('press Ctrl-C to stop everything');
  await platform.stopped;
  return 0;
}

/**
 * Builds the services, gives each its own database, runs each one's `migrate`
 * command (as the deployments' migration Jobs do), with `demoHistory` seeds the year of demo
 * history through the services' seed-history commands (once), starts each as its own
 * supervised process, waits until all are ready and registers the demo
 * clients. On a failure it stops what it started before throwing.
 */
export async function startPlatformProcesses(infra: Infrastructure, options: PlatformOptions): Promise<PlatformProcesses> {
  if (options.build ?? true) {
    // NODE_NO_WARNINGS: Nx adds a listener per task and Node warns about it, which is only noise here.
    const built = await runCommand('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], { ...process.env, NX_DAEMON: 'false', NODE_NO_WARNINGS: '1' });
    if (built !== 0) throw new InfraError('the build failed; see above');
  }
  const { dataDir } = options;
  // Kept with the data, so that a second start finds the same keys and the same admin.
  const personalDataKey = process.env.PERSONAL_DATA_KEY ?? persistentSecret(join(dataDir, 'personal-data-key'), 32);
  const admin = { clientId: 'bootstrap-admin', clientSecret: persistentSecret(join(dataDir, 'bootstrap-admin-secret'), 32) };
  const keyEncryptionKey = process.env.GATEWAY_KEY_ENCRYPTION_KEY ?? Buffer.from(persistentSecret(join(dataDir, 'key-encryption-key'), 32), 'base64url').toString('base64');
  const gatewayUrl = `http://127.0.0.1:${SERVICES[0].port}`;
  const serviceUrls = Object.fromEntries(SERVICES.map((service) => [`${service.name.toUpperCase()}_URL`, `http://127.0.0.1:${service.port}`]));
  // Local use: the Swagger UI on (deployments leave API_DOCS off); Kafka stays PLAINTEXT on the loopback broker only this machine reaches.
  // The gateway vouches for a verified caller with it, as in the k8s and compose set-ups (docs/security.md, "Verifying once").
  const internalAssertionKey = process.env.INTERNAL_ASSERTION_KEY ?? Buffer.from(persistentSecret(join(dataDir, 'internal-assertion-key'), 32), 'base64url').toString('base64');
  const shared = { ...serviceUrls, KAFKA_BROKERS: infra.kafkaBrokers, PERSONAL_DATA_KEY: personalDataKey, INTERNAL_ASSERTION_KEY: internalAssertionKey, GATEWAY_ISSUER: gatewayUrl, API_DOCS: 'on', ...options.env };
  const environments = new Map<string, Record<string, string>>();
  for (const service of SERVICES) {
    const databaseUrl = await ensureDatabase(infra.databaseUrl, service.name);
    // Each service that appends events keys its chain with a key of its own (EVENT_CHAIN_KEY).
    // The webhook service appends no events; it seals its signing secrets and may deliver to loopback receivers (development).
    const own: Record<string, string> =
      service.name === 'gateway'
        ? { GATEWAY_BOOTSTRAP_ADMIN_SECRET: admin.clientSecret, GATEWAY_KEY_ENCRYPTION_KEY: keyEncryptionKey }
        : service.name === 'webhooks'
          ? { WEBHOOKS_SECRET_KEY: Buffer.from(persistentSecret(join(dataDir, 'webhooks-secret-key'), 32), 'base64url').toString('base64'), WEBHOOKS_ALLOW_LOOPBACK: 'true' }
          : { EVENT_CHAIN_KEY: persistentSecret(join(dataDir, `event-chain-key-${service.name}`), 32) };
    environments.set(service.name, { ...shared, ...own, DATABASE_URL: databaseUrl });
  }
  const output = options.serviceOutput ?? writeToTerminal;
  await Promise.all(SERVICES.map((service) => migrateService(service.name, service.port, environments.get(service.name)!, output)));
  if (options.demoHistory) {
    const seed = (name: string) => runServiceCommand(name, SERVICES.find((service) => service.name === name)!.port, environments.get(name)!, output, ['seed-history']);
    await ensureDemoHistory(join(dataDir, 'demo-history.json'), seed, options.log);
  }
  // Two stages of at most 12 s each: within the 30 s the CLI waits after Ctrl-C before it stops the servers anyway.
  const supervisor = new Supervisor({ log: options.log, backoff: options.backoff, stopOrder: STOP_ORDER, graceMs: 12_000 });
  const start = (service: { name: string; port: number }) => supervisor.start(serviceSpec(service.name, service.port, environments.get(service.name)!, output));
  try {
    // Permits first: it creates the platform's topics on start-up (as the deployments' topic Job does), so
    // that every consumer of the other services finds its topics when it joins its group.
    const first = SERVICES.find((service) => service.name === 'permits')!;
    const others = SERVICES.filter((service) => service !== first);
    start(first);
    await supervisor.waitUntilReady(first.name);
    others.forEach(start);
    await Promise.all(others.map((service) => supervisor.waitUntilReady(service.name)));
    const clients = await ensureDemoClients(gatewayUrl, admin, join(dataDir, 'demo-clients.json'));
    return {
      gatewayUrl,
      clients,
      status: () => supervisor.status(),
      isReady: (name) => supervisor.isReady(name),
      waitUntilReady: (name, timeoutMs) => supervisor.waitUntilReady(name, timeoutMs),
      stop: () => supervisor.stop(),
      stopped: supervisor.stopped,
    };
  } catch (error) {
    await supervisor.stop();
    throw error;
  }
}

/** A random secret stored in `file` on first use and read back later. */
function persistentSecret(file: string, bytes: number): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(bytes).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function mainOf(name: string): string {
  return join(ROOT, 'dist', 'apps', name, 'apps', name, 'src', 'main.js');
}

/** `node main.js migrate`: the service's schema, before it starts (which then only checks it). */
async function migrateService(name: string, port: number, env: Record<string, string>, output: ServiceOutput): Promise<void> {
  const code = await runServiceCommand(name, port, env, output, ['migrate']);
  if (code !== 0) throw new InfraError(`the ${name} migrations failed (exit ${code}); see above`);
}

/** `node main.js <command>` of a service with its environment, its output prefixed `[name command] `; resolves to its exit status. */
async function runServiceCommand(name: string, port: number, env: Record<string, string>, output: ServiceOutput, command: string[]): Promise<number | null> {
  const child = spawnTracked(process.execPath, [mainOf(name), ...command], {
    env: { ...process.env, ...env, PORT: String(port), MIGRATIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name} ${command[0]}] `;
  child.stdout?.on('data', (chunk: Buffer) => output(prefixLines(prefix, chunk), 'stdout'));
  child.stderr?.on('data', (chunk: Buffer) => output(prefixLines(prefix, chunk), 'stderr'));
  return new Promise<number | null>((resolve) => child.once('exit', (status) => resolve(status)));
}

function serviceSpec(name: string, port: number, env: Record<string, string>, output: ServiceOutput): ProcessSpec {
  const prefix = `[${name}] `;
  return {
    name,
    port,
    command: process.execPath,
    args: [mainOf(name)],
    options: { env: { ...process.env, ...env, PORT: String(port), MIGRATIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    attach: (child) => {
      child.stdout?.on('data', (chunk: Buffer) => output(prefixLines(prefix, chunk), 'stdout'));
      child.stderr?.on('data', (chunk: Buffer) => output(prefixLines(prefix, chunk), 'stderr'));
    },
    probe: async () => {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      return response.ok;
    },
  };
}

function prefixLines(prefix: string, chunk: Buffer): string {
  return chunk
    .toString()
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}
