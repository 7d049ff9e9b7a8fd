/** The load both HTTP benchmarks send, what they measure of it, and the bare processes they compare with. */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cpuPerUnit, CpuReading, ProcessRoots, readCpu, ReadOptions } from './cpu';
import { submissionBody } from './submission';

export const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

export interface Measured {
  /** 2xx answers per second over the measurement: every 2xx of a submission is a committed transaction. */
  committedPerSecond: number;
  committed: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU ms per committed submission, per process (see cpu.ts). */
  cpu: Record<string, number>;
  /** Seconds the CPU was counted for (the load, and for the platform the drain after it). */
  cpuSeconds: number;
}

export interface LoadOptions {
  overallRate?: number;
  duration?: number;
  /** After the load, keep counting CPU until this resolves (the platform's relay and consumers catching up). */
  drain?: () => Promise<unknown>;
  read?: ReadOptions;
}

/** POSTs a new application on every request, `CONNECTIONS` at a time, counting the CPU of `roots` meanwhile. */
export async function measure(url: string, headers: Record<string, string>, roots: ProcessRoots, options: LoadOptions = {}): Promise<Measured> {
  const before = readCpu(roots, options.read);
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    requests: [{ setupRequest: (request) => ({ ...request, body: submissionBody() }) }],
    connections: CONNECTIONS,
    duration: options.duration ?? DURATION_S,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  });
  await options.drain?.();
  const after: CpuReading = readCpu(roots, options.read);
  const committed = result['2xx'];
  return {
    committedPerSecond: committed / result.duration,
    committed,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    cpu: cpuPerUnit(before, after, committed),
    cpuSeconds: (after.at - before.at) / 1000,
  };
}

export interface ScriptProcess {
  url: string;
  pid: number;
  close(): Promise<void>;
}

/** Starts one of the bare baseline scripts of this folder as its own process and waits for the URL it prints. */
export async function startScript(file: string, env: Record<string, string>): Promise<ScriptProcess> {
  const child = spawn(process.execPath, [join(__dirname, file)], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('\n')) resolve(output.trim());
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    close: () => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))),
  };
}

/** Closes every started process, also when one fails to close. */
export async function closeAll(processes: ReadonlyArray<ScriptProcess | undefined>): Promise<void> {
  await Promise.allSettled(processes.map((started) => started?.close()));
}
