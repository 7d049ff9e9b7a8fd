/**
 * By hand: `npx tsx tools/fuzz/run.ts [extra schemathesis arguments]`, with
 * DATABASE_URL and KAFKA_BROKERS of a running PostgreSQL and Kafka (`export
 * $(cat /tmp/infra.env)` or `npm run infra -- run -- ...`) and the apps built
 * (`npx nx run-many -t build -p gateway permits complaints training accountability`).
 * Starts the gateway and every service as the e2e specs do, registers a client
 * holding every scope and agencies:all, and fuzzes the gateway's document; or, with
 * FUZZ_GATEWAY_URL and FUZZ_TOKEN, fuzzes a platform already running (the e2e spec's).
 * Exits 0 only when Schemathesis found nothing beyond tools/fuzz/accepted-findings.json
 * and tested every operation of the document.
 * FUZZ_MAX_EXAMPLES and FUZZ_SEED tune the run; FUZZ_BASELINE=none shows every finding,
 * the accepted ones included.
 */
import { startBehindGateway } from '@palembang/platform/testing';
import { randomUUID } from 'node:crypto';
import { ACCEPTED_FINDINGS, documentedOperations, fuzzerToken, runSchemathesis, testedOperations } from './schemathesis';

async function fuzz(baseUrl: string, token: string): Promise<number> {
  const result = await runSchemathesis({
    baseUrl,
    token,
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
  if (process.env.FUZZ_GATEWAY_URL && process.env.FUZZ_TOKEN) return fuzz(process.env.FUZZ_GATEWAY_URL, process.env.FUZZ_TOKEN);
  const platform = await startBehindGateway(['permits', 'complaints', 'training', 'accountability'], { RATE_LIMIT_PER_MINUTE: '1000000' }, { ACCOUNTABILITY_CONSUMER_GROUP: `accountability-fuzz-${randomUUID()}` });
  try {
    return await fuzz(platform.gateway.baseUrl, await fuzzerToken(platform.gateway.baseUrl, platform.adminToken));
  } finally {
    await platform.stop();
  }
}

main().then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(1);
});
