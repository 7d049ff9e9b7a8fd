import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { createDataSource, TOPICS } from '@palembang/events';
import { kafkaConnection } from '@palembang/events/testing';
import { rebuildMetrics } from '../../apps/accountability/src/rebuild/rebuild';

export type ReplayRate = Readonly<{ events: number; ms: number; perSecond: number }>;
export type ReplayPair = Readonly<{ raw: ReplayRate; rebuild: ReplayRate; ratio: number }>;

const TOPICS_REPLAYED = [TOPICS.permits, TOPICS.complaints, TOPICS.training];

/**
 * The baseline of a rebuild: a bare kafkajs consumer on a group of its own reading the
 * three domain topics from offset 0 to the end offsets taken when it starts, doing nothing
 * with the messages but counting them (joining the group included, as in a rebuild).
 */
export async function rawConsumerRate(): Promise<ReplayRate> {
  const { brokers } = kafkaConnection();
  const kafka = new Kafka({ brokers: [...brokers], clientId: 'bench-raw-replay', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, number>();
  let total = 0;
  for (const topic of TOPICS_REPLAYED) {
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      const count = Number(high) - Number(low);
      total += count;
      if (count > 0) remaining.set(`${topic}:${partition}`, Number(high));
    }
  }
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `bench-raw-replay-${randomUUID()}`, maxBytes: 10 * 1024 * 1024 });
  const started = Date.now();
  let read = 0;
  await consumer.connect();
  await consumer.subscribe({ topics: TOPICS_REPLAYED, fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    if (remaining.size === 0) resolve();
    void consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        read += batch.messages.length;
        const key = `${batch.topic}:${batch.partition}`;
        const last = Number(batch.lastOffset());
        if (remaining.has(key) && last + 1 >= (remaining.get(key) as number)) remaining.delete(key);
        if (remaining.size === 0) resolve();
      },
    });
  });
  await done;
  const ms = Date.now() - started;
  await consumer.disconnect();
  return { events: Math.min(read, total), ms, perSecond: (Math.min(read, total) * 1000) / ms };
}

/** The accountability rebuild (rebuild.ts) from offset 0 up to its switch, in process, against the service's database. */
export async function rebuildRate(databaseUrl: string, log: (line: string) => void): Promise<ReplayRate> {
  const dataSource = createDataSource({ url: databaseUrl, applicationName: 'accountability-bench-rebuild', migrations: [] });
  await dataSource.initialize();
  try {
    const result = await rebuildMetrics({ dataSource, kafka: kafkaConnection('bench-rebuild'), log });
    return { events: result.events, ms: result.durationMs, perSecond: (result.events * 1000) / result.durationMs };
  } finally {
    await dataSource.destroy();
  }
}

/**
 * `pairs` replays, each a bare consumer then a rebuild, alternating: one replay of a few seconds on a
 * shared machine varies by a tenth from one try to the next. Before each rebuild the generation the
 * previous one replaced (the loaded cases, before the first) is dropped, outside the timing, so every
 * pair starts as the first.
 */
export async function replayPairs(databaseUrl: string, pairs: number, log: (line: string) => void): Promise<ReplayPair[]> {
  const measured: ReplayPair[] = [];
  for (let pair = 1; pair <= pairs; pair++) {
    log(`replaying the domain topics from offset 0 (${pair} of ${pairs}): a bare kafkajs consumer, then the rebuild`);
    const raw = await rawConsumerRate();
    await dropPreviousGeneration(databaseUrl);
    const rebuild = await rebuildRate(databaseUrl, (line) => log(`rebuild: ${line}`));
    measured.push({ raw, rebuild, ratio: rebuild.perSecond / raw.perSecond });
    log(`bare consumer ${raw.perSecond.toFixed(0)} events/s, rebuild ${rebuild.perSecond.toFixed(0)} events/s: ${(rebuild.perSecond / raw.perSecond).toFixed(3)}`);
  }
  return measured;
}

/**
 * replayPairs in a process of its own, as an operator runs a rebuild (\`node main.js rebuild\`): what the
 * load generator's process holds after loading millions of cases and measuring the run weighs on neither side.
 * Both sides start there alike, and each is timed from its own start.
 */
export function replayPairsInOwnProcess(databaseUrl: string, pairs: number, log: (line: string) => void): Promise<ReplayPair[]> {
  const child = spawn(process.execPath, [...process.execArgv, __filename, databaseUrl, String(pairs)], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Not left behind if this process ends first.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  createInterface({ input: child.stderr }).on('line', log);
  return new Promise<ReplayPair[]>((resolve, reject) => {
    child.once('error', reject);
    // 'close', not 'exit': stdout is read to its end by then.
    child.once('close', (code) => (code === 0 ? resolve(JSON.parse(output) as ReplayPair[]) : reject(new Error(`the replay process exited with ${code}`))));
  }).finally(() => process.removeListener('exit', killChild));
}

async function dropPreviousGeneration(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DROP SCHEMA IF EXISTS metrics_previous CASCADE');
  } finally {
    await client.end();
  }
}

if (require.main === module) {
  replayPairs(process.argv[2], Number(process.argv[3]), (line) => console.error(line)).then(
    (pairs) => process.stdout.write(JSON.stringify(pairs), () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
