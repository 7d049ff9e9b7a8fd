import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { findFreePort } from './free-port';

const ROOT = join(__dirname, '..', '..', '..', '..');

export interface RunningService {
  readonly baseUrl: string;
  readonly databaseUrl: string;
  readonly process: ChildProcess;
  readonly output: () => string;
  /** SIGTERM; resolves with the exit code. */
  terminate(): Promise<number | null>;
}

/** A database of its own on the test run's PostgreSQL server. */
export async function createServiceDatabase(service: string): Promise<string> {
  const name = `${service}_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = new Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL ?? '');
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Starts the service's build output (`nx build <service>`, which `nx test`
 * runs first) as its own process, the way `npm start` and the container run
 * it: compiled by tsc, so with the decorator metadata NestJS validation needs.
 */
export function spawnService(service: string, env: Record<string, string | undefined>, args: readonly string[] = []): ChildProcess {
  const main = join(ROOT, 'dist', 'apps', service, 'apps', service, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npx nx build ${service}\` first`);
  return spawn(process.execPath, [main, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Starts the service on a fresh database of its own (or `env.DATABASE_URL`)
 * and waits until it is ready; `env` adds or overrides variables. It migrates
 * at start-up (MIGRATIONS=run) unless `env.MIGRATIONS` says otherwise ('' for
 * the deployed behaviour: refuse an unmigrated schema).
 */
export async function startService(service: string, env: Record<string, string> = {}): Promise<RunningService> {
  const port = env.PORT ? Number(env.PORT) : await findFreePort();
  const databaseUrl = env.DATABASE_URL ?? (await createServiceDatabase(service));
  const child = spawnService(service, {
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    PERSONAL_DATA_KEY: randomBytes(32).toString('base64'),
    EVENT_CHAIN_KEY: testEventChainKey(),
    MIGRATIONS: 'run',
    // One consumer group per test database: instances of other test files on the same broker must not take its events.
    KAFKA_CONSUMER_GROUP_SUFFIX: new URL(databaseUrl).pathname.slice(1).replace(/[^A-Za-z0-9_-]/g, '_').slice(-64),
    ...env,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${baseUrl}/health/ready`).catch(() => undefined))?.status === 200, child, () => output);
  return {
    baseUrl,
    databaseUrl,
    process: child,
    output: () => output,
    terminate: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

async function waitUntil(check: () => Promise<boolean>, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service was not ready within ${timeoutMs} ms:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs the service's entry point to its end (`args` = ['migrate'], say) and returns its exit code and output. */
export function runService(service: string, env: Record<string, string | undefined>, args: readonly string[] = []): Promise<{ code: number | null; output: string }> {
  const child = spawnService(service, env, args);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** Runs the service with a variable missing and returns its exit code and output. */
export function runWithout(service: string, missing: string, extraEnv: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const env: Record<string, string | undefined> = {
    PORT: '1',
    DATABASE_URL: process.env.DATABASE_URL,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    PERSONAL_DATA_KEY: randomBytes(32).toString('base64'),
    EVENT_CHAIN_KEY: testEventChainKey(),
    ...extraEnv,
  };
  delete env[missing];
  return runService(service, env);
}

/** The test run's EVENT_CHAIN_KEY (Jest's global setup makes one), or a fresh one: a restarted service keeps verifying its streams. */
export function testEventChainKey(): string {
  return process.env.EVENT_CHAIN_KEY ?? randomBytes(32).toString('base64');
}
