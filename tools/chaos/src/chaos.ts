/**
 * `npm run chaos`: the whole platform as real processes on loopback, under a
 * mixed load through the gateway, while each service, a Kafka broker and
 * PostgreSQL are killed in turn; then the checks of issue 14 and
 * docs/reliability.md. Exits 1 when anything was lost or doubled or a check
 * failed; bounded to 10 minutes; stops everything it started, also on Ctrl-C.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Infrastructure, PlatformProcesses, startInfrastructure, startPlatformProcesses } from '@palembang/infra';
import { Check, effectsOf, eventStoreCheck, kafkaCheck, latencyCheck, projectionCheck, waitForEmptyOutboxes } from './checks';
import { waitForConvergence } from './convergence';
import { faultsOf, FaultOutcome } from './faults';
import { CommandRecord, sleep } from './http';
import { actorsOf, prepareTraining, startLoad } from './load';
import { rebuildCheck } from './rebuild';
import { FaultRow, writeReport } from './report';

const ROOT = join(__dirname, '..', '..', '..');
const REPORT_FILE = join(ROOT, 'docs', 'reliability.md');
const RUN_LIMIT_MS = 10 * 60_000;
const LOAD_BETWEEN_FAULTS_MS = 15_000;
const CONVERGENCE_TIMEOUT_MS = 60_000;
/** At the end, for the outboxes to empty and the projection to catch up: within the 10 minutes even when a fault left something stuck. */
const FINAL_WAIT_MS = 30_000;
const VIRTUAL_CLIENTS = 6;
const PLATFORM_PORTS = [3000, 3001, 3002, 3003, 3004];

/** Set by Ctrl-C (or SIGTERM): no further fault is injected while everything stops. */
let interrupted = false;

const log = (line: string) => console.log(`[chaos] ${new Date().toISOString().slice(11, 19)} ${line}`);

async function main(): Promise<number> {
  const startedAt = new Date();
  const taken = await takenPorts(PLATFORM_PORTS);
  if (taken.length > 0) {
    console.error(`[chaos] port(s) ${taken.join(', ')} already in use (is \`npm start\` running?): the chaos run starts the platform on 3000-3004; stop what listens there first`);
    return 2;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'palembang-chaos-'));
  let infra: Infrastructure | undefined;
  let platform: PlatformProcesses | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      await platform?.stop().catch(() => undefined);
      await infra?.stop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    })());
  // Every signal, not once: Ctrl-C reaches this process twice (from the terminal, and relayed by tsx), and a second default SIGINT would end it before it stopped anything.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (!stopping) log(`${signal}: stopping everything`);
      interrupted = true;
      void stopAll().then(() => process.exit(130));
    });
  }
  const limit = setTimeout(() => {
    log(`the run passed its ${RUN_LIMIT_MS / 60_000} minutes: stopping everything, FAILED`);
    void stopAll().then(() => process.exit(1));
  }, RUN_LIMIT_MS);
  try {
    infra = await startInfrastructure({ kafkaBrokers: 3, log, env: withoutServers(process.env) });
    platform = await startPlatformProcesses(infra, {
      log,
      dataDir,
      env: { TOPIC_REPLICATION_FACTOR: '3' },
      serviceOutput: quietServiceOutput,
    });
    return await run(infra, platform, startedAt);
  } finally {
    clearTimeout(limit);
    await stopAll();
  }
}

async function run(infra: Infrastructure, platform: PlatformProcesses, startedAt: Date): Promise<number> {
  const { gatewayUrl, clients } = platform;
  const serverUrl = infra.databaseUrl;
  const actors = actorsOf(gatewayUrl, clients);
  const setup: CommandRecord[] = [];
  const cohortId = await prepareTraining(gatewayUrl, actors, setup);
  const documents = await reklameDocuments(gatewayUrl, clients);
  log(`load: ${VIRTUAL_CLIENTS} virtual clients`);
  const load = startLoad(gatewayUrl, actors, cohortId, documents, VIRTUAL_CLIENTS);
  const outcomes: Array<FaultOutcome & { convergeMs?: number }> = [];
  await sleep(LOAD_BETWEEN_FAULTS_MS);
  for (const fault of faultsOf(infra, platform)) {
    if (interrupted) break;
    log(`fault: ${fault.name}`);
    const faultStart = Date.now();
    const outcome: FaultOutcome & { convergeMs?: number } = { name: fault.name, startedAt: faultStart, ...(await fault.inject()) };
    outcomes.push(outcome);
    const downtime = outcome.backAt === undefined ? 'not back' : `back after ${((outcome.backAt - faultStart) / 1000).toFixed(1)} s`;
    log(`  ${downtime}, ${outcome.restarts} supervisor restart(s)${outcome.error ? `; ${outcome.error}` : ''}`);
    const converged = await waitForConvergence(serverUrl, load.commands, faultStart, CONVERGENCE_TIMEOUT_MS);
    outcome.convergeMs = converged.convergedAt;
    log(`  ${converged.convergedAt === undefined ? `NOT converged: ${converged.invisible} acknowledged command(s) not visible in the projection` : `converged ${(converged.convergedAt / 1000).toFixed(1)} s after the fault`}`);
    await sleep(LOAD_BETWEEN_FAULTS_MS);
  }
  log('stopping the load');
  await load.stop();
  const commands = [...setup, ...load.commands];
  log(`${commands.length} commands, ${commands.filter((command) => command.acknowledged).length} acknowledged; waiting for the outboxes and the projection`);
  const outboxLeft = await waitForEmptyOutboxes(serverUrl, FINAL_WAIT_MS);
  const final = await waitForConvergence(serverUrl, commands, Date.now(), FINAL_WAIT_MS);
  log('checks');
  const effects = await effectsOf(serverUrl, commands);
  const store = eventStoreCheck(commands, effects);
  const checks: Check[] = [...store.checks];
  checks.push(await safely('every event is in Kafka exactly once by event id', () => kafkaCheck(serverUrl, infra.kafkaBrokers, store.lost, store.doubled, effects)));
  checks.push(await safely('every acknowledged command\'s events are in the projection exactly once', () => projectionCheck(serverUrl, commands, effects, store.lost)));
  checks.push(latencyCheck(load.commands, outcomes));
  checks.push({
    name: 'every fault recovered and converged',
    passed: outboxLeft === 0 && final.convergedAt !== undefined && outcomes.every((outcome) => outcome.backAt !== undefined && outcome.convergeMs !== undefined && !outcome.error),
    figures: `${outcomes.filter((outcome) => outcome.backAt !== undefined).length} of ${outcomes.length} faults recovered, ${outcomes.filter((outcome) => outcome.convergeMs !== undefined).length} converged within ${CONVERGENCE_TIMEOUT_MS / 1000} s; outboxes left ${outboxLeft}`,
  });
  checks.push(await safely('live metrics equal a rebuild from offset 0', () => rebuildCheck(gatewayUrl, serverUrl, infra.kafkaBrokers, clients, log)));
  for (const check of checks) log(`${check.passed ? 'passed' : 'FAILED'}: ${check.name}: ${check.figures}`);
  const faults = faultRows(outcomes, load.commands, store.lost, store.doubled);
  const passed = store.lost.size === 0 && store.doubled.size === 0 && checks.every((check) => check.passed);
  writeReport(REPORT_FILE, {
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    faults,
    commands,
    lost: store.lost.size,
    doubled: store.doubled.size,
    checks,
    passed,
    failure: passed ? undefined : [...(store.lost.size + store.doubled.size > 0 ? ['something was lost or doubled'] : []), ...checks.filter((check) => !check.passed).map((check) => `failed: ${check.name}`)].join('; '),
  });
  log(`${passed ? 'PASSED' : 'FAILED'}: ${store.lost.size} lost, ${store.doubled.size} doubled; figures in docs/reliability.md`);
  return passed ? 0 : 1;
}

/** A check that could not be made counts as failed, with why; the report is written all the same. */
async function safely(name: string, check: () => Promise<Check>): Promise<Check> {
  try {
    return await check();
  } catch (error) {
    return { name, passed: false, figures: `could not be checked: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Each fault's share of the commands: those first sent from its start until the next fault's. */
function faultRows(outcomes: ReadonlyArray<FaultOutcome & { convergeMs?: number }>, commands: readonly CommandRecord[], lost: Set<string>, doubled: Set<string>): FaultRow[] {
  return outcomes.map((outcome, index) => {
    const until = outcomes[index + 1]?.startedAt ?? Number.POSITIVE_INFINITY;
    const mine = commands.filter((command) => command.firstAttemptAt >= outcome.startedAt && command.firstAttemptAt < until);
    return {
      name: outcome.name,
      downtimeMs: outcome.backAt === undefined ? undefined : outcome.backAt - outcome.startedAt,
      convergeMs: outcome.convergeMs,
      restarts: outcome.restarts,
      commands: mine.length,
      retried: mine.filter((command) => command.attempts > 1).length,
      lost: mine.filter((command) => lost.has(command.correlationId)).length,
      doubled: mine.filter((command) => doubled.has(command.correlationId)).length,
      error: outcome.error,
    };
  });
}

async function reklameDocuments(gatewayUrl: string, clients: PlatformProcesses['clients']): Promise<string[]> {
  const portal = clients.find((client) => client.scopes.includes('agencies:all') && client.scopes.includes('permits:write'))!;
  const basic = Buffer.from(`${encodeURIComponent(portal.clientId)}:${encodeURIComponent(portal.clientSecret)}`).toString('base64');
  const token = await fetch(`${gatewayUrl}/oauth/token`, { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
  const { access_token: accessToken } = (await token.json()) as { access_token: string };
  const response = await fetch(`${gatewayUrl}/v1/permit-types`, { headers: { authorization: `Bearer ${accessToken}` } });
  const { items } = (await response.json()) as { items: Array<{ code: string; requiredDocuments: string[] }> };
  return items.find((type) => type.code === 'REKLAME')?.requiredDocuments ?? [];
}

/** The run owns its servers: a shared DATABASE_URL / KAFKA_BROKERS in the environment must not be used (nor killed). */
function withoutServers(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...env };
  delete rest.DATABASE_URL;
  delete rest.KAFKA_BROKERS;
  return rest;
}

/** The services' own output only when it is a warning or an error: the run's log stays readable. */
function quietServiceOutput(text: string, stream: 'stdout' | 'stderr'): void {
  for (const line of text.split('\n')) {
    if (line && (stream === 'stderr' || /\b(ERROR|WARN|FATAL)\b/i.test(line))) process.stderr.write(`${line}\n`);
  }
}

function takenPorts(ports: number[]): Promise<number[]> {
  return Promise.all(
    ports.map(
      (port) =>
        new Promise<number | undefined>((resolve) => {
          const server = createServer();
          server.once('error', () => resolve(port));
          server.listen(port, '127.0.0.1', () => server.close(() => resolve(undefined)));
        }),
    ),
  ).then((results) => results.filter((port): port is number => port !== undefined));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[chaos] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
