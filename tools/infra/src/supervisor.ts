import { ChildProcess, SpawnOptions } from 'node:child_process';
import { spawnTracked, stopChild, stopBeforeOtherChildren, stoppingAllChildren } from './child-processes';
import { InfraError } from './errors';
import { guardAgainstOrphaning } from './reaper';

/**
 * Keeps processes running the way Kubernetes keeps a pod's containers running
 * (restartPolicy: Always): a process that exits without having been asked to
 * (any exit code or signal, kill -9 included) is started again after a
 * backoff of 1 s, 2 s, 4 s ... capped at 30 s, with one log line per restart:
 *
 *   permits exited (signal SIGKILL); restarting in 1 s (restart 1)
 *
 * The backoff starts again at 1 s once a run has lasted 60 s; a process that
 * keeps dying at start-up is retried every 30 s for ever (CrashLoopBackOff),
 * never in a hot loop. `stop()` (also reached through `stopAllChildren`, which
 * the CLI calls on Ctrl-C and SIGTERM) ends supervision first, so nothing is
 * restarted during shutdown, then stops the processes stage by stage in
 * `stopOrder`, each stage in parallel, the rest last.
 */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  options: SpawnOptions;
  /** Shown in `status()`, for callers that reach the process over HTTP. */
  port?: number;
  /** Called with each new child, e.g. to forward its output. */
  attach?: (child: ChildProcess) => void;
  /** Whether the running process is ready (its /health/ready, say); by default: it runs. */
  probe?: () => Promise<boolean>;
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A run at least this long resets the backoff to `initialMs`. */
  resetAfterMs: number;
  /** An exit this soon after starting counts as a failure to start (logged as a crash loop from the third in a row). */
  quickExitMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000, quickExitMs: 5_000 };

export type ProcessState = 'running' | 'backoff' | 'stopping' | 'stopped';

export interface ProcessStatus {
  name: string;
  port?: number;
  /** The running process's pid; undefined while waiting to restart or once stopped. */
  pid?: number;
  state: ProcessState;
  /** How many times it has been restarted after an unexpected exit. */
  restarts: number;
  /** When the current (or last) run started, in ms since the epoch. */
  startedAt?: number;
  lastExit?: { code: number | null; signal: NodeJS.Signals | null; at: number };
}

export interface SupervisorOptions {
  log: (line: string) => void;
  backoff?: Partial<BackoffPolicy>;
  /** Stages of names stopped one after the other (each stage in parallel); processes not named stop last. */
  stopOrder?: string[][];
  /** SIGTERM, then SIGKILL after this long, per stage. */
  graceMs?: number;
}

const CRASH_LOOP_AFTER = 3;

interface Supervised {
  spec: ProcessSpec;
  child?: ChildProcess;
  state: ProcessState;
  restarts: number;
  /** Exits since the backoff was last reset. */
  failures: number;
  quickExits: number;
  startedAt?: number;
  lastExit?: ProcessStatus['lastExit'];
  timer?: NodeJS.Timeout;
}

export class Supervisor {
  private readonly processes = new Map<string, Supervised>();
  private readonly backoff: BackoffPolicy;
  private stopping?: Promise<void>;
  private readonly unregister: () => void;
  private markStopped!: () => void;
  /** Resolves once `stop()`, however reached, has stopped every process. */
  readonly stopped = new Promise<void>((resolve) => (this.markStopped = resolve));

  constructor(private readonly options: SupervisorOptions) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.unregister = stopBeforeOtherChildren(() => this.stop());
  }

  /** Starts `spec` and keeps it running until `stop()`; nothing starts once stopping has begun. */
  start(spec: ProcessSpec): void {
    if (this.processes.has(spec.name)) throw new Error(`${spec.name} is supervised already`);
    const entry: Supervised = { spec, state: 'stopped', restarts: 0, failures: 0, quickExits: 0 };
    this.processes.set(spec.name, entry);
    this.run(entry);
  }

  get isStopping(): boolean {
    return this.stopping !== undefined || stoppingAllChildren();
  }

  status(): ProcessStatus[] {
    return [...this.processes.values()].map((entry) => ({
      name: entry.spec.name,
      port: entry.spec.port,
      pid: entry.state === 'running' ? entry.child?.pid : undefined,
      state: entry.state,
      restarts: entry.restarts,
      startedAt: entry.startedAt,
      lastExit: entry.lastExit,
    }));
  }

  async isReady(name: string): Promise<boolean> {
    const entry = this.entry(name);
    if (entry.state !== 'running') return false;
    return entry.spec.probe ? entry.spec.probe().catch(() => false) : true;
  }

  /** Resolves once `name` is ready (through any restarts); fails after `timeoutMs` or when stopping begins. */
  async waitUntilReady(name: string, timeoutMs = 90_000, pollMs = 250): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.isStopping) throw new InfraError(`stopped before ${name} was ready`);
      if (await this.isReady(name)) return;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    const port = this.entry(name).spec.port;
    throw new InfraError(`${name} did not become ready${port ? ` on port ${port}` : ''} within ${timeoutMs / 1000} s; see its log lines above`);
  }

  /** Ends supervision, then stops the processes in `stopOrder`; resolves when all have exited. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.stopInOrder();
    return this.stopping;
  }

  private async stopInOrder(): Promise<void> {
    for (const entry of this.processes.values()) clearTimeout(entry.timer);
    const named = new Set((this.options.stopOrder ?? []).flat());
    const stages = [...(this.options.stopOrder ?? []), [...this.processes.keys()].filter((name) => !named.has(name))];
    for (const stage of stages) {
      const entries = stage.map((name) => this.processes.get(name)).filter((entry): entry is Supervised => entry !== undefined);
      await Promise.all(entries.map((entry) => this.stopOne(entry)));
    }
    this.unregister();
    this.markStopped();
  }

  private async stopOne(entry: Supervised): Promise<void> {
    const child = entry.state === 'running' ? entry.child : undefined;
    entry.state = 'stopping';
    if (child) await stopChild(child, this.options.graceMs ?? 10_000);
    entry.state = 'stopped';
  }

  private entry(name: string): Supervised {
    const entry = this.processes.get(name);
    if (!entry) throw new Error(`${name} is not supervised`);
    return entry;
  }

  private run(entry: Supervised): void {
    if (this.isStopping) {
      entry.state = 'stopped';
      return;
    }
    const { spec } = entry;
    const child = spawnTracked(spec.command, spec.args, spec.options);
    entry.child = child;
    entry.state = 'running';
    entry.startedAt = Date.now();
    // Should this process die without stopping it, the child must not outlive it.
    const guard = child.pid ? guardAgainstOrphaning({ pid: child.pid, killGroup: false, signal: 'SIGTERM', removeDirs: [] }) : undefined;
    spec.attach?.(child);
    let ended = false;
    const onEnd = (code: number | null, signal: NodeJS.Signals | null) => {
      if (ended) return;
      ended = true;
      guard?.dismiss();
      this.exited(entry, code, signal);
    };
    child.once('exit', onEnd);
    // A child that cannot be spawned at all reports 'error' and never 'exit'.
    child.once('error', (error) => {
      if (child.pid === undefined) {
        this.options.log(`${spec.name} could not be started: ${error.message}`);
        onEnd(null, null);
      }
    });
  }

  private exited(entry: Supervised, code: number | null, signal: NodeJS.Signals | null): void {
    const now = Date.now();
    entry.lastExit = { code, signal, at: now };
    entry.child = undefined;
    // Asked to stop: stopOne marks it stopped once stopChild returns; during shutdown nothing restarts.
    if (entry.state === 'stopping') return;
    if (this.isStopping) {
      entry.state = 'stopped';
      return;
    }
    const ranMs = now - (entry.startedAt ?? now);
    if (ranMs >= this.backoff.resetAfterMs) entry.failures = 0;
    entry.quickExits = ranMs < this.backoff.quickExitMs ? entry.quickExits + 1 : 0;
    entry.failures += 1;
    entry.restarts += 1;
    const delayMs = Math.min(this.backoff.initialMs * 2 ** (entry.failures - 1), this.backoff.maxMs);
    const crashLoop = entry.quickExits >= CRASH_LOOP_AFTER ? `; failed to start ${entry.quickExits} times in a row` : '';
    this.options.log(`${entry.spec.name} exited (${describeExit(code, signal)}); restarting in ${delayMs / 1000} s (restart ${entry.restarts}${crashLoop})`);
    entry.state = 'backoff';
    entry.timer = setTimeout(() => this.run(entry), delayMs);
  }
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `signal ${signal}`;
  if (code !== null) return `code ${code}`;
  return 'not started';
}
