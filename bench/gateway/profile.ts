/**
 * Where the time goes: the benchmark's submit load, through the gateway
 * (PROFILE_TARGET=gateway, the default) or straight to permits
 * (PROFILE_TARGET=permits), with a V8 CPU profile of each service written
 * into tmp/profiles and the CPU per request of each process printed. A
 * diagnostic for developers, not a benchmark: profiling slows the services.
 * Needs the built services and DATABASE_URL / KAFKA_BROKERS.
 */
import autocannon from 'autocannon';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startPermitsBehindGateway } from '@palembang/platform/testing';
import { cpuPerRequest, cpuSecondsByKind, PROCESS_KINDS } from './cpu';
import { submissionBody } from './submission';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const PROFILE_DIR = join(process.cwd(), 'tmp', 'profiles');
const profiled = (name: string) => ({ NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile-preload.cjs')}`, PROFILE_DIR, PROFILE_NAME: name });

async function load(url: string, token: string, seconds: number): Promise<string> {
  const before = cpuSecondsByKind();
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (request) => ({ ...request, body: submissionBody() }) }],
    connections: 16,
    duration: seconds,
  });
  const cpu = cpuPerRequest(before, cpuSecondsByKind(), result.requests.total);
  return `${result.requests.average.toFixed(0)} requests/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}; CPU ms per request: ${PROCESS_KINDS.map((kind) => `${kind} ${cpu[kind].toFixed(3)}`).join(', ')}`;
}

async function main(): Promise<void> {
  mkdirSync(PROFILE_DIR, { recursive: true });
  const { gateway, permits, tokenFor, stop } = await startPermitsBehindGateway({ ...profiled('gateway'), RATE_LIMIT_PER_MINUTE: '1000000' }, profiled('permits'));
  const toggleProfiles = () => [permits, gateway].forEach((service) => service.process.kill('SIGUSR2'));
  try {
    const token = await tokenFor('dinas-pariwisata', ['permits:write', 'permits:read']);
    const target = process.env.PROFILE_TARGET === 'permits' ? permits : gateway;
    const url = `${target.baseUrl}/v1/permit-applications`;
    console.log(`warm-up: ${await load(url, token, 5)}`);
    toggleProfiles();
    console.log(`profiled: ${await load(url, token, SECONDS)}`);
    toggleProfiles();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    console.log(`profiles written to ${PROFILE_DIR}`);
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
