import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const LOG_TAIL_LINES = 30;

export interface CommandResult {
  exitCode: number | null;
  output: string;
  spawnError?: Error;
  timedOut: boolean;
}

/** Runs a command to completion, capturing stdout and stderr together. */
export function runAndCapture(command: string, args: string[], timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolveResult) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', (spawnError) => {
      clearTimeout(timer);
      resolveResult({ exitCode: null, output: '', spawnError, timedOut });
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolveResult({ exitCode, output: Buffer.concat(chunks).toString('utf8'), timedOut });
    });
  });
}

export function lastLines(text: string, count = LOG_TAIL_LINES): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

export function readTextOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
