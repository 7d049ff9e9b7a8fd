/**
 * When the platform has finished the work a load gave it: every outbox empty
 * (the relays have published) and every consumer group's committed offset at
 * the end of its partitions (the consumers have handled it), twice in a row,
 * since a consumer's work can append events of its own.
 */
import { Admin, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

export interface PlatformDrain {
  /** Resolves with the milliseconds it took, or with `limitMs` when the platform had not caught up by then. */
  wait(limitMs: number): Promise<number>;
  close(): Promise<void>;
}

const POLL_MS = 250;

/** Connections opened once: a connection per poll would fork a PostgreSQL backend each time, counted in the run's figures. */
export async function connectDrain(databaseUrls: string[], brokers: string): Promise<PlatformDrain> {
  const outboxes = databaseUrls.map((url) => new Client({ connectionString: url }));
  // A server stopping under the run (Ctrl-C reaches PostgreSQL too) fails the next query; it must not end the process before it has stopped the others.
  outboxes.forEach((client) => client.on('error', () => undefined));
  await Promise.all(outboxes.map((client) => client.connect()));
  const admin = new Kafka({ clientId: 'bench-platform-drain', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const caughtUp = async () => (await outboxRows(outboxes)) === 0 && (await consumerLag(admin)) === 0;
  return {
    async wait(limitMs) {
      const started = Date.now();
      let inARow = 0;
      while (Date.now() - started < limitMs) {
        inARow = (await caughtUp()) ? inARow + 1 : 0;
        if (inARow === 2) return Date.now() - started;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      return limitMs;
    },
    async close() {
      await Promise.allSettled([...outboxes.map((client) => client.end()), admin.disconnect()]);
    },
  };
}

async function outboxRows(outboxes: Client[]): Promise<number> {
  const counts = await Promise.all(outboxes.map((client) => client.query<{ n: number }>('SELECT count(*)::int AS n FROM es_outbox')));
  return counts.reduce((sum, count) => sum + count.rows[0].n, 0);
}

/** Messages not yet committed by their consumer group, over every group and partition it has subscribed. */
async function consumerLag(admin: Admin): Promise<number> {
  const { groups } = await admin.listGroups();
  const ends = new Map<string, Map<number, { low: number; high: number }>>();
  const endsOf = async (topic: string) => {
    if (!ends.has(topic)) ends.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, { low: Number(p.low), high: Number(p.high) }])));
    return ends.get(topic)!;
  };
  let lag = 0;
  for (const group of groups.filter((candidate) => candidate.protocolType === 'consumer')) {
    for (const topic of await admin.fetchOffsets({ groupId: group.groupId })) {
      const partitions = await endsOf(topic.topic);
      for (const partition of topic.partitions) {
        const end = partitions.get(partition.partition);
        // -1: the group never committed there (a partition it was never handed a message of since it joined).
        if (!end || Number(partition.offset) < 0) continue;
        lag += Math.max(0, end.high - Number(partition.offset));
      }
    }
  }
  return lag;
}
