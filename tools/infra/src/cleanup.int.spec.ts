import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * The infrastructure tool leaves no server behind, even when the process that
 * started the servers is killed outright. This starts a second, private set of
 * servers (DATABASE_URL and KAFKA_BROKERS are unset for it).
 */
const ROOT = join(__dirname, '..', '..', '..');
const REPORT_AND_WAIT = `console.log(JSON.stringify({ db: process.env.DATABASE_URL, kafka: process.env.KAFKA_BROKERS, cli: process.ppid })); setInterval(() => {}, 1000)`;

function portAnswers(hostPort: string): Promise<boolean> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

const serverDataFolders = () => readdirSync(tmpdir()).filter((name) => /^palembang-(pg|kafka)-/.test(name));

describe('the infrastructure tool', () => {
  it('stops PostgreSQL and Kafka and removes their data when the tool is killed with SIGKILL', async () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.KAFKA_BROKERS;
    const foldersBefore = serverDataFolders();
    const run = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tools/infra/src/cli.ts'), 'run', '--', process.execPath, '-e', REPORT_AND_WAIT], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const line = await new Promise<string>((resolve) => createInterface({ input: run.stdout! }).once('line', resolve));
    const started = JSON.parse(line) as { db: string; kafka: string; cli: number };
    const postgres = new URL(started.db);
    const postgresAddress = `${postgres.hostname}:${postgres.port}`;
    expect(await portAnswers(postgresAddress)).toBe(true);
    expect(await portAnswers(started.kafka)).toBe(true);

    process.kill(started.cli, 'SIGKILL');

    expect(await waitFor(async () => !(await portAnswers(postgresAddress)) && !(await portAnswers(started.kafka)), 30_000)).toBe(true);
    const leftOver = () => serverDataFolders().filter((name) => !foldersBefore.includes(name));
    expect(await waitFor(async () => leftOver().length === 0, 10_000)).toBe(true);
    run.kill('SIGKILL');
  }, 120_000);

  it('names the missing program instead of printing a stack trace', async () => {
    const output = await new Promise<string>((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: '/nonexistent', JAVA_HOME: '/nonexistent-java' };
      env.DATABASE_URL = 'postgres://unused@127.0.0.1:1/x';
      delete env.KAFKA_BROKERS;
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tools/infra/src/cli.ts'), 'run', '--', 'true'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout?.on('data', (chunk) => (text += chunk));
      child.stderr?.on('data', (chunk) => (text += chunk));
      child.once('exit', () => resolve(text));
    });
    expect(output).toMatch(/Java/);
    expect(output).not.toMatch(/^\s+at /m);
  }, 60_000);
});
