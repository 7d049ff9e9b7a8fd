import { ChildProcess } from 'node:child_process';
import { BackoffPolicy, ProcessSpec, Supervisor } from './supervisor';

/**
 * The supervisor behind `npm start`, with real processes: tiny node scripts in
 * place of the services, and short backoffs so that the gaps can be measured.
 */
const RUN_FOR_EVER = 'setInterval(() => {}, 1000)';
const EXIT_AT_ONCE = 'process.exit(3)';
/** Says when SIGTERM arrives (its own clock is this one's) and takes 300 ms to drain, as a service does. */
const DRAIN_ON_SIGTERM = `process.on('SIGTERM', () => { console.log('SIGTERM ' + Date.now()); setTimeout(() => process.exit(0), 300); }); console.log('up'); ${RUN_FOR_EVER}`;

interface Run {
  pid?: number;
  startedAt: number;
  exitedAt?: number;
  sigtermAt?: number;
  /** It said 'up' (its SIGTERM handler is in place). */
  up?: boolean;
  /** Its output has been read to the end (it may arrive after 'exit'). */
  closed?: boolean;
}

/** A supervised node script whose runs (start, SIGTERM, exit times in this process) are recorded. */
function script(name: string, code: string): { spec: ProcessSpec; runs: Run[] } {
  const runs: Run[] = [];
  const attach = (child: ChildProcess) => {
    const run: Run = { pid: child.pid, startedAt: Date.now() };
    runs.push(run);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('up')) run.up = true;
      const sigterm = /SIGTERM (\d+)/.exec(chunk.toString());
      if (sigterm) run.sigtermAt = Number(sigterm[1]);
    });
    child.once('exit', () => (run.exitedAt = Date.now()));
    child.once('close', () => (run.closed = true));
  };
  return { spec: { name, command: process.execPath, args: ['-e', code], options: { stdio: ['ignore', 'pipe', 'inherit'] }, attach }, runs };
}

function supervisor(
  backoff: Partial<BackoffPolicy>,
  stopOrder?: string[][],
  SupervisorClass: typeof Supervisor = Supervisor,
): { supervisor: Supervisor; lines: string[] } {
  const lines: string[] = [];
  return { supervisor: new SupervisorClass({ log: (line) => lines.push(line), backoff, stopOrder, graceMs: 5_000 }), lines };
}

async function waitFor(check: () => boolean, timeoutMs = 50_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the supervisor', () => {
  it('restarts a process killed with SIGKILL after the backoff, with one log line', async () => {
    const { supervisor: s, lines } = supervisor({ initialMs: 300 });
    const { spec, runs } = script('permits', RUN_FOR_EVER);
    s.start(spec);
    await waitFor(() => s.status()[0].pid !== undefined);
    const first = s.status()[0].pid!;

    process.kill(first, 'SIGKILL');
    await waitFor(() => runs.length === 2);

    const status = s.status()[0];
    expect(status).toMatchObject({ name: 'permits', state: 'running', restarts: 1, lastExit: { code: null, signal: 'SIGKILL' } });
    expect(status.pid).toBe(runs[1].pid);
    expect(status.pid).not.toBe(first);
    expect(lines).toEqual(['permits exited (signal SIGKILL); restarting in 0.3 s (restart 1)']);
    const gap = runs[1].startedAt - runs[0].exitedAt!;
    // Never sooner than the backoff; how much later depends on how loaded the machine is.
    expect(gap).toBeGreaterThanOrEqual(290);
    await s.stop();
    expect(alive(status.pid!)).toBe(false);
  });

  it('backs off exponentially, capped, from a process that exits at once, never in a hot loop', async () => {
    const { supervisor: s, lines } = supervisor({ initialMs: 100, maxMs: 400 });
    const { spec, runs } = script('complaints', EXIT_AT_ONCE);
    s.start(spec);
    await waitFor(() => runs.length === 6 && runs[5].exitedAt !== undefined);
    await s.stop();

    const gaps = runs.slice(1).map((run, i) => run.startedAt - runs[i].exitedAt!);
    const expected = [100, 200, 400, 400, 400];
    // Never sooner than the backoff (the log lines show the cap); how much later depends on the machine's load.
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(expected[i] - 10));
    expect(lines.slice(0, 5)).toEqual([
      'complaints exited (code 3); restarting in 0.1 s (restart 1)',
      'complaints exited (code 3); restarting in 0.2 s (restart 2)',
      'complaints exited (code 3); restarting in 0.4 s (restart 3; failed to start 3 times in a row)',
      'complaints exited (code 3); restarting in 0.4 s (restart 4; failed to start 4 times in a row)',
      'complaints exited (code 3); restarting in 0.4 s (restart 5; failed to start 5 times in a row)',
    ]);
    expect(s.status()[0]).toMatchObject({ state: 'stopped', restarts: 6, pid: undefined });
  });

  it('starts the backoff afresh after a run that lasted long enough', async () => {
    const { supervisor: s, lines } = supervisor({ initialMs: 100, resetAfterMs: 400, quickExitMs: 50 });
    const { spec, runs } = script('training', 'setTimeout(() => process.exit(1), 500)');
    s.start(spec);
    await waitFor(() => runs.length === 4);
    await s.stop();

    expect(lines.slice(0, 3)).toEqual([1, 2, 3].map((n) => `training exited (code 1); restarting in 0.1 s (restart ${n})`));
  });

  it('does not restart a process that was waiting for its restart when stopped', async () => {
    const { supervisor: s, lines } = supervisor({ initialMs: 500 });
    const { spec, runs } = script('training', EXIT_AT_ONCE);
    s.start(spec);
    await waitFor(() => s.status()[0].state === 'backoff');

    await s.stop();
    await sleep(1_000);

    expect(runs).toHaveLength(1);
    expect(lines).toHaveLength(1);
    expect(s.status()[0]).toMatchObject({ state: 'stopped', restarts: 1, pid: undefined });
  });

  it('stops stage by stage: the gateway has exited before the others are signalled, and none is restarted', async () => {
    const { supervisor: s, lines } = supervisor({ initialMs: 100 }, [['gateway'], ['permits', 'complaints']]);
    const scripts = ['gateway', 'permits', 'complaints', 'training'].map((name) => script(name, DRAIN_ON_SIGTERM));
    for (const { spec } of scripts) s.start(spec);
    await waitFor(() => scripts.every(({ runs }) => runs[0]?.up === true));
    const [gateway, permits, complaints, training] = scripts.map(({ runs }) => runs[0]);

    await s.stop();
    await waitFor(() => [gateway, permits, complaints, training].every((run) => run.closed));

    for (const run of [gateway, permits, complaints, training]) expect(run.sigtermAt).toBeDefined();
    expect(permits.sigtermAt!).toBeGreaterThanOrEqual(gateway.exitedAt!);
    expect(complaints.sigtermAt!).toBeGreaterThanOrEqual(gateway.exitedAt!);
    // Same stage: each signalled before the other had exited (each drains 300 ms), not one after the other.
    expect(permits.sigtermAt!).toBeLessThan(complaints.exitedAt!);
    expect(complaints.sigtermAt!).toBeLessThan(permits.exitedAt!);
    expect(training.sigtermAt!).toBeGreaterThanOrEqual(Math.max(permits.exitedAt!, complaints.exitedAt!));
    expect(lines).toEqual([]);
    expect(s.status().map((status) => [status.state, status.restarts])).toEqual(Array(4).fill(['stopped', 0]));
  });

  // On its own copy of the modules: stopAllChildren marks the child registry as stopping for good, which must not reach the other tests, whatever their order.
  it('is stopped first and in order by stopAllChildren (the CLI on Ctrl-C), and starts nothing afterwards', async () => {
    await jest.isolateModulesAsync(async () => {
      const { stopAllChildren } = await import('./child-processes');
      const { Supervisor: IsolatedSupervisor } = await import('./supervisor');
      await stopsFirstAndInOrder(stopAllChildren, IsolatedSupervisor);
    });
  });
});

async function stopsFirstAndInOrder(stopAllChildren: () => Promise<void>, SupervisorClass: typeof Supervisor): Promise<void> {
  const { supervisor: s, lines } = supervisor({ initialMs: 100 }, [['gateway']], SupervisorClass);
  const gateway = script('gateway', DRAIN_ON_SIGTERM);
  const permits = script('permits', DRAIN_ON_SIGTERM);
  s.start(gateway.spec);
  s.start(permits.spec);
  await waitFor(() => gateway.runs[0]?.up === true && permits.runs[0]?.up === true);

  await stopAllChildren();
  await s.stopped;
  await waitFor(() => gateway.runs[0].closed === true && permits.runs[0].closed === true);

  expect(permits.runs[0].sigtermAt!).toBeGreaterThanOrEqual(gateway.runs[0].exitedAt!);
  expect(lines).toEqual([]);
  const late = script('late', RUN_FOR_EVER);
  s.start(late.spec);
  await sleep(200);
  expect(late.runs).toHaveLength(0);
  expect(s.status().every((status) => status.state === 'stopped')).toBe(true);
}
