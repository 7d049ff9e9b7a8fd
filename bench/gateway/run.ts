/**
 * Committed permit submissions per second end to end — HTTP through the
 * gateway to the permits service — against two baselines measured in the same
 * run on the same PostgreSQL: a bare Fastify route doing one raw INSERT, and a
 * bare Fastify proxy in front of a bare Fastify service appending one event
 * row and its outbox row in one transaction (the same shape as the platform's
 * write, without the platform). Then latency at half the measured peak, the
 * CPU of each process per committed submission, and a short CPU profile of
 * both services. Run with `npm run bench:gateway`; it rewrites its section of
 * docs/benchmarks.md.
 */
import { join } from 'node:path';
import { startPermitsBehindGateway } from '@palembang/platform/testing';
import { writeBenchmarkSection } from '../benchmarks-file';
import { describeMachine, hostLoad } from '../events/report';
import { kafkaBrokerPid, postgresServerPid, ProcessRoots, REST_OF_MACHINE, sumOf } from './cpu';
import { closeAll, CONNECTIONS, DURATION_S, measure, Measured, ScriptProcess, startScript } from './load';
import { sessionsByDatabase, sessionsPerUnit } from './postgres-sessions';
import { PROFILE_PRELOAD, profileMarkdown, profileWhile } from './profile-summary';
import { runBounded } from './bounded-run';
import { submissionBody } from './submission';

const TARGETS = { ratioToInsert: 0.2, ratioToShaped: 0.5, cpuMs: 1.5, halfPeakP99Ms: 100 };
const WARM_UP_S = 5;
const PROFILE_DIR = join(process.cwd(), 'tmp', 'profiles', 'gateway');
/** The platform's processes, whose CPU the target counts: the load generator and the baselines are not the platform. */
const PLATFORM = ['gateway', 'permits', 'postgres', 'kafka'];
const COLUMNS = ['load generator', 'bare INSERT route', 'bare proxy', 'bare service', ...PLATFORM];

const RUN_LIMIT_MS = 6 * 60_000;

const log = (line: string) => console.error(`[bench:gateway] ${new Date().toISOString().slice(11, 19)} ${line}`);
const met = (passed: boolean) => (passed ? 'met' : '**missed**');

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = hostLoad();
  const machine = await describeMachine();
  const databaseUrl = process.env.DATABASE_URL!;
  const servers = [
    { name: 'postgres', pid: await postgresServerPid(databaseUrl) },
    { name: 'kafka', pid: kafkaBrokerPid(process.env.KAFKA_BROKERS!) },
  ];
  const profiled = { NODE_OPTIONS: `--require ${PROFILE_PRELOAD}`, PROFILE_DIR };
  const platform = await startPermitsBehindGateway({ RATE_LIMIT_PER_MINUTE: '1000000', ...profiled }, profiled);
  const started: ScriptProcess[] = [];
  let stopping: Promise<void> | undefined;
  stopEverything = () => (stopping ??= closeAll(started).then(async () => void (await platform.stop())));
  try {
    const { gateway, permits } = platform;
    const token = await platform.tokenFor('dinas-pariwisata', ['permits:write', 'permits:read']);
    const auth = { authorization: `Bearer ${token}` };
    const insertRoute = await startScript('bare-baseline.cjs', { DATABASE_URL: permits.databaseUrl });
    started.push(insertRoute);
    const shapedService = await startScript('shaped-service.cjs', { DATABASE_URL: permits.databaseUrl });
    started.push(shapedService);
    const shapedProxy = await startScript('shaped-proxy.cjs', { UPSTREAM_URL: shapedService.url });
    started.push(shapedProxy);
    const roots: ProcessRoots = [
      { name: 'load generator', pid: process.pid },
      { name: 'bare INSERT route', pid: insertRoute.pid },
      { name: 'bare proxy', pid: shapedProxy.pid },
      { name: 'bare service', pid: shapedService.pid },
      { name: 'gateway', pid: gateway.process.pid! },
      { name: 'permits', pid: permits.process.pid! },
      ...servers,
    ];
    const submitUrl = `${gateway.baseUrl}/v1/permit-applications`;
    const shapedUrl = `${shapedProxy.url}/v1/permit-applications`;
    // Each target warmed up right before its measurement: connection pools close idle connections after some seconds,
    // and reopening them under load (a backend forked per connection) would be counted against whoever comes later.
    const warmUp = (url: string, headers: Record<string, string>) => measure(url, headers, roots, { duration: WARM_UP_S });
    log('bare INSERT route');
    await warmUp(insertRoute.url, {});
    const insert = await measure(insertRoute.url, {}, roots);
    // Each baseline stopped after its measurement: a backend's whole lifetime CPU moves to the postmaster when it ends,
    // so a baseline's pool must not end inside a later measurement.
    await insertRoute.close();
    log('bare proxy → bare service, event + outbox in one transaction');
    await warmUp(shapedUrl, auth);
    const shaped = await measure(shapedUrl, auth, roots);
    await closeAll([shapedProxy, shapedService]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    log('through the gateway → permits');
    await warmUp(submitUrl, auth);
    const sessionsBefore = await sessionsByDatabase(databaseUrl);
    const endToEnd = await measure(submitUrl, auth, roots);
    const sessions = sessionsPerUnit(sessionsBefore, await sessionsByDatabase(databaseUrl), endToEnd.committed, (database) => database.replace(/_[0-9a-f]{10}$/, ''));
    log('straight to permits');
    await warmUp(`${permits.baseUrl}/v1/permit-applications`, auth);
    const direct = await measure(`${permits.baseUrl}/v1/permit-applications`, auth, roots);
    log('through the gateway at half the peak');
    const halfPeak = await measure(submitUrl, auth, roots, { overallRate: Math.max(1, Math.floor(endToEnd.committedPerSecond / 2)) });
    log('profiling both services under the same load');
    const profile = await profileWhile(
      [
        { name: 'gateway', pid: gateway.process.pid! },
        { name: 'permits', pid: permits.process.pid! },
      ],
      PROFILE_DIR,
      () => measure(submitUrl, auth, roots),
    );
    const loadAfter = hostLoad();
    const section = report({ startedAt, machine, loadBefore, loadAfter, insert, shaped, endToEnd, direct, halfPeak, sessions, profile: profileMarkdown(profile.summaries) });
    console.log(section);
    writeBenchmarkSection('gateway', section);
  } finally {
    await stopEverything();
  }
}

const platformCpu = (measured: Measured) => sumOf(measured.cpu, PLATFORM);

interface Report {
  startedAt: Date;
  machine: Awaited<ReturnType<typeof describeMachine>>;
  loadBefore: ReturnType<typeof hostLoad>;
  loadAfter: ReturnType<typeof hostLoad>;
  insert: Measured;
  shaped: Measured;
  endToEnd: Measured;
  direct: Measured;
  halfPeak: Measured;
  /** New PostgreSQL connections per committed submission through the gateway, by database. */
  sessions: string;
  profile: string;
}

function report(r: Report): string {
  const toInsert = r.endToEnd.committedPerSecond / r.insert.committedPerSecond;
  const toShaped = r.endToEnd.committedPerSecond / r.shaped.committedPerSecond;
  const cpu = platformCpu(r.endToEnd);
  const row = (name: string, m: Measured, ratio: string, target: string, result: string) =>
    `| ${name} | ${m.committedPerSecond.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.non2xx + m.errors} | ${ratio} | ${target} | ${result} |`;
  const results = [
    '| Measurement | Committed/s | p50 ms | p99 ms | failed | Ratio | Target | Result |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    row('Baseline 1: bare Fastify route, one raw INSERT', r.insert, '—', '—', '—'),
    row('Baseline 2: bare Fastify proxy → bare Fastify service, event + outbox row in one transaction', r.shaped, '—', '—', '—'),
    row(`Submit through gateway → permits (peak, ${CONNECTIONS} connections), against baseline 1`, r.endToEnd, toInsert.toFixed(2), `≥ ${TARGETS.ratioToInsert}`, met(toInsert >= TARGETS.ratioToInsert)),
    `| … the same run, against baseline 2 | | | | | ${toShaped.toFixed(2)} | ≥ ${TARGETS.ratioToShaped} | ${met(toShaped >= TARGETS.ratioToShaped)} |`,
    `| … CPU of gateway, permits, PostgreSQL and Kafka per committed submission | ${cpu.toFixed(2)} ms | | | | | ≤ ${TARGETS.cpuMs} ms | ${met(cpu <= TARGETS.cpuMs)} |`,
    row('Diagnostic: the same straight to the permits service (no gateway hop), against baseline 1', r.direct, (r.direct.committedPerSecond / r.insert.committedPerSecond).toFixed(2), '—', '—'),
    row('Through the gateway at half the peak rate', r.halfPeak, '—', `p99 ≤ ${TARGETS.halfPeakP99Ms} ms`, met(r.halfPeak.p99 <= TARGETS.halfPeakP99Ms)),
  ].join('\n');
  const rows: Array<[string, Measured]> = [
    ['Baseline 1: bare INSERT route', r.insert],
    ['Baseline 2: bare proxy → bare service', r.shaped],
    ['Through gateway → permits', r.endToEnd],
    ['Straight to permits', r.direct],
  ];
  const cores = Number(r.machine.cpus);
  const cpuTable = [
    `| CPU ms per committed submission | ${COLUMNS.join(' | ')} | run total | ${REST_OF_MACHINE} |`,
    `|---|${COLUMNS.map(() => '---:').join('|')}|---:|---:|`,
    ...rows.map(([name, m]) => `| ${name} | ${COLUMNS.map((column) => (m.cpu[column] ?? 0).toFixed(3)).join(' | ')} | ${sumOf(m.cpu, COLUMNS).toFixed(3)} | ${m.cpu[REST_OF_MACHINE].toFixed(3)} |`),
  ].join('\n');
  const budget = (cores / (TARGETS.ratioToInsert * r.insert.committedPerSecond)) * 1000;
  const others = (r.endToEnd.cpu[REST_OF_MACHINE] * r.endToEnd.committed) / r.endToEnd.cpuSeconds / 1000;
  return `## Gateway end to end (\`bench/gateway\`)

_Generated by \`bench/gateway/run.ts\` on ${r.startedAt.toISOString()}. Run it again rather than editing by hand._

Command: \`npm run bench:gateway\` (builds the gateway and permits, starts a fresh PostgreSQL and Kafka on loopback, stops
everything again). Machine: ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.memory} memory, ${r.machine.os}, Node
${r.machine.node}, ${r.machine.postgres.split(' on ')[0]}, Kafka ${r.machine.kafka}. Load average (1/5/15 min) before → after:
${r.loadBefore.loadAverage} → ${r.loadAfter.loadAverage}; PostgreSQL servers / Kafka brokers on the host during the run (the run's
own included): ${r.loadBefore.postgresServers} / ${r.loadBefore.kafkaBrokers}.

What: autocannon in the benchmark's process, ${CONNECTIONS} connections, ${DURATION_S} s per measurement, each right after a ${WARM_UP_S} s warm-up
of its target, POST of a ${submissionBody().length}-byte permit application (another applicant each time; personal data sealed per subject by
the service) with a bearer token, through the gateway to the permits service, which verifies the token, decides, appends the
event with its outbox row and updates its list view in one transaction. A submission counts when it was answered 2xx (answered
after its commit). Two baselines in the same run, each process of its own, on the same PostgreSQL server: (1) a bare Fastify
route inserting the body with one raw \`INSERT\`; (2) the same shape as the platform without the platform: a bare Fastify proxy
(undici keep-alive pool, body unparsed) in front of a bare Fastify service that appends one event row and its outbox row in one
transaction (one statement, plain \`pg\`). Then the gateway at half its measured peak rate, for latency. The load generator, the
services, PostgreSQL and Kafka share the cores over loopback; read the ratios rather than the absolute figures.

${results}

### Where a submission's CPU goes

CPU time (user + system) of each process of the run, read from \`/proc/<pid>/stat\` of the process and every process it forked
(the PostgreSQL postmaster with all its backends), divided by the submissions committed during the measurement. The platform's
figure (the target) is gateway + permits + PostgreSQL + Kafka; the load generator and the baselines are shown but not counted in
it. \`${REST_OF_MACHINE}\` is the machine's busy time (\`/proc/stat\`) not spent by the run's processes: other work on a
shared host, kernel threads; it says how quiet the machine was, nothing about the platform.

${cpuTable}

With ${cores} cores saturated, a ratio of ${TARGETS.ratioToInsert} to baseline 1 leaves ${budget.toFixed(2)} ms of CPU per submission for
every process together (${cores} cores / (${TARGETS.ratioToInsert} × ${r.insert.committedPerSecond.toFixed(0)}/s)); the platform used ${platformCpu(r.endToEnd).toFixed(2)} ms, the run's
processes together ${sumOf(r.endToEnd.cpu, COLUMNS).toFixed(2)} ms. New PostgreSQL connections per committed submission through
the gateway, by database (\`pg_stat_database.sessions\`; in brackets the count, the benchmark's own readings included): ${r.sessions}. Other work on the host took ${others.toFixed(2)} of the ${cores} cores on average while the
submissions through the gateway were measured: the more it took, the fewer cores the run had and the noisier every figure is.

### Where the services spend it (CPU profile)

A further ${DURATION_S} s of the same load through the gateway with a V8 CPU profile of each service (sampling every 0.5 ms; it slows
the services, so it is not one of the measurements above). Self time by where the code lives, as a share of the service's
sampled CPU; \`(program)\` is native code V8 does not attribute (much of it the HTTP parser and syscalls). The profiles are
kept in \`tmp/profiles/gateway\` (open them in Chrome DevTools); \`npx tsx bench/gateway/profile.ts\` makes more.

${r.profile}
`;
}

let stopEverything: () => Promise<void> = async () => undefined;
runBounded(main, () => stopEverything(), RUN_LIMIT_MS, log);
