import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Client } from 'pg';

/**
 * CPU time of the processes a benchmark run started, each named by the pid at
 * the root of its process tree: a PostgreSQL postmaster counts with every
 * backend it forked, a service with whatever it spawned. Everything else the
 * machine did (other people's work on a shared host, kernel threads) is the
 * machine's busy time from /proc/stat minus those: it is reported as
 * `rest of the machine`, never mixed into a run's figures.
 */
export type ProcessRoots = ReadonlyArray<{ name: string; pid: number }>;

export const REST_OF_MACHINE = 'rest of the machine';

export interface CpuReading {
  /** CPU seconds (user + system, reaped children included) per name of `ProcessRoots`, and per PostgreSQL database when asked. */
  readonly seconds: Record<string, number>;
  /** Busy CPU seconds of the whole machine (every core), from /proc/stat. */
  readonly machineBusy: number;
  readonly at: number;
}

const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  parent: number;
  seconds: number;
}

function readProcStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime: a reaped child's time moves to its parent instead of vanishing from the sum.
    return { pid, parent: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND };
  } catch {
    return undefined; // ended between listing and reading
  }
}

function allProcesses(): ProcStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== undefined);
}

function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are not work.
  const busy = ticks.slice(0, 8).reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
  return busy / TICKS_PER_SECOND;
}

/**
 * What a PostgreSQL process does, from its title: a client backend
 * ("postgres: user database host(port) state") by its database, the server's
 * own processes in parentheses ("(walwriter)", "(io worker)"); the postmaster
 * also holds the time of the backends that ended.
 */
function postgresPartOf(pid: number, isPostmaster: boolean): string {
  if (isPostmaster) return '(postmaster, ended backends)';
  let title = '';
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '(ended)';
  }
  const database = /^postgres: \S+ (\S+) (?:\[local\]|\S+\(\d+\))/.exec(title)?.[1];
  if (database) return database;
  return `(${title.replace(/^postgres: /, '').replace(/\s+\d+$/, '') || 'other'})`;
}

export interface ReadOptions {
  /** This root's backends are counted per database as `<name>: <database>`, the server's own processes as `<name>: (walwriter)` and so on. */
  postgresRoot?: string;
}

export function readCpu(roots: ProcessRoots, options: ReadOptions = {}): CpuReading {
  const processes = allProcesses();
  const children = new Map<number, ProcStat[]>();
  for (const stat of processes) children.set(stat.parent, [...(children.get(stat.parent) ?? []), stat]);
  const byPid = new Map(processes.map((stat) => [stat.pid, stat]));
  const rootPids = new Set(roots.map((root) => root.pid));
  const seconds: Record<string, number> = {};
  const add = (name: string, value: number) => (seconds[name] = (seconds[name] ?? 0) + value);
  for (const root of roots) {
    add(root.name, 0);
    const stack = byPid.has(root.pid) ? [byPid.get(root.pid)!] : [];
    while (stack.length > 0) {
      const stat = stack.pop()!;
      add(root.name === options.postgresRoot ? `${root.name}: ${postgresPartOf(stat.pid, stat.pid === root.pid)}` : root.name, stat.seconds);
      // A root forked by another root (the services this process started) counts as itself only.
      stack.push(...(children.get(stat.pid) ?? []).filter((child) => !rootPids.has(child.pid)));
    }
  }
  if (options.postgresRoot) delete seconds[options.postgresRoot];
  return { seconds, machineBusy: machineBusySeconds(), at: performance.now() };
}

/** Milliseconds of CPU per unit of work (a committed submission) between two readings, per name, the rest of the machine last. */
export function cpuPerUnit(before: CpuReading, after: CpuReading, units: number): Record<string, number> {
  const result: Record<string, number> = {};
  let attributed = 0;
  for (const name of new Set([...Object.keys(before.seconds), ...Object.keys(after.seconds)])) {
    // Never below 0: a backend that ended without being reaped by a process we follow takes its time with it.
    const used = Math.max(0, (after.seconds[name] ?? 0) - (before.seconds[name] ?? 0));
    attributed += used;
    result[name] = units > 0 ? (used * 1000) / units : 0;
  }
  const rest = Math.max(0, after.machineBusy - before.machineBusy - attributed);
  result[REST_OF_MACHINE] = units > 0 ? (rest * 1000) / units : 0;
  return result;
}

export function sumOf(cpu: Record<string, number>, names: readonly string[]): number {
  return Object.entries(cpu).reduce((sum, [name, value]) => (names.some((wanted) => name === wanted || name.startsWith(`${wanted}: `)) ? sum + value : sum), 0);
}

/** The postmaster's pid: the parent of the backend serving this connection. */
export async function postgresServerPid(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const stat = readProcStat(backend);
    if (!stat) throw new Error(`PostgreSQL backend ${backend} is not a process of this machine: the benchmark needs a local server`);
    return stat.parent;
  } finally {
    await client.end();
  }
}

/** The pid of the process listening on the loopback TCP port (a Kafka broker), from /proc/net/tcp and the processes' socket descriptors. */
export function pidListeningOn(port: number): number {
  const LISTEN = '0A';
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length > 9 && fields[3] === LISTEN && parseInt(fields[1].split(':')[1], 16) === port) inodes.add(fields[9]);
    }
  }
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const target = /^socket:\[(\d+)\]$/.exec(readlinkSafe(`/proc/${pid}/fd/${fd}`))?.[1];
        if (target && inodes.has(target)) return Number(pid);
      }
    } catch {
      // not ours to read, or ended
    }
  }
  throw new Error(`no process of this machine listens on port ${port}`);
}

function readlinkSafe(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

/** The first broker of KAFKA_BROKERS, which the run started on this machine. */
export function kafkaBrokerPid(brokers: string): number {
  return pidListeningOn(Number(brokers.split(',')[0].split(':').pop()));
}
