import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';

const running = new Set<ChildProcess>();
const stopFirst = new Set<() => Promise<void>>();
let stoppingAll = false;

/** Spawns a child that `stopAllChildren` will stop; the CLI forwards Ctrl-C and SIGTERM this way. */
export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, options);
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => {
    if (child.pid === undefined) running.delete(child);
  });
  return child;
}

/** Runs a command with inherited output and resolves with its exit code. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawnTracked(command, args, { stdio: 'inherit', env });
    child.on('error', (error) => {
      console.error(`could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Runs a command whose stdout is a value (stderr goes to the terminal); undefined when it fails. */
export function commandOutput(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawnTracked(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', () => resolve(undefined));
    child.on('exit', (code) => resolve(code === 0 ? output.trim() : undefined));
  });
}

/** Sends SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Registers a stop that `stopAllChildren` runs, and waits for, before it
 * signals the remaining children: a supervisor stops its own processes in its
 * own order and must not see them exit before it knows it is stopping.
 * Returns the function that unregisters it.
 */
export function stopBeforeOtherChildren(stop: () => Promise<void>): () => void {
  stopFirst.add(stop);
  return () => stopFirst.delete(stop);
}

/** True once `stopAllChildren` has been called: nothing should be (re)started any more. */
export function stoppingAllChildren(): boolean {
  return stoppingAll;
}

export async function stopAllChildren(): Promise<void> {
  stoppingAll = true;
  await Promise.all([...stopFirst].map((stop) => stop()));
  await Promise.all([...running].map((child) => stopChild(child)));
}
