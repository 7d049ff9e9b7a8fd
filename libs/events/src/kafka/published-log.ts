import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, PartitionMetadata } from 'kafkajs';
import { createKafka } from './create-kafka';
import { KafkaConnection } from './kafka-client';

/**
 * The header carrying a published event's place in the relay's order,
 * `<transaction id>:<global position>`: what a relay reads back after a crash.
 */
export const RELAY_POSITION_HEADER = 'relay-position';

/** What the outbox relay asks Kafka after a crash or a publish of unknown outcome. */
export interface PublishedLog {
  /** The relay position header of the last message of each non-empty partition (`topic/partition`). */
  lastPositions(topics: readonly string[]): Promise<Map<string, string>>;
  /** The partition a message with this key is written to (the producer's default partitioner). */
  partitionOf(topic: string, key: string): Promise<number>;
}

const READ_TIMEOUT_MS = 15_000;

/**
 * Reads the last message of each partition with a throwaway consumer group
 * (kafkajs has no group-less fetch): joins, seeks every partition to its last
 * offset, takes one message each, leaves and deletes the group. Slow (a group
 * join), so the relay asks only after a crash or a failed publish.
 */
export class KafkaPublishedLog implements PublishedLog {
  private readonly kafka: Kafka;
  private readonly partitionCounts = new Map<string, number>();
  private readonly partitioner = Partitioners.DefaultPartitioner();

  /** `groupPrefix`: the throwaway groups' names start with it (Kafka ACLs allow a service its own prefix). */
  constructor(connection: KafkaConnection, private readonly groupPrefix = 'outbox-relay-reconcile') {
    this.kafka = createKafka({ ...connection, clientId: `${connection.clientId}-published-log` });
  }

  async partitionOf(topic: string, key: string): Promise<number> {
    const count = await this.partitionCount(topic);
    const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 0 }) as PartitionMetadata);
    return this.partitioner({ topic, partitionMetadata, message: { key, value: null } });
  }

  async lastPositions(topics: readonly string[]): Promise<Map<string, string>> {
    const wanted = await this.lastOffsets(topics);
    const found = new Map<string, string>();
    if (wanted.size === 0) return found;
    const groupId = `${this.groupPrefix}-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false, retry: { retries: 2 } });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...new Set([...wanted.keys()].map((key) => key.slice(0, key.lastIndexOf('/'))))], fromBeginning: false });
      const read = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`could not read the last published messages within ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
        consumer.on(consumer.events.GROUP_JOIN, () => {
          for (const [key, offset] of wanted) consumer.seek({ topic: key.slice(0, key.lastIndexOf('/')), partition: Number(key.slice(key.lastIndexOf('/') + 1)), offset });
        });
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const key = `${topic}/${partition}`;
            if (wanted.get(key) !== message.offset) return;
            const header = message.headers?.[RELAY_POSITION_HEADER];
            if (header !== undefined) found.set(key, header.toString());
            wanted.delete(key);
            if (wanted.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
      await read;
      return found;
    } finally {
      await consumer.disconnect().catch(() => undefined);
      const admin = this.kafka.admin();
      await admin.connect().then(() => admin.deleteGroups([groupId])).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** How many messages the topic holds (all partitions, from the low to the high watermark). */
  async messageCount(topic: string): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const partitions = await admin.fetchTopicOffsets(topic);
      return partitions.reduce((sum, { high, low }) => sum + Number(BigInt(high) - BigInt(low)), 0);
    } finally {
      await admin.disconnect();
    }
  }

  /** The offset of the last message of each non-empty partition, by `topic/partition`. */
  private async lastOffsets(topics: readonly string[]): Promise<Map<string, string>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = new Map<string, string>();
      for (const topic of topics) {
        const partitions = await admin.fetchTopicOffsets(topic);
        this.partitionCounts.set(topic, partitions.length);
        for (const { partition, high, low } of partitions) {
          if (BigInt(high) > BigInt(low)) offsets.set(`${topic}/${partition}`, (BigInt(high) - 1n).toString());
        }
      }
      return offsets;
    } finally {
      await admin.disconnect();
    }
  }

  private async partitionCount(topic: string): Promise<number> {
    const known = this.partitionCounts.get(topic);
    if (known !== undefined) return known;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const count = topics[0]?.partitions.length ?? 1;
      this.partitionCounts.set(topic, count);
      return count;
    } finally {
      await admin.disconnect();
    }
  }
}
