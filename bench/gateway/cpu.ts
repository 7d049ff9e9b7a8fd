import { readdirSync, readFileSync } from 'node:fs';

/** The processes a request passes through, as the benchmark tells them apart. */
export const PROCESS_KINDS = ['bench', 'baseline', 'gateway', 'permits', 'postgres', 'kafka', 'other'] as const;
export type ProcessKind = (typeof PROCESS_KINDS)[number];
export type CpuSeconds = Record<ProcessKind, number>;

const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) used so far by every process on the machine,
 * summed per kind, from /proc. `bench` is this process (the load generator).
 * Kernel work done on a process's behalf (loopback TCP, for one) counts as its
 * system time. A process's reaped children are counted with it (cutime,
 * cstime): when a PostgreSQL backend ends, its time moves to the postmaster
 * instead of vanishing from the sum.
 */
export function cpuSecondsByKind(): CpuSeconds {
  const totals = Object.fromEntries(PROCESS_KINDS.map((kind) => [kind, 0])) as CpuSeconds;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
      totals[kindOf(Number(pid), readFileSync(`/proc/${pid}/cmdline`, 'utf8'))] += seconds;
    } catch {
      // The process ended between listing and reading.
    }
  }
  return totals;
}

function kindOf(pid: number, commandLine: string): ProcessKind {
  if (pid === process.pid) return 'bench';
  if (commandLine.includes('bare-baseline')) return 'baseline';
  if (commandLine.includes('apps/gateway/')) return 'gateway';
  if (commandLine.includes('apps/permits/')) return 'permits';
  if (commandLine.startsWith('postgres') || commandLine.includes('/bin/postgres')) return 'postgres';
  if (commandLine.includes('java')) return 'kafka';
  return 'other';
}

/** Milliseconds of CPU per request of each kind between two readings (never below 0: an orphan that ended takes its time with it). */
export function cpuPerRequest(before: CpuSeconds, after: CpuSeconds, requests: number): CpuSeconds {
  return Object.fromEntries(
    PROCESS_KINDS.map((kind) => [kind, requests > 0 ? Math.max(0, ((after[kind] - before[kind]) * 1000) / requests) : 0]),
  ) as CpuSeconds;
}

export function totalOf(cpu: CpuSeconds): number {
  return PROCESS_KINDS.reduce((sum, kind) => sum + cpu[kind], 0);
}
