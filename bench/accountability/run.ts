/**
 * The accountability service at scale (issue 18 point 4), in one run:
 * 1. BENCH_FACTS case histories (default 10 million: ten years of a province) loaded into the
 *    read model through the projection's own code path (bulk-load.ts);
 * 2. the projection's peak (a burst of permit decisions), then decisions published at half that
 *    peak for BENCH_DURATION_S seconds while `/v1/metrics/agencies` and `/v1/metrics/ranking` are
 *    asked through the gateway, each BENCH_READS_PER_S times a second, open loop, from threads of their own
 *    (reader.ts): their p99, the delay from
 *    publishing a decision to its fact and aggregates being committed (one transaction), against a
 *    bare Kafka subscriber on its own group receiving the same messages;
 * 3. a rebuild from offset 0 against a bare kafkajs consumer reading the same topics, in a process of
 *    their own (replay.ts).
 * Run with `npm run bench:accountability` (`-- --write` also writes its section of docs/benchmarks.md);
 * BENCH_FACTS=200000 for a small run.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { KafkaPublisher, KafkaSubscription, TOPICS } from '@palembang/events';
import { kafkaConnection, testEnvelope } from '@palembang/events/testing';
import { startBehindGateway } from '@palembang/platform/testing';
import { describeMachine } from '../events/report';
import { writeBenchmarkSection } from '../benchmarks-file';
import { cpuPerUnit, kafkaBrokerPid, postgresServerPid, ProcessRoots, readCpu } from '../gateway/cpu';
import { bulkLoad } from './bulk-load';
import { askInWorker, ReadLog } from './reader';
import { replayPairsInOwnProcess } from './replay';

const FACTS = Number(process.env.BENCH_FACTS ?? 10_000_000);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 60);
/** Decisions published at once to measure the projection's peak throughput (three thousand: a peak of about a thousand a second is then a few seconds long, not one). */
const BURST = Number(process.env.BENCH_BURST ?? 3000);
const POLL_MS = 20;
/** Requests per second to each of the two metrics endpoints during the run (dashboards refreshing). */
const READS_PER_S = Number(process.env.BENCH_READS_PER_S ?? 10);
const TARGETS = { readP99Ms: 50, delayP99Ms: 250, rebuildRatio: 0.5 };
/** Replays measured, each a bare consumer then a rebuild (BENCH_REPLAY_PAIRS, default 3). */
const REPLAY_PAIRS = Number(process.env.BENCH_REPLAY_PAIRS ?? 3);

type Delays = { count: number; p50: number; p99: number; max: number };

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(values: readonly number[]): Delays {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

function delaysOf(published: ReadonlyMap<string, number>, seen: ReadonlyMap<string, number>): Delays {
  return summary([...published].flatMap(([id, at]) => (seen.has(id) ? [seen.get(id)! - at] : [])));
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

const messagesOf = (agencyId: string, ids: readonly string[]) =>
  ids.flatMap((id) => decided(agencyId, id).map((envelope) => ({ topic: TOPICS.permits, key: envelope.streamId, value: JSON.stringify(envelope) })));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * When each decision first showed in an answer: the bench agency's `permits.decided` in the agencies answers,
 * read in order. Decisions are counted, not named, so the k-th decision published counts as shown by the first
 * answer whose count reached k (Kafka partitions may reorder a few; over thousands it is the delay's distribution).
 */
function shownInAnswers(answers: ReadLog['answers'], countedBefore: number, publishedInOrder: readonly number[]): Delays {
  const shown = [...answers].sort((a, b) => a.at - b.at).map(({ at, decided }) => ({ at, decided: (decided ?? 0) - countedBefore }));
  const delays: number[] = [];
  let answer = 0;
  publishedInOrder.forEach((publishedAt, index) => {
    while (answer < shown.length && shown[answer].decided < index + 1) answer++;
    if (answer < shown.length) delays.push(shown[answer].at - publishedAt);
  });
  return summary(delays);
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const machine = await describeMachine();
  const benchAgency = `bench-${randomUUID().slice(0, 8)}`;
  const platform = await startBehindGateway(['accountability'], { RATE_LIMIT_PER_MINUTE: '1000000' }, { ACCOUNTABILITY_CONSUMER_GROUP: `accountability-bench-${randomUUID()}` });
  const service = platform.services.accountability;
  let db = new Client({ connectionString: service.databaseUrl });
  await db.connect();
  const publisher = new KafkaPublisher(kafkaConnection('bench-publisher'));
  const published = new Map<string, number>();
  const delivered = new Map<string, number>();
  const projected = new Map<string, number>();
  /** Published decisions not seen projected yet: the poll asks only for these, so its cost does not grow with the run. */
  const awaited = new Set<string>();
  const baseline = new KafkaSubscription(kafkaConnection('bench-baseline'), { groupId: `bench-baseline-${randomUUID()}`, topics: [TOPICS.permits], partitionsConcurrently: 3 });
  try {
    const registered: Array<{ agency_id: string }> = await db.query(`SELECT agency_id FROM registered_agencies ORDER BY agency_id`).then((result) => result.rows).catch(() => []);
    const agencies = registered.length > 0 ? registered.map((row) => row.agency_id) : Array.from({ length: 40 }, (_, index) => `opd-${index + 1}`);
    console.log(`loading ${FACTS} cases over ${agencies.length} agencies through the projection`);
    const load = await bulkLoad(service.databaseUrl, FACTS, agencies, console.log);
    console.log(`loaded ${load.facts} facts (${load.events} events) in ${(load.ms / 1000).toFixed(1)} s: ${((load.events * 1000) / load.ms).toFixed(0)} events/s`);
    // A connection left idle for the whole load may have been closed meanwhile: poll on a fresh one.
    await db.end().catch(() => undefined);
    db = new Client({ connectionString: service.databaseUrl });
    await db.connect();
    // As an operator does after a bulk load: statistics and the visibility map now, and the load's dirty pages on disk,
    // rather than autovacuum and a checkpoint of gigabytes starting in the middle of the measurement.
    const maintenanceStart = Date.now();
    await db.query(`VACUUM (ANALYZE) metrics.aggregates, metrics.pending_deadlines, metrics.permit_facts, metrics.complaint_facts, metrics.survey_facts, metrics.stream_versions`);
    await db.query('CHECKPOINT');
    const maintenanceS = (Date.now() - maintenanceStart) / 1000;
    console.log(`VACUUM (ANALYZE) and CHECKPOINT after the load: ${maintenanceS.toFixed(0)} s`);
    await db.end();
    db = new Client({ connectionString: service.databaseUrl });
    db.on('error', (error) => console.error(`polling connection: ${error.message}`));
    await db.connect();

    await baseline.start(async (batch) => {
      const at = Date.now();
      for (const message of batch.messages) {
        const envelope = JSON.parse(message.value?.toString() ?? '{}') as { agencyId?: string; streamVersion?: number; data?: { applicationId?: string } };
        if (envelope.agencyId === benchAgency && envelope.streamVersion === 3 && envelope.data?.applicationId) delivered.set(envelope.data.applicationId, at);
      }
      await batch.commit(batch.messages[batch.messages.length - 1].offset);
    });
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const rows = await db
          .query<{ application_id: string }>(`SELECT application_id FROM metrics.permit_facts WHERE application_id = ANY($1::text[]) AND version = 3`, [[...awaited]])
          .then((result) => result.rows)
          .catch(async (error: Error) => {
            console.error(`polling: ${error.message}; reconnecting`);
            db = new Client({ connectionString: service.databaseUrl });
            db.on('error', () => undefined);
            await db.connect();
            return [];
          });
        const at = Date.now();
        for (const row of rows) {
          if (!projected.has(row.application_id)) projected.set(row.application_id, at);
          awaited.delete(row.application_id);
        }
        await sleep(POLL_MS);
      }
    })();
    // Warm-up until both sides see events (consumers joined, the projection caught up with the topics).
    const warm = randomUUID();
    awaited.add(warm);
    await publisher.publish(messagesOf(benchAgency, [warm]));
    for (const deadline = Date.now() + 600_000; !(delivered.has(warm) && projected.has(warm)); await sleep(50)) {
      if (Date.now() > deadline) throw new Error('the projection did not catch up within 10 minutes');
    }
    // Peak: a burst published as fast as possible, timed until the read model holds all of it.
    const burstIds = Array.from({ length: BURST }, () => randomUUID());
    for (const id of burstIds) awaited.add(id);
    const burstStart = Date.now();
    for (let i = 0; i < burstIds.length; i += 100) await publisher.publish(messagesOf(benchAgency, burstIds.slice(i, i + 100)));
    for (const deadline = Date.now() + 300_000; !burstIds.every((id) => projected.has(id)); await sleep(50)) {
      if (Date.now() > deadline) throw new Error('the burst was not projected within 5 minutes');
    }
    const peak = BURST / ((Date.now() - burstStart) / 1000);
    /** Permit applications decided per second (three events each): half the measured peak unless BENCH_RATE says otherwise. */
    const RATE = Number(process.env.BENCH_RATE ?? Math.max(1, Math.floor(peak / 2)));
    for (const id of burstIds) projected.delete(id);

    const token = await platform.tokenFor('inspektorat', ['metrics:read', 'agencies:all']);
    const agenciesUrl = `${platform.gateway.baseUrl}/v1/metrics/agencies`;
    // Warm-up, not measured: each endpoint asked a few times (code paths compiled, kept tallies read after the load).
    for (let i = 0; i < 20; i++) for (const path of ['agencies', 'ranking']) await (await fetch(`${platform.gateway.baseUrl}/v1/metrics/${path}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
    const before = (await (await fetch(agenciesUrl, { headers: { authorization: `Bearer ${token}` } })).json()) as { items?: Array<{ agencyId: string; permits?: { decided?: number } }> };
    const benchAgencyDecided = (body: unknown) => (body as typeof before).items?.find((item) => item.agencyId === benchAgency)?.permits?.decided;
    const decidedBefore = benchAgencyDecided(before) ?? 0;
    const roots: ProcessRoots = [
      { name: 'load generator (this process)', pid: process.pid },
      { name: 'gateway', pid: platform.gateway.process.pid as number },
      { name: 'accountability', pid: service.process.pid as number },
      { name: 'postgres', pid: await postgresServerPid(service.databaseUrl) },
      { name: 'kafka', pid: kafkaBrokerPid(kafkaConnection().brokers.join(',')) },
    ];
    const [agenciesReader, rankingReader] = await Promise.all([
      askInWorker({ url: agenciesUrl, token, perSecond: READS_PER_S, decidedOf: benchAgency }),
      askInWorker({ url: `${platform.gateway.baseUrl}/v1/metrics/ranking`, token, perSecond: READS_PER_S }),
    ]);
    const readers = { agencies: agenciesReader, ranking: rankingReader };
    const cpuBefore = readCpu(roots);
    const runStartedAt = Date.now();
    const tickMs = 100;
    const perTick = Math.max(1, Math.round((RATE * tickMs) / 1000));
    for (const end = Date.now() + DURATION_S * 1000; Date.now() < end; ) {
      const tick = Date.now();
      const ids = Array.from({ length: perTick }, () => randomUUID());
      // The clock starts when the events are handed to Kafka (the moment a relay publishes them).
      const at = Date.now();
      for (const id of ids) {
        published.set(id, at);
        awaited.add(id);
      }
      await publisher.publish(messagesOf(benchAgency, ids));
      await sleep(Math.max(0, tickMs - (Date.now() - tick)));
    }
    const reads = { agencies: await readers.agencies.stop(), ranking: await readers.ranking.stop() };
    const cpuAfter = readCpu(roots);
    const runSeconds = (cpuAfter.at - cpuBefore.at) / 1000;
    const coresBusy = Object.entries(cpuPerUnit(cpuBefore, cpuAfter, runSeconds)).map(([name, msPerSecond]) => `${name} ${(msPerSecond / 1000).toFixed(2)}`);
    for (const deadline = Date.now() + 60_000; [...published.keys()].some((id) => !projected.has(id)) && Date.now() < deadline; ) await sleep(100);
    polling = false;
    await poll;
    await baseline.stop();
    const kafka = delaysOf(published, delivered);
    const projection = delaysOf(published, projected);
    const agenciesRead = summary(reads.agencies.durations);
    const rankingRead = summary(reads.ranking.durations);
    const shown = shownInAnswers(reads.agencies.answers, decidedBefore, [...published.values()]);

    const pairs = await replayPairsInOwnProcess(service.databaseUrl, REPLAY_PAIRS, console.log);
    const { raw, rebuild, ratio } = [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(pairs.length / 2)];

    const verdict = (met: boolean) => `**${met ? 'met' : 'missed'}**`;
    const ms = (value: number) => value.toFixed(1);
    const table = [
      '| Measurement | Count | p50 ms | p99 ms | max ms | Target |',
      '|---|---:|---:|---:|---:|---|',
      `| GET /v1/metrics/agencies through the gateway, during the run | ${agenciesRead.count} | ${ms(agenciesRead.p50)} | ${ms(agenciesRead.p99)} | ${ms(agenciesRead.max)} | p99 <= ${TARGETS.readP99Ms} ms: ${verdict(agenciesRead.p99 <= TARGETS.readP99Ms)} |`,
      `| GET /v1/metrics/ranking through the gateway, during the run | ${rankingRead.count} | ${ms(rankingRead.p50)} | ${ms(rankingRead.p99)} | ${ms(rankingRead.max)} | p99 <= ${TARGETS.readP99Ms} ms: ${verdict(rankingRead.p99 <= TARGETS.readP99Ms)} |`,
      `| Bare Kafka subscriber, own group (baseline of the delay) | ${kafka.count} | ${kafka.p50} | ${kafka.p99} | ${kafka.max} | |`,
      `| Published -> fact and aggregates committed (polled every ${POLL_MS} ms) | ${projection.count} | ${projection.p50} | ${projection.p99} | ${projection.max} | p99 <= ${TARGETS.delayP99Ms} ms: ${verdict(projection.p99 <= TARGETS.delayP99Ms)} |`,
      `| Published -> counted in a /v1/metrics/agencies answer (asked every ${(1000 / READS_PER_S).toFixed(0)} ms) | ${shown.count} | ${shown.p50} | ${shown.p99} | ${shown.max} | |`,
    ].join('\n');
    const replay = [
      '| Replay from offset 0 of permits, complaints and training events | Events | Seconds | Events/s |',
      '|---|---:|---:|---:|',
      `| Bare kafkajs consumer, own group, counting only (median pair) | ${raw.events} | ${(raw.ms / 1000).toFixed(2)} | ${raw.perSecond.toFixed(0)} |`,
      `| Rebuild (rebuild.ts: new schema, facts and aggregates, up to the switch committed; median pair) | ${rebuild.events} | ${(rebuild.ms / 1000).toFixed(2)} | ${rebuild.perSecond.toFixed(0)} |`,
    ].join('\n');
    const everyPair = pairs.map((pair, index) => `${index + 1}: ${pair.raw.perSecond.toFixed(0)} and ${pair.rebuild.perSecond.toFixed(0)} events/s, ${pair.ratio.toFixed(3)}`).join('; ');
    const summaryLine =
      `Loaded ${load.facts} facts (${load.cases} cases, ${load.events} events) in ${(load.ms / 1000).toFixed(0)} s (${((load.events * 1000) / load.ms).toFixed(0)} events/s through the bulk projection), then VACUUM (ANALYZE) and CHECKPOINT in ${maintenanceS.toFixed(0)} s. ` +
      `Peak: ${BURST} decisions (${BURST * 3} events) projected at ${peak.toFixed(0)} decisions/s; run at ${RATE} decisions/s (${RATE === Math.floor(peak / 2) ? 'half the peak' : 'BENCH_RATE'}) for ${DURATION_S} s. ` +
      `Rebuild / bare consumer: ${ratio.toFixed(2)}, the median of ${pairs.length} pairs (target >= ${TARGETS.rebuildRatio}): ${verdict(ratio >= TARGETS.rebuildRatio)}.`;
    console.log(summaryLine);
    console.log(table);
    console.log(replay);
    console.log(`every pair (bare consumer and rebuild): ${everyPair}`);
    console.log(`cores busy during the run: ${coresBusy.join(', ')}`);
    // When the worst moments were (seconds into the run), to tell a stall of the machine from a slow path.
    const second = (at: number) => ((at - runStartedAt) / 1000).toFixed(1);
    const worst = <T>(items: T[], by: (item: T) => number) => [...items].sort((a, b) => by(b) - by(a)).slice(0, 8);
    console.log(`slowest agencies answers: ${worst(reads.agencies.slowest, (read) => read.ms).map((read) => `${read.ms.toFixed(0)} ms at ${second(read.at)} s`).join(', ')}`);
    console.log(`slowest ranking answers: ${worst(reads.ranking.slowest, (read) => read.ms).map((read) => `${read.ms.toFixed(0)} ms at ${second(read.at)} s`).join(', ')}`);
    const lateDecisions = worst([...published].filter(([id]) => projected.has(id)).map(([id, at]) => ({ at, ms: projected.get(id)! - at })), (late) => late.ms);
    console.log(`latest projected decisions: ${lateDecisions.map((late) => `${late.ms} ms published at ${second(late.at)} s`).join(', ')}`);
    if (reads.agencies.failures + reads.ranking.failures > 0) console.log(`read failures: agencies ${reads.agencies.failures}, ranking ${reads.ranking.failures}`);
    if (process.argv.includes('--write')) {
      writeBenchmarkSection('accountability', `## Accountability at scale (\`bench/accountability\`)

_Generated by \`bench/accountability/run.ts\` on ${startedAt.toISOString()}. Run it again rather than editing by hand._

What: ${load.cases} generated case histories (three permit applications, one complaint and one survey in five; ten years up to
yesterday, ${agencies.length} agencies, open cases only in the last 90 days) loaded into the accountability read model through the
projection's own code (the bulk projection the rebuild uses, projection/bulk-projection.ts: the live projection's fold and
contributions, ${process.env.BENCH_LOAD_BATCH ?? 5000} cases folded per batch, ${process.env.BENCH_LOAD_FLUSH ?? 25000} written per transaction, aggregate sums held in memory and
written in large sorted upserts). Then a burst of ${BURST} permit decisions measures the projection's peak, and decisions are
published at half of it for ${DURATION_S} s while \`/v1/metrics/agencies\` and \`/v1/metrics/ranking\` (current month, every agency,
\`agencies:all\`) are each asked through the gateway ${READS_PER_S} times a second, open loop (a request goes when it is due, so a
slow answer makes the next ones wait and counts it), each by a reader in a worker thread of its own (reader.ts), as a dashboard is a program of its own; the delay runs from publishing a decision to its
fact and aggregates being committed (one transaction, polled every ${POLL_MS} ms, which adds about ${POLL_MS / 2} ms on average),
against a bare Kafka subscriber on its own group, and on to the first agencies answer that counts it. Last, the rebuild replays the three domain topics from offset 0 (from its
start, joining its group included, to its switch committed) against a bare kafkajs consumer reading the same topics in the same run (from
connecting to the last message), ${REPLAY_PAIRS} times each, alternating, in a process of their own as an operator runs a rebuild, and the median pair decides (the loaded cases are not in Kafka: the
rebuild replays what the topics hold). Machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memory} memory, Node ${machine.node};
load generator, gateway, service, PostgreSQL and Kafka share the cores over loopback, with other work on the machine.
PostgreSQL settings beyond the defaults: ${process.env.EMBEDDED_POSTGRES_SETTINGS || 'none'} (sized for gigabytes of aggregates; durability unchanged).

${summaryLine}

${table}

Cores busy during the run (of ${machine.cpus}), by process tree, from /proc: ${coresBusy.join(', ')}. Read failures: agencies ${reads.agencies.failures}, ranking ${reads.ranking.failures}.

${replay}

Every pair (bare consumer and rebuild, events/s, ratio): ${everyPair}.

Command: \`BENCH_FACTS=${FACTS} npm run bench:accountability -- --write\`.
`);
    }
  } finally {
    await baseline.stop().catch(() => undefined);
    await publisher.close().catch(() => undefined);
    await db.end().catch(() => undefined);
    await platform.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
