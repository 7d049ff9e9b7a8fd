/**
 * The whole platform as `npm start` runs it — every service and consumer its
 * own process on ports 3000-3004, on one PostgreSQL and one Kafka broker —
 * under the gateway benchmark's load (new permit applications through the
 * gateway), against a bare node:http route doing one INSERT on the same
 * PostgreSQL in the same run. It counts the machine's CPU per committed
 * submission split by process, the broker and each database's PostgreSQL
 * backends included, until the relay and the consumers have caught up; then
 * profiles every service under the same load. Run with
 * `npm run bench:platform`; it rewrites its section of docs/benchmarks.md.
 * It starts its own PostgreSQL and Kafka on loopback (DATABASE_URL and
 * KAFKA_BROKERS are ignored); bounded in time; stops every process it
 * started, the services before the servers, also on failure and Ctrl-C.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Infrastructure, PlatformProcesses, startInfrastructure, startPlatformProcesses } from '@palembang/infra';
import { writeBenchmarkSection } from '../benchmarks-file';
import { describeMachine, hostLoad } from '../events/report';
import { cpuPerUnit, kafkaBrokerPid, postgresServerPid, ProcessRoots, readCpu, ReadOptions, REST_OF_MACHINE, sumOf } from '../gateway/cpu';
import { sessionsByDatabase, sessionsPerUnit } from '../gateway/postgres-sessions';
import { connectDrain } from './drain';
import { closeAll, CONNECTIONS, DURATION_S, measure, Measured, ScriptProcess, startScript } from '../gateway/load';
import { PROFILE_PRELOAD, profileMarkdown, profileWhile } from '../gateway/profile-summary';
import { runBounded } from '../gateway/bounded-run';
import { submissionBody } from '../gateway/submission';

const TARGETS = { cpuMs: 3, ratioToInsert: 0.1 };
const RUN_LIMIT_MS = 8 * 60_000;
const IDLE_S = 5;
const WARM_UP_S = 5;
/** After the load: the outboxes must empty and the consumers catch up within this, or the run says so. */
const DRAIN_LIMIT_MS = 60_000;
const PLATFORM_PORTS = [3000, 3001, 3002, 3003, 3004];
const SERVICES = ['gateway', 'permits', 'complaints', 'training', 'accountability', 'webhooks'];
const EVENT_SOURCED = ['permits', 'complaints', 'training', 'accountability'];
const PROFILE_DIR = join(process.cwd(), 'tmp', 'profiles', 'platform');
const READ: ReadOptions = { postgresRoot: 'postgres' };

const log = (line: string) => console.error(`[bench:platform] ${new Date().toISOString().slice(11, 19)} ${line}`);
const met = (passed: boolean) => (passed ? 'met' : '**missed**');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the services print is kept, and shown only when the run fails. */
const serviceLines: string[] = [];
const keepServiceOutput = (text: string) => {
  serviceLines.push(...text.split('\n').filter(Boolean));
  serviceLines.splice(0, Math.max(0, serviceLines.length - 200));
};

let stopEverything: () => Promise<void> = async () => undefined;

async function main(): Promise<void> {
  const taken = await takenPorts(PLATFORM_PORTS);
  if (taken.length > 0) throw new Error(`port(s) ${taken.join(', ')} already in use (is \`npm start\` running?): the benchmark starts the platform on 3000-3004`);
  const startedAt = new Date();
  const loadBefore = hostLoad();
  const dataDir = mkdtempSync(join(tmpdir(), 'palembang-bench-platform-'));
  let infra: Infrastructure | undefined;
  let platform: PlatformProcesses | undefined;
  const started: ScriptProcess[] = [];
  let stopping: Promise<void> | undefined;
  let closeDrain: () => Promise<unknown> = async () => undefined;
  // The run owns its servers (as the chaos run does), so that they stop only after every service has.
  stopEverything = () =>
    (stopping ??= (async () => {
      const since = Date.now();
      await closeDrain();
      await closeAll(started);
      await platform?.stop().catch(() => undefined);
      await infra?.stop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
      log(`everything stopped in ${((Date.now() - since) / 1000).toFixed(1)} s`);
    })());
  try {
    infra = await startInfrastructure({ log, env: withoutServers(process.env) });
    process.env.DATABASE_URL = infra.databaseUrl; // for describeMachine's version query
    const machine = await describeMachine();
    log('starting the platform (as npm start does, without its demo data)');
    platform = await startPlatformProcesses(infra, {
      log,
      dataDir,
      build: false,
      env: { RATE_LIMIT_PER_MINUTE: '1000000', NODE_OPTIONS: `--require ${PROFILE_PRELOAD}`, PROFILE_DIR },
      serviceOutput: keepServiceOutput,
    });
    const client = platform.clients.find((candidate) => candidate.agencyId === 'dinas-pariwisata' && candidate.scopes.includes('permits:write'));
    if (!client) throw new Error('the demo client of dinas-pariwisata with permits:write is missing');
    const auth = { authorization: `Bearer ${await clientToken(platform.gatewayUrl, client)}` };
    const insertRoute = await startScript('bare-http-baseline.cjs', { DATABASE_URL: await freshDatabase(infra.databaseUrl, 'bench_baseline') });
    started.push(insertRoute);
    const services = serviceRoots(platform);
    const roots: ProcessRoots = [
      { name: 'load generator', pid: process.pid },
      { name: 'bare node:http route', pid: insertRoute.pid },
      ...services,
      { name: 'kafka', pid: kafkaBrokerPid(infra.kafkaBrokers) },
      { name: 'postgres', pid: await postgresServerPid(infra.databaseUrl) },
    ];
    const submitUrl = `${platform.gatewayUrl}/v1/permit-applications`;
    log(`idle for ${IDLE_S} s (the platform's own background work)`);
    const idleBefore = readCpu(roots, READ);
    await sleep(IDLE_S * 1000);
    const idle = cpuPerUnit(idleBefore, readCpu(roots, READ), IDLE_S); // ms per second
    const platformDrain = await connectDrain(EVENT_SOURCED.map((service) => databaseOn(infra!.databaseUrl, service)), infra.kafkaBrokers);
    closeDrain = () => platformDrain.close();
    const drain = async () => {
      const took = await platformDrain.wait(DRAIN_LIMIT_MS);
      if (took >= DRAIN_LIMIT_MS) log(`the platform had not caught up ${DRAIN_LIMIT_MS / 1000} s after the load; counting what it used until then`);
      return took;
    };
    // Each target warmed up right before its measurement: connection pools close idle connections after some seconds,
    // and reopening them under load (a backend forked per connection) would be counted against whoever comes second.
    log('bare node:http INSERT route (after a warm-up, not counted)');
    await measure(insertRoute.url, {}, roots, { duration: WARM_UP_S });
    const insert = await measure(insertRoute.url, {}, roots, { read: READ });
    // Stopped now: a backend's whole lifetime CPU moves to the postmaster when it ends, so its pool must not end inside a later measurement.
    await insertRoute.close();
    await sleep(1000);
    log('through the gateway, until the relay and the consumers have caught up (after a warm-up, not counted)');
    await measure(submitUrl, auth, roots, { duration: WARM_UP_S, drain });
    let drainedAfter = 0;
    const sessionsBefore = await sessionsByDatabase(infra.databaseUrl);
    const endToEnd = await measure(submitUrl, auth, roots, { read: READ, drain: async () => void (drainedAfter = await drain()) });
    const sessions = sessionsPerUnit(sessionsBefore, await sessionsByDatabase(infra.databaseUrl), endToEnd.committed);
    log('profiling every service under the same load');
    const profile = await profileWhile(services, PROFILE_DIR, () => measure(submitUrl, auth, roots, { drain }));
    const restarts = platform.status().reduce((sum, status) => sum + status.restarts, 0);
    if (restarts > 0) throw new Error(`${restarts} service restart(s) during the run: the figures would follow dead processes`);
    const section = report({ startedAt, machine, loadBefore, loadAfter: hostLoad(), insert, endToEnd, idle, drainedAfter, sessions, profile: profileMarkdown(profile.summaries) });
    console.log(section);
    writeBenchmarkSection('platform', section);
  } catch (error) {
    console.error(serviceLines.slice(-40).join('\n'));
    throw error;
  } finally {
    await stopEverything();
  }
}

function withoutServers(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...env };
  delete rest.DATABASE_URL;
  delete rest.KAFKA_BROKERS;
  return rest;
}

function serviceRoots(platform: PlatformProcesses): ProcessRoots {
  return SERVICES.map((name) => {
    const pid = platform.status().find((status) => status.name === name)?.pid;
    if (pid === undefined) throw new Error(`${name} is not running`);
    return { name, pid };
  });
}

function databaseOn(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return databaseOn(serverUrl, name);
}

async function clientToken(gatewayUrl: string, client: { clientId: string; clientSecret: string }): Promise<string> {
  const response = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=permits%3Awrite',
  });
  if (response.status !== 200) throw new Error(`no token for ${client.clientId}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
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

interface Report {
  startedAt: Date;
  machine: Awaited<ReturnType<typeof describeMachine>>;
  loadBefore: ReturnType<typeof hostLoad>;
  loadAfter: ReturnType<typeof hostLoad>;
  insert: Measured;
  endToEnd: Measured;
  /** CPU ms per second of each process while the platform stood idle. */
  idle: Record<string, number>;
  drainedAfter: number;
  /** New PostgreSQL connections per committed submission, by database. */
  sessions: string;
  profile: string;
}

function report(r: Report): string {
  const platformNames = [...SERVICES, 'kafka', 'postgres'];
  const cpu = sumOf(r.endToEnd.cpu, platformNames);
  const ratio = r.endToEnd.committedPerSecond / r.insert.committedPerSecond;
  const results = [
    '| Measurement | Committed/s | p50 ms | p99 ms | failed | Ratio | Target | Result |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    `| Baseline: bare \`node:http\` route, one raw INSERT, same PostgreSQL | ${r.insert.committedPerSecond.toFixed(0)} | ${r.insert.p50} | ${r.insert.p99} | ${r.insert.non2xx + r.insert.errors} | — | — | — |`,
    `| Submit through the gateway, whole platform running (${CONNECTIONS} connections) | ${r.endToEnd.committedPerSecond.toFixed(0)} | ${r.endToEnd.p50} | ${r.endToEnd.p99} | ${r.endToEnd.non2xx + r.endToEnd.errors} | ${ratio.toFixed(2)} | ≥ ${TARGETS.ratioToInsert} | ${met(ratio >= TARGETS.ratioToInsert)} |`,
    `| … machine CPU of the platform's processes per committed submission | ${cpu.toFixed(2)} ms | | | | | ≤ ${TARGETS.cpuMs} ms | ${met(cpu <= TARGETS.cpuMs)} |`,
  ].join('\n');
  const names = [...new Set(Object.keys(r.endToEnd.cpu))].filter((name) => name !== REST_OF_MACHINE);
  const ordered = [...names.filter((name) => platformNames.some((wanted) => name === wanted || name.startsWith(`${wanted}: `))).sort((a, b) => r.endToEnd.cpu[b] - r.endToEnd.cpu[a]), 'load generator'];
  const coresOf = (m: Measured, name: string) => (m.cpu[name] * m.committed) / m.cpuSeconds / 1000;
  const split = [
    '| Process | CPU ms per committed submission | Share of the platform | Cores busy under load | Cores busy idle |',
    '|---|---:|---:|---:|---:|',
    ...ordered.map((name) => `| ${name} | ${r.endToEnd.cpu[name].toFixed(3)} | ${platformNames.some((wanted) => name === wanted || name.startsWith(`${wanted}: `)) ? `${((r.endToEnd.cpu[name] / cpu) * 100).toFixed(0)} %` : '—'} | ${coresOf(r.endToEnd, name).toFixed(2)} | ${((r.idle[name] ?? 0) / 1000).toFixed(2)} |`),
    `| **platform total** (services, Kafka, PostgreSQL) | **${cpu.toFixed(3)}** | 100 % | ${((cpu * r.endToEnd.committed) / r.endToEnd.cpuSeconds / 1000).toFixed(2)} | ${(sumOf(r.idle, platformNames) / 1000).toFixed(2)} |`,
    `| ${REST_OF_MACHINE} (not the platform) | ${r.endToEnd.cpu[REST_OF_MACHINE].toFixed(3)} | — | ${coresOf(r.endToEnd, REST_OF_MACHINE).toFixed(2)} | ${((r.idle[REST_OF_MACHINE] ?? 0) / 1000).toFixed(2)} |`,
  ].join('\n');
  const insertCpu = sumOf(r.insert.cpu, ['bare node:http route', 'postgres']);
  return `## Whole platform (\`bench/platform\`)

_Generated by \`bench/platform/run.ts\` on ${r.startedAt.toISOString()}. Run it again rather than editing by hand._

Command: \`npm run bench:platform\` (builds the five services, starts its own fresh PostgreSQL and Kafka broker on
loopback, the platform on ports 3000-3004, stops everything again; at most ${RUN_LIMIT_MS / 60_000} minutes). Machine: ${r.machine.cpus} cores
(${r.machine.cpuModel}), ${r.machine.memory} memory, ${r.machine.os}, Node ${r.machine.node}, ${r.machine.postgres.split(' on ')[0]}, Kafka
${r.machine.kafka.replace('started by the infra CLI', 'started by the run')}. Load average (1/5/15 min) before → after: ${r.loadBefore.loadAverage} → ${r.loadAfter.loadAverage}; PostgreSQL
servers / Kafka brokers on the host during the run (the run's own included): ${r.loadBefore.postgresServers} / ${r.loadBefore.kafkaBrokers}.

What: \`npm start\`'s set of processes (\`startPlatformProcesses\`: the gateway, permits, complaints, training and accountability, each
its own supervised process with its relay and consumers, each on its database of one PostgreSQL server, one Kafka broker), the
gateway's rate limit raised out of the way. The load of \`bench:gateway\`: autocannon, ${CONNECTIONS} connections, ${DURATION_S} s after a ${WARM_UP_S} s
warm-up, POST of a new ${submissionBody().length}-byte permit application through the gateway with a demo agency client's token. A submission
counts when answered 2xx. CPU is counted from the first request until every outbox is empty and every consumer group has
committed the end of its partitions, twice in a row (the events have crossed the broker and every consumer has handled them):
${(r.drainedAfter / 1000).toFixed(1)} s after the load ended in this run, so the relays' and the consumers' work is in the figure. Baseline in the same run, on the same PostgreSQL
server while the platform stands idle: a bare \`node:http\` route in a process of its own inserting the body with one \`INSERT\`
(it used ${insertCpu.toFixed(3)} ms of CPU per insert, itself and PostgreSQL).

${results}

### The machine's CPU per committed submission, by process

From \`/proc/<pid>/stat\` of each process and every process it forked; PostgreSQL split by the database each backend serves and,
in parentheses, the server's own processes by their title (WAL writer, checkpointer, I/O workers…; the postmaster's figure also
holds the backends that ended during the measurement, with all the CPU they used since they started; the baseline is stopped
before the platform is measured so that its connections do not end inside that measurement). \`Cores busy idle\` is each
process's background work measured for ${IDLE_S} s before any load (polling relays and consumers, the broker); it is included in the
figures under load. \`${REST_OF_MACHINE}\` is the busy time of \`/proc/stat\` spent by no process of the run: other work on a shared host.

${split}

New PostgreSQL connections per committed submission, by database (\`pg_stat_database.sessions\`; in brackets the count, the
benchmark's own readings of it included under \`postgres\`): ${r.sessions}.

Other work on the host took ${coresOf(r.endToEnd, REST_OF_MACHINE).toFixed(2)} of the ${r.machine.cpus} cores on average while the submissions were measured: the more it
took, the fewer cores the platform had and the noisier every figure is.

### Where each service spends it (CPU profile)

A further ${DURATION_S} s of the same load, and its drain, with a V8 CPU profile of every service (sampling every 0.5 ms; it slows the
services, so it is not one of the measurements above). Self time by where the code lives, as a share of the service's sampled
CPU; \`(program)\` is native code V8 does not attribute (much of it the HTTP parser and syscalls). The profiles are kept in
\`tmp/profiles/platform\` (open them in Chrome DevTools).

${r.profile}
`;
}

runBounded(main, () => stopEverything(), RUN_LIMIT_MS, log);
