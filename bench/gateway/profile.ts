/**
 * Where the time goes: the benchmark's submit load, through the gateway
 * (PROFILE_TARGET=gateway, the default) or straight to permits
 * (PROFILE_TARGET=permits), with a V8 CPU profile of each service written
 * into tmp/profiles and the CPU per request of each process printed. A
 * diagnostic for developers, not a benchmark: profiling slows the services.
 * Needs the built services and DATABASE_URL / KAFKA_BROKERS.
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { accessToken, registerClient, startService } from '@palembang/platform/testing';
import { cpuPerRequest, cpuSecondsByKind, PROCESS_KINDS } from './cpu';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const PROFILE_DIR = join(process.cwd(), 'tmp', 'profiles');
const ADMIN = { clientId: 'bootstrap-admin', clientSecret: randomBytes(24).toString('base64url') };
const NOTHING_LISTENS = 'http://127.0.0.1:9';

let applicants = 0;
const bodyOf = () =>
  JSON.stringify({
    permitTypeCode: 'TDUP',
    documents: ['nib', 'ktp', 'akta-pendirian', 'foto-tempat-usaha'],
    applicant: { applicantId: `warga-profile-${++applicants}`, nik: '1671014506880002', name: 'Nyimas Ayu Lestari', phone: '0812-7811-2201', email: 'ayu@example.id', address: 'Jl. Sudirman No. 12, Palembang' },
  });

const profiled = (name: string) => ({ NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile-preload.cjs')}`, PROFILE_DIR, PROFILE_NAME: name });

async function load(url: string, token: string, seconds: number): Promise<string> {
  const before = cpuSecondsByKind();
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (request) => ({ ...request, body: bodyOf() }) }],
    connections: 16,
    duration: seconds,
  });
  const cpu = cpuPerRequest(before, cpuSecondsByKind(), result.requests.total);
  return `${result.requests.average.toFixed(0)} requests/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}; CPU ms per request: ${PROCESS_KINDS.map((kind) => `${kind} ${cpu[kind].toFixed(3)}`).join(', ')}`;
}

async function main(): Promise<void> {
  mkdirSync(PROFILE_DIR, { recursive: true });
  const gatewayPort = 20000 + Math.floor(Math.random() * 20000);
  const permits = await startService('permits', { ...profiled('permits'), GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`, DEADLINE_CHECK_INTERVAL_MS: '0' });
  const gateway = await startService('gateway', { ...profiled('gateway'), PORT: String(gatewayPort), GATEWAY_BOOTSTRAP_ADMIN_SECRET: ADMIN.clientSecret, PERMITS_URL: permits.baseUrl, COMPLAINTS_URL: NOTHING_LISTENS, TRAINING_URL: NOTHING_LISTENS, ACCOUNTABILITY_URL: NOTHING_LISTENS, RATE_LIMIT_PER_MINUTE: '1000000' });
  const toggleProfiles = () => [permits, gateway].forEach((service) => service.process.kill('SIGUSR2'));
  try {
    const admin = await accessToken(gateway.baseUrl, ADMIN);
    const token = await accessToken(gateway.baseUrl, await registerClient(gateway.baseUrl, admin, 'dinas-pariwisata', ['permits:write', 'permits:read']));
    const target = process.env.PROFILE_TARGET === 'permits' ? permits : gateway;
    const url = `${target.baseUrl}/v1/permit-applications`;
    console.log(`warm-up: ${await load(url, token, 5)}`);
    toggleProfiles();
    console.log(`profiled: ${await load(url, token, SECONDS)}`);
    toggleProfiles();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    console.log(`profiles written to ${PROFILE_DIR}`);
  } finally {
    await gateway.terminate();
    await permits.terminate();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
