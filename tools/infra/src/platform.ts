import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureDemoApplications } from './demo-applications';
import { ensureDemoClients } from './demo-clients';
import { ensureDemoComplaints } from './demo-complaints';
import { ensureDemoTraining } from './demo-training';
import { runCommand, spawnTracked } from './child-processes';
import { InfraError } from './errors';
import { Infrastructure, redactPassword } from './infrastructure';
import { ensureDatabase } from './postgres-server';
import { guardAgainstOrphaning } from './reaper';

const SERVICES = [
  { name: 'gateway', port: 3000 },
  { name: 'permits', port: 3001 },
  { name: 'complaints', port: 3002 },
  { name: 'training', port: 3003 },
  { name: 'accountability', port: 3004 },
] as const;

const ROOT = join(__dirname, '..', '..', '..');

/**
 * `npm start`: builds the services, gives each its own database, runs each
 * one's `migrate` command (as the deployments' migration Jobs do), starts each
 * as its own process and resolves when they have all stopped (Ctrl-C).
 */
export async function startPlatform(infra: Infrastructure, log: (line: string) => void, dataDir: string): Promise<number> {
  // NODE_NO_WARNINGS: Nx adds a listener per task and Node warns about it, which is only noise here.
  const built = await runCommand('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], { ...process.env, NX_DAEMON: 'false', NODE_NO_WARNINGS: '1' });
  if (built !== 0) throw new InfraError('the build failed; see above');
  // Kept with the data, so that a second start finds the same keys and the same admin.
  const personalDataKey = process.env.PERSONAL_DATA_KEY ?? persistentSecret(join(dataDir, 'personal-data-key'), 32);
  const admin = { clientId: 'bootstrap-admin', clientSecret: persistentSecret(join(dataDir, 'bootstrap-admin-secret'), 32) };
  const keyEncryptionKey = process.env.GATEWAY_KEY_ENCRYPTION_KEY ?? Buffer.from(persistentSecret(join(dataDir, 'key-encryption-key'), 32), 'base64url').toString('base64');
  const gatewayUrl = `http://127.0.0.1:${SERVICES[0].port}`;
  const serviceUrls = Object.fromEntries(SERVICES.map((service) => [`${service.name.toUpperCase()}_URL`, `http://127.0.0.1:${service.port}`]));
  // Local use: the Swagger UI on (deployments leave API_DOCS off); Kafka stays PLAINTEXT on the loopback broker only this machine reaches.
  const shared = { ...serviceUrls, KAFKA_BROKERS: infra.kafkaBrokers, PERSONAL_DATA_KEY: personalDataKey, GATEWAY_ISSUER: gatewayUrl, API_DOCS: 'on' };
  const environments = new Map<string, Record<string, string>>();
  for (const service of SERVICES) {
    const databaseUrl = await ensureDatabase(infra.databaseUrl, service.name);
    // Each service that appends events keys its chain with a key of its own (EVENT_CHAIN_KEY).
    const own: Record<string, string> =
      service.name === 'gateway'
        ? { GATEWAY_BOOTSTRAP_ADMIN_SECRET: admin.clientSecret, GATEWAY_KEY_ENCRYPTION_KEY: keyEncryptionKey }
        : { EVENT_CHAIN_KEY: persistentSecret(join(dataDir, `event-chain-key-${service.name}`), 32) };
    environments.set(service.name, { ...shared, ...own, DATABASE_URL: databaseUrl });
  }
  await Promise.all(SERVICES.map((service) => migrateService(service.name, service.port, environments.get(service.name)!)));
  // Permits first: it creates the platform's topics on start-up (as the deployments' topic Job does), so
  // that every consumer of the other services finds its topics when it joins its group.
  const first = SERVICES.find((service) => service.name === 'permits')!;
  const others = SERVICES.filter((service) => service !== first);
  const exits = [startService(first.name, first.port, environments.get(first.name)!)];
  await waitUntilReady(first.name, first.port);
  exits.push(...others.map((service) => startService(service.name, service.port, environments.get(service.name)!)));
  await Promise.all(others.map((service) => waitUntilReady(service.name, service.port)));
  // The clients live with the data they were registered in; .local/ gets a copy for people and scripts.
  const clients = await ensureDemoClients(gatewayUrl, admin, join(dataDir, 'demo-clients.json'));
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
  await Promise.all(exits);
  return 0;
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
async function migrateService(name: string, port: number, env: Record<string, string>): Promise<void> {
  const child = spawnTracked(process.execPath, [mainOf(name), 'migrate'], {
    env: { ...process.env, ...env, PORT: String(port), MIGRATIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name} migrate] `;
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefixLines(prefix, chunk)));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefixLines(prefix, chunk)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (status) => resolve(status)));
  if (code !== 0) throw new InfraError(`the ${name} migrations failed (exit ${code}); see above`);
}

function startService(name: string, port: number, env: Record<string, string>): Promise<void> {
  const child = spawnTracked(process.execPath, [mainOf(name)], {
    env: { ...process.env, ...env, PORT: String(port), MIGRATIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Should this CLI die without stopping it, the service must not outlive it.
  const guard = guardAgainstOrphaning({ pid: child.pid ?? 0, killGroup: false, signal: 'SIGTERM', removeDirs: [] });
  child.once('exit', () => guard.dismiss());
  const prefix = `[${name}] `;
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefixLines(prefix, chunk)));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefixLines(prefix, chunk)));
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function prefixLines(prefix: string, chunk: Buffer): string {
  return chunk
    .toString()
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}

async function waitUntilReady(name: string, port: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((response) => response.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new InfraError(`${name} did not become ready on port ${port} within ${timeoutMs / 1000} s`);
}
