import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { findFreePort } from './free-port';

const ROOT = join(__dirname, '..', '..', '..', '..');

export interface RunningService {
  readonly baseUrl: string;
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

/** Starts `apps/<service>/src/main.ts` as its own process, the way `npm start` and Kubernetes run it. */
export function spawnService(service: string, env: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'apps', service, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function startService(service: string): Promise<RunningService> {
  const port = await findFreePort();
  const child = spawnService(service, {
    PORT: String(port),
    DATABASE_URL: await createServiceDatabase(service),
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    PERSONAL_DATA_KEY: randomBytes(32).toString('base64'),
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${baseUrl}/health/ready`).catch(() => undefined))?.status === 200, child, () => output);
  return {
    baseUrl,
    process: child,
    output: () => output,
    terminate: () =>
      new Promise((resolve) => {
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

/** Runs the service with a variable missing and returns its exit code and output. */
export function runWithout(service: string, missing: string): Promise<{ code: number | null; output: string }> {
  const env: Record<string, string | undefined> = {
    PORT: '1',
    DATABASE_URL: process.env.DATABASE_URL,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    PERSONAL_DATA_KEY: randomBytes(32).toString('base64'),
  };
  delete env[missing];
  const child = spawnService(service, env);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}
