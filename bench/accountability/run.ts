/**
 * Freshness of the accountability metrics under load: the delay from a permit
 * decision being published on `permits.events` to its fact being committed in
 * the accountability service's read model (what the metrics API reads), against
 * a baseline measured in the same run on the same events: a bare Kafka
 * subscriber on its own consumer group noting when each message arrives.
 * Run with `npm run infra -- run -- tsx bench/accountability/run.ts` after
 * `npx nx build accountability`; `--write` also writes its section of
 * docs/benchmarks.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { KafkaPublisher, KafkaSubscription, TOPICS } from '@palembang/events';
import { kafkaConnection, testEnvelope } from '@palembang/events/testing';
import { startService } from '@palembang/platform/testing';
import { describeMachine } from '../events/report';
import { writeBenchmarkSection } from '../benchmarks-file';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
/** Decisions published at once to measure the projection's peak throughput. */
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const POLL_MS = 20;

type Delays = { count: number; p50: number; p99: number; max: number };

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function delaysOf(published: ReadonlyMap<string, number>, seen: ReadonlyMap<string, number>): Delays {
  const delays = [...published].flatMap(([id, at]) => (seen.has(id) ? [seen.get(id)! - at] : [])).sort((a, b) => a - b);
  return { count: delays.length, p50: percentile(delays, 50), p99: percentile(delays, 99), max: delays[delays.length - 1] ?? NaN };
}

function decided(agencyId: string, applicationId: string) {
  const streamId = `permit-application-${applicationId}`;
  const ref = { applicationId, agencyId, permitTypeCode: 'BENCH' };
  const now = new Date().toISOString();
  return [
    testEnvelope(streamId, 1, 'ApplicationSubmitted', { ...ref, standard: { processingDays: 5 }, submittedAt: now }),
    testEnvelope(streamId, 2, 'ApplicationVerified', { ...ref, verifiedAt: now, processingDays: 5, slaDeadline: now }),
    testEnvelope(streamId, 3, 'ApplicationApproved', { ...ref, approvedAt: now }),
  ].map((envelope) => ({ ...envelope, agencyId, recordedAt: now }));
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const machine = await describeMachine();
  const agencyId = `bench-${randomUUID().slice(0, 8)}`;
  const service = await startService('accountability', { GATEWAY_URL: 'http://127.0.0.1:9', ACCOUNTABILITY_CONSUMER_GROUP: `accountability-bench-${randomUUID()}`, PERSONAL_DATA_KEY: randomBytes(32).toString('base64') });
  const db = new Client({ connectionString: service.databaseUrl });
  await db.connect();
  const publisher = new KafkaPublisher(kafkaConnection('bench-publisher'));
  const published = new Map<string, number>();
  const delivered = new Map<string, number>();
  const projected = new Map<string, number>();
  const baseline = new KafkaSubscription(kafkaConnection('bench-baseline'), { groupId: `bench-baseline-${randomUUID()}`, topics: [TOPICS.permits], partitionsConcurrently: 3 });
  try {
    await baseline.start(async (batch) => {
      const at = Date.now();
      for (const message of batch.messages) {
        const envelope = JSON.parse(message.value?.toString() ?? '{}') as { agencyId?: string; streamVersion?: number; data?: { applicationId?: string } };
        if (envelope.agencyId === agencyId && envelope.streamVersion === 3 && envelope.data?.applicationId) delivered.set(envelope.data.applicationId, at);
      }
      await batch.commit(batch.messages[batch.messages.length - 1].offset);
    });
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const { rows } = await db.query<{ application_id: string }>(`SELECT application_id FROM metrics.permit_facts WHERE agency_id = $1 AND version = 3`, [agencyId]);
        const at = Date.now();
        for (const row of rows) if (!projected.has(row.application_id)) projected.set(row.application_id, at);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    })();
    // Warm-up until both sides see events (consumers joined, the projection caught up with the topic).
    const warm = randomUUID();
    await publisher.publish(decided(agencyId, warm).map((envelope) => ({ topic: TOPICS.permits, key: envelope.streamId, value: JSON.stringify(envelope) })));
    for (const deadline = Date.now() + 120_000; !(delivered.has(warm) && projected.has(warm)); ) {
      if (Date.now() > deadline) throw new Error('the projection did not catch up within 2 minutes');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Peak: a burst published as fast as possible, timed until the read model holds all of it.
    const burstIds = Array.from({ length: BURST }, () => randomUUID());
    const burstStart = Date.now();
    for (let i = 0; i < burstIds.length; i += 100) {
      await publisher.publish(burstIds.slice(i, i + 100).flatMap((id) => decided(agencyId, id).map((envelope) => ({ topic: TOPICS.permits, key: envelope.streamId, value: JSON.stringify(envelope) }))));
    }
    for (const deadline = Date.now() + 300_000; !burstIds.every((id) => projected.has(id)); ) {
      if (Date.now() > deadline) throw new Error('the burst was not projected within 5 minutes');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const peak = BURST / ((Date.now() - burstStart) / 1000);
    /** Permit applications decided per second (three events each): half the measured peak unless BENCH_RATE says otherwise. */
    const RATE = Number(process.env.BENCH_RATE ?? Math.max(1, Math.floor(peak / 2)));
    const burst = new Set(burstIds);
    for (const id of burst) projected.delete(id);
    const tickMs = 100;
    const perTick = Math.max(1, Math.round((RATE * tickMs) / 1000));
    const end = Date.now() + DURATION_S * 1000;
    while (Date.now() < end) {
      const tick = Date.now();
      const ids = Array.from({ length: perTick }, () => randomUUID());
      const messages = ids.flatMap((id) => decided(agencyId, id).map((envelope) => ({ topic: TOPICS.permits, key: envelope.streamId, value: JSON.stringify(envelope) })));
      // The clock starts when the events are handed to Kafka (the moment a relay publishes them).
      const at = Date.now();
      for (const id of ids) published.set(id, at);
      await publisher.publish(messages);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, tickMs - (Date.now() - tick))));
    }
    for (const deadline = Date.now() + 60_000; [...published.keys()].some((id) => !projected.has(id)) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
    polling = false;
    await poll;
    const kafka = delaysOf(published, delivered);
    const projection = delaysOf(published, projected);
    const table = [
      '| Measurement | Decisions | p50 ms | p99 ms | max ms |',
      '|---|---:|---:|---:|---:|',
      `| Bare Kafka subscriber, own group (baseline) | ${kafka.count} | ${kafka.p50} | ${kafka.p99} | ${kafka.max} |`,
      `| Published -> fact committed in the accountability read model (polled every ${POLL_MS} ms) | ${projection.count} | ${projection.p50} | ${projection.p99} | ${projection.max} |`,
      `| Difference (projection - baseline) | — | ${projection.p50 - kafka.p50} | ${projection.p99 - kafka.p99} | — |`,
    ].join('\n');
    const verdict = `Peak: ${BURST} decisions (${BURST * 3} events) projected in a burst at ${peak.toFixed(0)} decisions/s (${(peak * 3).toFixed(0)} events/s). Run at ${RATE} decisions/s (${RATE === Math.floor(peak / 2) ? 'half the peak' : 'BENCH_RATE'}): p99 ${projection.p99} ms against the target of 1000 ms: **${projection.p99 < 1000 ? 'met' : 'missed'}**.`;
    console.log(verdict);
    console.log(`${published.size} decisions (${published.size * 3} events) at ${RATE}/s for ${DURATION_S} s`);
    console.log(table);
    if (process.argv.includes('--write')) {
      writeBenchmarkSection('accountability', `## Accountability freshness (\`bench/accountability\`)

_Generated by \`bench/accountability/run.ts\` on ${startedAt.toISOString()}. Run it again rather than editing by hand._

What: first a burst of ${BURST} permit decisions to measure the projection's peak; then ${RATE} decisions per second (three events each) for ${DURATION_S} s published to \`permits.events\`;
the delay from publishing a decision to its fact being committed in the accountability read model (polled every
${POLL_MS} ms, which adds about ${POLL_MS / 2} ms on average), against a bare Kafka subscriber on its own consumer
group receiving the same messages in the same run. Machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memory}
memory, Node ${machine.node}; publisher, service, PostgreSQL and Kafka share the cores over loopback.

${table}

${verdict}

Command: \`npm run bench:accountability -- --write\`.
`);
    }
  } finally {
    await baseline.stop().catch(() => undefined);
    await publisher.close().catch(() => undefined);
    await db.end().catch(() => undefined);
    await service.terminate();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
