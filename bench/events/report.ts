import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { KAFKA_VERSION } from '@palembang/infra';
import { requireEnv } from '@palembang/events/testing';
import { Rate } from './common';

/** The machine the numbers were taken on, and the markdown that reports them. */
export type Machine = Readonly<{
  cpus: string;
  cpuModel: string;
  memory: string;
  node: string;
  postgres: string;
  kafka: string;
  os: string;
}>;

export async function describeMachine(): Promise<Machine> {
  const client = new Client({ connectionString: requireEnv('DATABASE_URL') });
  await client.connect();
  let postgres: string;
  try {
    postgres = (await client.query<{ version: string }>('SELECT version()')).rows[0].version;
  } finally {
    await client.end();
  }
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const memLine = run('free', ['-h']).split('\n').find((line) => line.startsWith('Mem:')) ?? '';
  return {
    cpus: run('nproc', []),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    memory: memLine.split(/\s+/)[1] ?? 'unknown',
    node: process.version,
    postgres,
    kafka: `${KAFKA_VERSION} (single KRaft broker and controller, started by the infra CLI)`,
    os: run('uname', ['-srm']),
  };
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Load and other database/broker servers on the host: context for how noisy a run was. */
export type HostLoad = Readonly<{ loadAverage: string; postgresServers: number; kafkaBrokers: number }>;

export function hostLoad(): HostLoad {
  let postgresServers = 0;
  let kafkaBrokers = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (/\/postgres -D /.test(cmdline)) postgresServers++;
    if (/^\S*java .*\bkafka\.Kafka\b/.test(cmdline)) kafkaBrokers++;
  }
  return { loadAverage: loadavg().map((value) => value.toFixed(2)).join(' / '), postgresServers, kafkaBrokers };
}

export type Results = Readonly<{
  appendOne: { store: Rate; raw: Rate; payloadBytes: number; transactions: string };
  appendHundred: { store: Rate; raw: Rate; transactions: string };
  relay: { relay: Rate; raw: Rate; averageValueBytes: number; publishShare: number; batchSize: number };
  consumer: { withInsert: Rate; withBatchInsert: Rate; inboxOnly: Rate; raw: Rate; rawWithInsert: Rate; averageValueBytes: number };
}>;

type Row = Readonly<{ name: string; ours: string; baseline: string; ratio: number; target?: number }>;

const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
const count = (value: number) => value.toLocaleString('en-US');

export function rows(results: Results): Row[] {
  const { appendOne, appendHundred, relay, consumer } = results;
  return [
    {
      name: `1. Append, 1 event per transaction (${appendOne.transactions})`,
      ours: `PostgresEventStore.append ${perSecond(appendOne.store.perSecond)}`,
      baseline: `raw pg INSERT, autocommit ${perSecond(appendOne.raw.perSecond)}`,
      ratio: appendOne.store.perSecond / appendOne.raw.perSecond,
      target: 0.5,
    },
    {
      name: `2. Append, 100 events per transaction (${appendHundred.transactions})`,
      ours: `PostgresEventStore.append ${perSecond(appendHundred.store.perSecond)}`,
      baseline: `raw pg 100-row INSERT ${perSecond(appendHundred.raw.perSecond)}`,
      ratio: appendHundred.store.perSecond / appendHundred.raw.perSecond,
    },
    {
      name: `3a. Relay publish (${count(relay.relay.events)} events, batches of ${relay.batchSize})`,
      ours: `OutboxRelay ${perSecond(relay.relay.perSecond)}`,
      baseline: `raw kafkajs sendBatch ${perSecond(relay.raw.perSecond)}`,
      ratio: relay.relay.perSecond / relay.raw.perSecond,
    },
    {
      name: '3b. Relay vs appends at 1 event per transaction',
      ours: `OutboxRelay ${perSecond(relay.relay.perSecond)}`,
      baseline: `append, 1 per tx (row 1) ${perSecond(appendOne.store.perSecond)}`,
      ratio: relay.relay.perSecond / appendOne.store.perSecond,
      target: 1.0,
    },
    {
      name: `4a. Consume, inbox + 1 INSERT per event (${count(consumer.withInsert.events)} messages, 3 partitions)`,
      ours: `EventConsumer ${perSecond(consumer.withInsert.perSecond)}`,
      baseline: `raw kafkajs eachBatch + JSON.parse ${perSecond(consumer.raw.perSecond)}`,
      ratio: consumer.withInsert.perSecond / consumer.raw.perSecond,
    },
    {
      name: `4b. Consume, inbox only, no-op handler (${count(consumer.inboxOnly.events)} messages, 3 partitions)`,
      ours: `EventConsumer ${perSecond(consumer.inboxOnly.perSecond)}`,
      baseline: `raw kafkajs eachBatch + JSON.parse ${perSecond(consumer.raw.perSecond)}`,
      ratio: consumer.inboxOnly.perSecond / consumer.raw.perSecond,
      target: 0.3,
    },
    {
      name: `4c. Consume, inbox + 1 INSERT per event vs the same INSERTs without the runtime (${count(consumer.rawWithInsert.events)} messages)`,
      ours: `EventConsumer ${perSecond(consumer.withInsert.perSecond)}`,
      baseline: `raw kafkajs + raw pg, 1 tx per batch ${perSecond(consumer.rawWithInsert.perSecond)}`,
      ratio: consumer.withInsert.perSecond / consumer.rawWithInsert.perSecond,
    },
    {
      name: `4d. Consume, inbox + the same INSERT through the batch API, one multi-row INSERT per batch (${count(consumer.withBatchInsert.events)} messages, 3 partitions)`,
      ours: `EventConsumer handleBatch ${perSecond(consumer.withBatchInsert.perSecond)}`,
      baseline: `raw kafkajs eachBatch + JSON.parse ${perSecond(consumer.raw.perSecond)}`,
      ratio: consumer.withBatchInsert.perSecond / consumer.raw.perSecond,
      target: 0.3,
    },
  ];
}

export function markdownTable(results: Results): string {
  const lines = ['| Measurement | Ours | Baseline (same run) | Ratio | Target | Result |', '|---|---:|---:|---:|---:|---|'];
  for (const row of rows(results)) {
    const target = row.target === undefined ? '—' : `≥ ${row.target.toFixed(1)}`;
    const verdict = row.target === undefined ? 'reported' : row.ratio >= row.target ? 'met' : '**missed**';
    lines.push(`| ${row.name} | ${row.ours} | ${row.baseline} | ${row.ratio.toFixed(2)} | ${target} | ${verdict} |`);
  }
  return lines.join('\n');
}


function spread(label: string, ours: Rate, baseline: Rate): string {
  const ratios = ours.rounds.map((value, n) => value / baseline.rounds[n]);
  const range = (values: readonly number[], format: (value: number) => string) =>
    `${format(Math.min(...values))} – ${format(Math.max(...values))}`;
  return (
    `- ${label}: ours per round ${range(ours.rounds, perSecond)}, baseline per round ${range(baseline.rounds, perSecond)}, ` +
    `ratio per round ${range(ratios, (value) => value.toFixed(2))}.`
  );
}

export function markdownDocument(input: {
  results: Results;
  machine: Machine;
  startedAt: Date;
  durationMs: number;
  loadBefore: HostLoad;
  loadAfter: HostLoad;
}): string {
  const { results, machine, startedAt, durationMs, loadBefore, loadAfter } = input;
  const missed = rows(results).filter((row) => row.target !== undefined && row.ratio < row.target);
  return `# Event runtime benchmarks

_Generated by \`bench/events/run.ts\` on ${startedAt.toISOString()} (run took ${(durationMs / 1000).toFixed(0)} s). Do not edit by hand: run the benchmark again._

## What is measured

Each rate of the platform's event runtime (\`libs/events\`) is set against a baseline measured in the **same run**, on the same
PostgreSQL server and Kafka broker, with the same payload: a ratio says how much of the raw client's speed the library keeps.
Every measurement has a warm-up that is not timed, runs on a fresh database and fresh topics, and is bounded in count and time.

1. **Appends, 1 event per transaction.** \`PostgresEventStore.append\` of one event at a time on a fixed set of streams,
   each append at the stream's correct expected version, one client awaiting each append (${results.appendOne.transactions}).
   Baseline: raw \`pg\` \`INSERT\` of the same event JSON into a plain \`(id bigserial, payload jsonb)\` table, autocommit,
   same single loop. Rounds alternate which side goes first; the rate is total events / total time. Target ratio ≥ 0.5.
2. **Appends, 100 events per transaction.** The same with \`append\` of 100 events against one 100-row \`INSERT\`
   statement (${results.appendHundred.transactions}). Reported, no target.
3. **Relay publish rate.** The outbox is filled first (appends of 100 events), then \`OutboxRelay.publishNextBatch()\` —
   the body of the relay's running loop: read a batch of ${results.relay.batchSize} joined with its events, build the envelopes,
   one idempotent \`acks: -1\` \`sendBatch\`, delete the batch — is called until the outbox is empty. Baseline: a raw kafkajs
   producer (idempotent, one request in flight, \`acks: -1\`, no compression) sending exactly the messages the relay sent
   (same keys, values and headers; ${Math.round(results.relay.averageValueBytes)} bytes of value on average), in batches of the same size.
   Row 3b compares the relay with the 1-event-per-transaction append rate of row 1: the relay must never fall behind
   appends (target ≥ 1.0).
4. **Consumer rate.** The envelopes the relay published (${Math.round(results.consumer.averageValueBytes)} bytes on average) are put on a
   fresh 3-partition topic and read from the beginning by a fresh consumer group, three partitions at a time.
   \`EventConsumer\` claims each partition batch in the inbox and runs the handler in one database transaction per batch, then
   commits the offset. Row 4a uses a realistic trivial handler — one \`INSERT\` per event into a read-model table
   (\`event_id\` primary key, application id, stream id, version). Row 4b runs a no-op handler, so only the runtime's own
   cost (inbox claim, transaction, offset commit) remains: it is "the consumer with inbox against the raw consumer" and carries
   the target (≥ 0.3). Row 4a adds one database round trip per event that the raw consumer does not do, so its ratio measures
   the handler as much as the runtime; row 4c compares it with the same work done without the runtime. Baseline: a raw kafkajs consumer
   (\`eachBatch\`, \`autoCommit\`, \`JSON.parse\` of every value) on the same topic with a fresh group, run before and after the
   others and counted together (its run is the shortest, so the most exposed to noise). Each rate runs from the
   first batch handed over to the last message done, so joining the group is left out on both sides. Row 4c sets row 4a against
   a second baseline that does the handler's work without the runtime: raw kafkajs plus a raw \`pg\` pool, per partition batch
   \`BEGIN\`, the same \`INSERT\` per event, \`COMMIT\` (no inbox): it separates the handler's cost from the runtime's.
   Row 4d writes the same rows through the batch API (\`handleBatch\`): the handler gets the partition batch's new events at once
   and writes them with one multi-row \`INSERT ... SELECT * FROM unnest(...)\`, so the batch costs the inbox claim, one
   \`INSERT\` and the commit whatever its size; it carries the target for the consumer with its one-INSERT handler (≥ 0.3).

All events are a ~${results.appendOne.payloadBytes}-byte \`PermitApplicationSubmitted\` without personal-data contract (nothing is sealed).

## Command

\`\`\`sh
npm run bench
\`\`\`

It starts a real embedded PostgreSQL and a Kafka broker on loopback (\`tools/infra\`), runs \`bench/events/run.ts\` against them,
stops them again, prints the table below and rewrites this file.

## Machine

| | |
|---|---|
| CPUs (\`nproc\`) | ${machine.cpus} |
| CPU model | ${machine.cpuModel} |
| Memory (\`free -h\`, total) | ${machine.memory} |
| OS | ${machine.os} |
| Node.js | ${machine.node} |
| PostgreSQL | ${machine.postgres} |
| Kafka | ${machine.kafka} |
| Load average (1/5/15 min) before → after | ${loadBefore.loadAverage} → ${loadAfter.loadAverage} |
| PostgreSQL servers / Kafka brokers on the host during the run (incl. the benchmark's own) | ${loadBefore.postgresServers} / ${loadBefore.kafkaBrokers} |

## Results (${startedAt.toISOString().slice(0, 10)})

${markdownTable(results)}

${missed.length === 0 ? 'Every target was met in this run.' : `Targets missed in this run: ${missed.map((row) => row.name.split(' ')[0].replace(/\.$/, '')).join(', ')}.`}

Spread over the alternating rounds:

${spread('Row 1', results.appendOne.store, results.appendOne.raw)}
${spread('Row 2', results.appendHundred.store, results.appendHundred.raw)}

Row 3a: the relay spent ${(results.relay.publishShare * 100).toFixed(0)} % of its time in \`KafkaPublisher.publish\` (the same kind of
\`sendBatch\` as the baseline); the rest went to the outbox read (joined with the events), building the envelopes and the delete.

## Noise

These are single runs on a ${machine.cpus}-core machine where the benchmark process, PostgreSQL, the Kafka broker (a JVM) and
anything else on the host share the same cores and disk, over loopback. Absolute rates move by tens of percent from run to
run and with other load (see the load average and server count above); ratios are steadier because each baseline runs in the
same run on the same servers, but they are not exact either — compare the per-round spread above. Single-client loops
measure latency per transaction rather than the server's capacity, and the relay and consumer numbers include Kafka's
\`acks: -1\` round trips on one broker. Read the ratios as orders of magnitude and trends, not as precise figures.
`;
}
