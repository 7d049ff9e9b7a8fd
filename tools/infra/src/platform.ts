import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
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
 * `npm start`: builds the services, gives each its own database, starts each
 * as its own process and resolves when they have all stopped (Ctrl-C).
 */
export async function startPlatform(infra: Infrastructure, log: (line: string) => void): Promise<number> {
  // NODE_NO_WARNINGS: Nx adds a listener per task and Node warns about it, which is only noise here.
  const built = await runCommand('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static'], { ...process.env, NX_DAEMON: 'false', NODE_NO_WARNINGS: '1' });
  if (built !== 0) throw new InfraError('the build failed; see above');
  const personalDataKey = process.env.PERSONAL_DATA_KEY ?? randomBytes(32).toString('base64');
  const exits: Array<Promise<void>> = [];
  for (const service of SERVICES) {
    const databaseUrl = await ensureDatabase(infra.databaseUrl, service.name);
    exits.push(startService(service.name, service.port, { DATABASE_URL: databaseUrl, KAFKA_BROKERS: infra.kafkaBrokers, PERSONAL_DATA_KEY: personalDataKey }));
  }
  await Promise.all(SERVICES.map((service) => waitUntilReady(service.name, service.port)));
  log('the platform is running:');
  for (const service of SERVICES) log(`  ${service.name.padEnd(15)} http://127.0.0.1:${service.port}  (docs: /docs, health: /health/ready)`);
  log(`  PostgreSQL      ${redactPassword(infra.databaseUrl)}`);
  log(`  Kafka           ${infra.kafkaBrokers}`);
  log('press Ctrl-C to stop everything');
  await Promise.all(exits);
  return 0;
}

function startService(name: string, port: number, env: Record<string, string>): Promise<void> {
  const main = join(ROOT, 'dist', 'apps', name, 'apps', name, 'src', 'main.js');
  const child = spawnTracked(process.execPath, [main], {
    env: { ...process.env, ...env, PORT: String(port) },
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
