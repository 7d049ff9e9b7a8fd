/**
 * By hand: `npx tsx tools/fuzz/run.ts [extra schemathesis arguments]`, with
 * DATABASE_URL and KAFKA_BROKERS of a running PostgreSQL and Kafka (`export
 * $(cat /tmp/infra.env)` or `npm run infra -- run -- ...`) and the apps built
 * (`npx nx run-many -t build -p gateway permits complaints training accountability`).
 * Starts the gateway and every service as the e2e specs do, registers a client
 * holding every scope and agencies:all, and fuzzes the gateway's document.
 * FUZZ_MAX_EXAMPLES and FUZZ_SEED tune the run.
 */
import { startBehindGateway } from '@palembang/platform/testing';
import { randomUUID } from 'node:crypto';
import { fuzzerToken, runSchemathesis, testedOperations } from './schemathesis';

async function main(): Promise<number> {
  const platform = await startBehindGateway(['permits', 'complaints', 'training', 'accountability'], { RATE_LIMIT_PER_MINUTE: '1000000' }, { ACCOUNTABILITY_CONSUMER_GROUP: `accountability-fuzz-${randomUUID()}` });
  try {
    const token = await fuzzerToken(platform.gateway.baseUrl, platform.adminToken);
    const result = await runSchemathesis({
      baseUrl: platform.gateway.baseUrl,
      token,
      maxExamples: Number(process.env.FUZZ_MAX_EXAMPLES ?? 5),
      seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
      extraArguments: process.argv.slice(2),
    });
    process.stdout.write(result.output);
    process.stdout.write(`\ntested operations: ${testedOperations(result.reportDir).length}; report in ${result.reportDir}\n`);
    return result.exitCode ?? 1;
  } finally {
    await platform.stop();
  }
}

main().then((code) => process.exit(code), (error) => {
  console.error(error);
  process.exit(1);
});
