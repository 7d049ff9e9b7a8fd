import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface GuardedProcess {
  pid: number;
  /** Kill the whole process group (the process was spawned detached). */
  killGroup: boolean;
  signal: NodeJS.Signals;
  removeDirs: string[];
}

export interface Guard {
  /** The process was stopped cleanly: the watchdog is no longer needed. */
  dismiss(): void;
}

/**
 * Starts a detached watchdog that stops `target` if this process dies first,
 * so an interrupted or crashed run leaves no server behind.
 */
export function guardAgainstOrphaning(target: GuardedProcess): Guard {
  const reaper = spawn(process.execPath, [join(__dirname, 'reaper.cjs'), String(process.pid), JSON.stringify(target)], {
    detached: true,
    stdio: 'ignore',
  });
  reaper.unref();
  return {
    dismiss() {
      if (reaper.pid) {
        try {
          process.kill(reaper.pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      }
    },
  };
}
