/**
 * Where the time goes: the benchmark's submit load, through the gateway
 * (PROFILE_TARGET=gateway, the default) or straight to permits
 * (PROFILE_TARGET=permits), with a V8 CPU profile of each service written
 * into tmp/profiles and summarised on the console. A diagnostic for
 * developers, not a benchmark: profiling slows the services. Needs the built
 * services and DATABASE_URL / KAFKA_BROKERS.
 */
import { join } from 'node:path';
import { startPermitsBehindGateway } from '@palembang/platform/testing';
import { measure } from './load';
import { PROFILE_PRELOAD, profileMarkdown, profileWhile } from './profile-summary';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const PROFILE_DIR = join(process.cwd(), 'tmp', 'profiles');
const profiled = { NODE_OPTIONS: `--require ${PROFILE_PRELOAD}`, PROFILE_DIR };

async function main(): Promise<void> {
  const { gateway, permits, tokenFor, stop } = await startPermitsBehindGateway({ ...profiled, RATE_LIMIT_PER_MINUTE: '1000000' }, profiled);
  try {
    const token = await tokenFor('dinas-pariwisata', ['permits:write', 'permits:read']);
    const target = process.env.PROFILE_TARGET === 'permits' ? permits : gateway;
    const url = `${target.baseUrl}/v1/permit-applications`;
    const auth = { authorization: `Bearer ${token}` };
    const roots = [
      { name: 'gateway', pid: gateway.process.pid! },
      { name: 'permits', pid: permits.process.pid! },
    ];
    await measure(url, auth, roots, { duration: 5 });
    const { result, summaries } = await profileWhile(roots, PROFILE_DIR, () => measure(url, auth, roots, { duration: SECONDS }));
    console.log(`${result.committedPerSecond.toFixed(0)} committed/s, p50 ${result.p50} ms, p99 ${result.p99} ms, failed ${result.non2xx + result.errors} (profiled)`);
    console.log(profileMarkdown(summaries));
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
