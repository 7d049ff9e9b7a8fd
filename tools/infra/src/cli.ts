/**
 * The project's own infrastructure tool. Every command uses the PostgreSQL and
 * Kafka named by DATABASE_URL / KAFKA_BROKERS, or starts real embedded ones and
 * stops them again, also after a failure or Ctrl-C.
 *
 *   test            lint, build and every test (unit, integration, end-to-end)
 *   start           the whole platform, each service its own process
 *   run -- CMD...   any command with DATABASE_URL and KAFKA_BROKERS set
 *   serve           start the servers, print their addresses as one JSON line,
 *                   stop them when standard input closes (used by Jest)
 *
 * PLATFORM_KAFKA_BROKERS=3 (any command) starts a Kafka cluster of three KRaft
 * brokers instead of one: topics get three replicas and min.insync.replicas 2,
 * so a broker may be killed without losing or stalling anything (see
 * docs/operations.md, "Kafka cluster mode"). One broker is the default.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { commandOutput, runCommand, stopAllChildren } from './child-processes';
import { InfraError } from './errors';
import { Infrastructure, startInfrastructure } from './infrastructure';
import { startPlatform } from './platform';

const log = (line: string) => console.log(`[infra] ${line}`);

/**
 * Ctrl-C reaches every process of the terminal's foreground group at once, so
 * PostgreSQL would stop while the services still drain. The commands that run
 * servers therefore run in a process group of their own, under this small
 * supervisor that turns Ctrl-C into one orderly SIGTERM. The supervised child
 * also stops when the supervisor disappears (its IPC channel closes).
 */
function superviseInOwnProcessGroup(argv: string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, __filename, ...argv], {
    detached: true,
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, INFRA_SUPERVISED: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill('SIGTERM'));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1))));
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'serve' && process.env.INFRA_SUPERVISED !== '1') return superviseInOwnProcessGroup(argv);
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  switch (command) {
    case 'test':
      return withInfrastructure(runAllTests);
    case 'start': {
      const dataDir = platformDataDir();
      return withInfrastructure((infra) => startPlatform(infra, log, dataDir), { persistentDir: dataDir });
    }
    case 'run':
      return withInfrastructure((infra) => runWithEnvironment(infra, rest[0] === '--' ? rest.slice(1) : rest));
    case 'serve':
      return withInfrastructure(serveUntilStdinCloses);
    default:
      console.error('usage: [PLATFORM_KAFKA_BROKERS=1|3] infra test | start | run -- COMMAND... | serve');
      return 2;
  }
}

/**
 * Where `npm start` keeps its data between runs: PLATFORM_DATA_DIR, or a
 * folder per checkout under the system temp folder (as root the database runs
 * as the `postgres` user, which cannot enter folders under /root).
 */
function platformDataDir(): string {
  if (process.env.PLATFORM_DATA_DIR) return process.env.PLATFORM_DATA_DIR;
  const checkout = createHash('sha256').update(join(__dirname, '..', '..', '..')).digest('hex').slice(0, 8);
  return join(tmpdir(), `palembang-egov-${checkout}`);
}

async function withInfrastructure(body: (infra: Infrastructure) => Promise<number>, options: { persistentDir?: string } = {}): Promise<number> {
  const infra = await startInfrastructure({ log: (line) => console.error(`[infra] ${line}`), persistentDir: options.persistentDir });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= infra.stop());
  // Stop the children first (services drain, test runners end); the body then returns and the servers stop.
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`[infra] ${signal}: stopping`);
    void stopAllChildren();
    setTimeout(() => void stop().then(() => process.exit(signal === 'SIGINT' ? 130 : 143)), 30_000).unref();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await body(infra);
  } finally {
    await stop();
  }
}

function infrastructureEnv(infra: Infrastructure): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: infra.databaseUrl, KAFKA_BROKERS: infra.kafkaBrokers, NX_DAEMON: 'false' };
}

function runWithEnvironment(infra: Infrastructure, command: string[]): Promise<number> {
  if (command.length === 0) throw new InfraError('run: name a command after --');
  return runCommand(command[0], command.slice(1), infrastructureEnv(infra));
}

async function runAllTests(infra: Infrastructure): Promise<number> {
  const summaryDir = await mkdtemp(join(tmpdir(), 'palembang-test-summary-'));
  const summaryFile = join(summaryDir, 'results.jsonl');
  const env = { ...infrastructureEnv(infra), TEST_SUMMARY_FILE: summaryFile };
  // Deployment files are validated offline first: Kubernetes and Compose schemas, hadolint, environment coverage.
  const deployCheck = await runCommand('bash', [join(__dirname, '..', '..', 'deploy-check', 'run.sh')], env);
  // The dashboard is tested in a real headless Chromium (installed here if missing).
  const chromium = deployCheck === 0 ? await commandOutput('bash', [join(__dirname, '..', '..', 'browser', 'ensure-chromium.sh')], env) : undefined;
  const ready = deployCheck !== 0 ? deployCheck : chromium === undefined ? 2 : 0;
  const tests = ready !== 0 ? ready : await runCommand('npx', ['nx', 'run-many', '-t', 'lint', 'build', 'test', '--outputStyle=stream'], { ...env, CHROMIUM_PATH: chromium! });
  // Then the images, the Compose stack and the dev overlay for real, where containers can run (tools/images/test-step.sh).
  const code = tests !== 0 ? tests : await runCommand('bash', [join(__dirname, '..', '..', 'images', 'test-step.sh')], env);
  const totals = await readTotals(summaryFile);
  await rm(summaryDir, { recursive: true, force: true });
  for (const failure of totals.failures) console.log(`failed: ${relative(process.cwd(), failure.file)} › ${failure.test}\n  ${failure.error.split('\n').join('\n  ')}`);
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  if (code === 0 && totals.passed === 0) {
    console.error('no test ran');
    return 1;
  }
  return code === 0 && totals.failed === 0 ? 0 : code || 1;
}

interface TestFailure {
  file: string;
  test: string;
  error: string;
}

async function readTotals(file: string) {
  const totals = { passed: 0, failed: 0, skipped: 0, failures: [] as TestFailure[] };
  const text = await readFile(file, 'utf8').catch(() => '');
  for (const line of text.split('\n').filter(Boolean)) {
    const run = JSON.parse(line) as typeof totals;
    totals.passed += run.passed;
    totals.failed += run.failed;
    totals.skipped += run.skipped;
    totals.failures.push(...(run.failures ?? []));
  }
  return totals;
}

function serveUntilStdinCloses(infra: Infrastructure): Promise<number> {
  process.stdout.write(`${JSON.stringify({ DATABASE_URL: infra.databaseUrl, KAFKA_BROKERS: infra.kafkaBrokers })}\n`);
  return new Promise((resolve) => {
    process.stdin.on('end', () => resolve(0));
    process.stdin.on('close', () => resolve(0));
    process.stdin.resume();
  });
}

/** What a person needs to act on a failure, without a stack trace: an InfraError names cause and fix itself. */
function describeFailure(error: unknown): string {
  if (error instanceof InfraError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${message} (INFRA_DEBUG=1 prints its stack trace)`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[infra] ${describeFailure(error)}`);
    if (process.env.INFRA_DEBUG) console.error(error);
    process.exit(1);
  },
);
