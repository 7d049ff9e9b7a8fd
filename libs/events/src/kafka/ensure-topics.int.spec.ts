import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaConnection } from '../testing';
import { ensureTopics } from './kafka-client';

describe('ensureTopics (real Kafka)', () => {
  const admin = new Kafka({ clientId: 'ensure-topics-test', brokers: kafkaConnection().brokers, logLevel: logLevel.NOTHING }).admin();

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  async function partitionsOf(topic: string): Promise<number> {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    return metadata.topics[0].partitions.length;
  }

  it('creates a topic with its partitions and retention, and is safe to run again', async () => {
    const topic = `ensure.${randomUUID().slice(0, 8)}.events`;
    const spec = { topic, partitions: 4, retentionMs: 86_400_000 };

    await ensureTopics(kafkaConnection(), [spec]);
    await ensureTopics(kafkaConnection(), [spec]);

    expect(await partitionsOf(topic)).toBe(4);
    const configs = await admin.describeConfigs({ resources: [{ type: 2, name: topic, configNames: ['retention.ms'] }], includeSynonyms: false });
    expect(configs.resources[0].configEntries[0].configValue).toBe('86400000');
  });

  it('grows a topic that has fewer partitions than configured, and never shrinks one', async () => {
    const topic = `ensure.${randomUUID().slice(0, 8)}.events`;
    await ensureTopics(kafkaConnection(), [{ topic, partitions: 2 }]);
    await ensureTopics(kafkaConnection(), [{ topic, partitions: 6 }]);
    expect(await partitionsOf(topic)).toBe(6);
    await ensureTopics(kafkaConnection(), [{ topic, partitions: 3 }]);
    expect(await partitionsOf(topic)).toBe(6);
  });
});
