/**
 * Commands per second end to end — HTTP through the gateway to the permits
 * service, committed — against a bare Fastify route doing one raw INSERT of
 * the same body, measured in the same run with autocannon; then latency at
 * half of the measured peak. Run with `npm run bench:gateway`.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startPermitsBehindGateway } from '@palembang/platform/testing';
import { describeMachine } from '../events/report';
import { CpuSeconds, cpuPerRequest, cpuSecondsByKind, PROCESS_KINDS, totalOf } from './cpu';
import { submissionBody } from './submission';
import { writeBenchmarkSection } from '../benchmarks-file';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const body = submissionBody();

type Measured = { requestsPerSecond: number; p50: number; p99: number; non2xx: number; errors: number; cpu: CpuSeconds };

async function load(url: string, headers: Record<string, string>, options: { overallRate?: number } = {}): Promise<Measured> {
  const before = cpuSecondsByKind();
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    requests: [{ setupRequest: (request) => ({ ...request, body: submissionBody() }) }],
    connections: CONNECTIONS,
    duration: DURATION_S,
    ...options,
  });
  const cpu = cpuPerRequest(before, cpuSecondsByKind(), result.requests.total);
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, cpu };
}

function coresBusy(measured: Measured): number {
  return (totalOf(measured.cpu) * measured.requestsPerSecond) / 1000;
}

/** Where each request's CPU went, per process kind: the evidence for what a ratio can and cannot reach on this machine. */
function cpuTable(rows: Array<[string, Measured]>, cores: number, baseline: Measured): string {
  const budget = cores / (0.3 * baseline.requestsPerSecond) * 1000;
  return [
    `| CPU ms per request | ${PROCESS_KINDS.join(' | ')} | total |`,
    `|---|${PROCESS_KINDS.map(() => '---:').join('|')}|---:|`,
    ...rows.map(([name, measured]) => `| ${name} | ${PROCESS_KINDS.map((kind) => measured.cpu[kind].toFixed(3)).join(' | ')} | ${totalOf(measured.cpu).toFixed(3)} |`),
    '',
    `Cores busy during each measurement (CPU per request × requests per second): ${rows.map(([name, measured]) => `${name.toLowerCase()} ${coresBusy(measured).toFixed(2)}`).join(', ')} of ${cores}. ` +
      `With the cores saturated, a ratio of 0.3 leaves ${budget.toFixed(2)} ms of CPU per request for every process together ` +
      `(${cores} cores / (0.3 × ${baseline.requestsPerSecond.toFixed(0)}/s)); the committed submit through the gateway used ` +
      `${totalOf(rows[1][1].cpu).toFixed(2)} ms.`,
  ].join('\n');
}

/** Starts bare-baseline.cjs as its own process and waits for its URL. */
async function startBaseline(databaseUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, [join(__dirname, 'bare-baseline.cjs')], { env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('\n')) resolve(output.trim());
    });
    child.once('exit', (code) => reject(new Error(`the baseline server exited with ${code}`)));
  });
  return { url, close: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))) };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const machine = await describeMachine();
  const { gateway, permits, tokenFor, stop } = await startPermitsBehindGateway({ RATE_LIMIT_PER_MINUTE: '1000000' });
  try {
    const token = await tokenFor('dinas-pariwisata', ['permits:write', 'permits:read']);
    const baseline = await startBaseline(permits.databaseUrl);
    try {
      const auth = { authorization: `Bearer ${token}` };
      await load(`${gateway.baseUrl}/v1/permit-applications`, auth); // warm-up, not counted
      const bareBaseline = await load(baseline.url, {});
      const endToEnd = await load(`${gateway.baseUrl}/v1/permit-applications`, auth);
      const direct = await load(`${permits.baseUrl}/v1/permit-applications`, auth);
      const halfPeak = await load(`${gateway.baseUrl}/v1/permit-applications`, auth, { overallRate: Math.max(1, Math.floor(endToEnd.requestsPerSecond / 2)) });
      const ratio = endToEnd.requestsPerSecond / bareBaseline.requestsPerSecond;
      const table = [
        '| Measurement | Requests/s | p50 ms | p99 ms | non-2xx | Ratio | Target | Result |',
        '|---|---:|---:|---:|---:|---:|---:|---|',
        `| Bare Fastify route, one raw INSERT (baseline) | ${bareBaseline.requestsPerSecond.toFixed(0)} | ${bareBaseline.p50} | ${bareBaseline.p99} | ${bareBaseline.non2xx} | — | — | — |`,
        `| Submit through gateway → permits, committed (peak, ${CONNECTIONS} connections) | ${endToEnd.requestsPerSecond.toFixed(0)} | ${endToEnd.p50} | ${endToEnd.p99} | ${endToEnd.non2xx} | ${ratio.toFixed(2)} | ≥ 0.3 | ${ratio >= 0.3 ? 'met' : '**missed**'} |`,
        `| Diagnostic: the same straight to the permits service (no gateway hop) | ${direct.requestsPerSecond.toFixed(0)} | ${direct.p50} | ${direct.p99} | ${direct.non2xx} | ${(direct.requestsPerSecond / bareBaseline.requestsPerSecond).toFixed(2)} | — | — |`,
        `| Same at half the peak rate | ${halfPeak.requestsPerSecond.toFixed(0)} | ${halfPeak.p50} | ${halfPeak.p99} | ${halfPeak.non2xx} | — | p99 < 200 ms | ${halfPeak.p99 < 200 ? 'met' : '**missed**'} |`,
      ].join('\n');
      const cpu = cpuTable([['Bare Fastify route', bareBaseline], ['Through gateway → permits', endToEnd], ['Straight to permits', direct]], Number(machine.cpus), bareBaseline);
      console.log(table);
      console.log(cpu);
      writeBenchmarkSection('gateway', `## Gateway end to end (\`bench/gateway\`)

_Generated by \`bench/gateway/run.ts\` on ${startedAt.toISOString()}. Run it again rather than editing by hand._

Command: \`npm run bench:gateway\` (builds both services, starts PostgreSQL and Kafka, stops them again).
What: autocannon, ${CONNECTIONS} connections, ${DURATION_S} s per measurement, POST of a ${body.length}-byte permit application
(personal data sealed per subject by the service) with a bearer token, through the gateway to the permits service, which
verifies the token, decides, appends the event with its outbox row and updates its list view in one transaction. Baseline in
the same run: a bare Fastify route in a process of its own, inserting the same body with one raw \`INSERT\` on the same PostgreSQL. Then the same
load at half the measured peak rate, for latency. Machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memory} memory,
Node ${machine.node}, ${machine.postgres.split(' on ')[0]}; the load generator, both services, PostgreSQL and Kafka share the
cores over loopback, so read the ratio rather than the absolute figures.

${table}

### Where a request's CPU goes

CPU time (user + system, from \`/proc\`) each kind of process used during the measurement, divided by the requests it
completed. \`bench\` is the benchmark's own process (autocannon), \`baseline\` the bare Fastify server; \`other\` is everything else
on the machine, kernel threads included.

${cpu}

To see where the services spend it, \`npx tsx bench/gateway/profile.ts\` (after \`npx nx run-many -t build -p gateway permits\`,
with \`DATABASE_URL\` and \`KAFKA_BROKERS\` set) runs the same load and writes a V8 CPU profile of each service into
\`tmp/profiles\` (open them in Chrome DevTools).
`);
    } finally {
      await baseline.close();
    }
  } finally {
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
