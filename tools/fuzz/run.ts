/**
 * By hand: `npx tsx tools/fuzz/run.ts [extra schemathesis arguments]`, with
 * DATABASE_URL and KAFKA_BROKERS of a running PostgreSQL and Kafka (`export
 * $(cat /tmp/infra.env)` or `npm run infra -- run -- ...`) and the apps built
 * (`npx nx run-many -t build -p gateway permits complaints training accountability`).
 * Starts the gateway and every service as the e2e specs do, registers a client
 * holding every scope and agencies:all, makes the records the requests name (fixtures.ts),
 * and fuzzes the gateway's document; or, with FUZZ_GATEWAY_URL, FUZZ_TOKEN and
 * FUZZ_ADMIN_TOKEN, fuzzes a platform already running (the e2e spec's).
 * Exits 0 only when Schemathesis found nothing beyond tools/fuzz/accepted-findings.json
 * and tested every operation of the document.
 * FUZZ_MAX_EXAMPLES and FUZZ_SEED tune the run; FUZZ_BASELINE=none shows every finding,
 * the accepted ones included.
 */
import { startBehindGateway } from '@palembang/platform/testing';
import { randomUUID } from 'node:crypto';
import { createFuzzFixtures } from './fixtures';
import { ACCEPTED_FINDINGS, documentedOperations, fuzzerToken, runSchemathesis, testedOperations } from './schemathesis';

async function fuzz(baseUrl: string, token: string, adminToken: string): Promise<number> {
  const result = await runSchemathesis({
    baseUrl,
    token,
    fixtures: await createFuzzFixtures(baseUrl, adminToken, token),
    maxExamples: Number(process.env.FUZZ_MAX_EXAMPLES ?? 5),
    seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
    baseline: process.env.FUZZ_BASELINE === 'none' ? undefined : (process.env.FUZZ_BASELINE ?? ACCEPTED_FINDINGS),
    extraArguments: process.argv.slice(2),
  });
  process.stdout.write(result.output);
  const tested = new Set(testedOperations(result.reportDir));
  const untested = (await documentedOperations(baseUrl)).filter((operation) => !tested.has(operation));
  process.stdout.write(`\nschemathesis exit ${result.exitCode}; tested ${tested.size} operations${untested.length ? `; NOT tested: ${untested.join(', ')}` : ', every one of the document'}; report in ${result.reportDir}\n`);
  return result.exitCode === 0 && untested.length === 0 ? 0 : 1;
}

async function main(): Promise<number> {
  const { FUZZ_GATEWAY_URL, FUZZ_TOKEN, FUZZ_ADMIN_TOKEN } = process.env;
  if (FUZZ_GATEWAY_URL && FUZZ_TOKEN && FUZZ_ADMIN_TOKEN) return fuzz(FUZZ_GATEWAY_URL, FUZZ_TOKEN, FUZZ_ADMIN_TOKEN);
  const platform = await startBehindGateway(['permits', 'complaints', 'training', 'accountability'], { RATE_LIMIT_PER_MINUTE: '1000000' }, { ACCOUNTABILITY_CONSUMER_GROUP: `accountability-fuzz-${randomUUID()}` });
  try {
    return await fuzz(platform.gateway.baseUrl, await fuzzerToken(platform.gateway.baseUrl, platform.adminToken), platform.adminToken);
  } finally {
    await platform.stop();
  }
}

main().then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(1);
});
