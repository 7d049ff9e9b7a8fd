import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaConnection } from '../testing';
import { ensureTopics } from './kafka-client';

/** The replication ensureTopics is given reaches the broker (the three-broker case: tools/infra/src/kafka-cluster.int.spec.ts). */
describe('ensureTopics with a replication (real Kafka, one broker)', () => {
  const admin = new Kafka({ clientId: 'ensure-topics-replication-test', brokers: kafkaConnection().brokers, logLevel: logLevel.NOTHING }).admin();

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it('creates the topic with min.insync.replicas as given', async () => {
    const topic = `ensure.${randomUUID().slice(0, 8)}.events`;

    await ensureTopics(kafkaConnection(), [{ topic, partitions: 2 }], { replicationFactor: 1, minInsyncReplicas: 1 });

    const { resources } = await admin.describeConfigs({ resources: [{ type: 2, name: topic, configNames: ['min.insync.replicas'] }], includeSynonyms: false });
    expect(resources[0].configEntries[0]).toMatchObject({ configValue: '1', configSource: 1 }); // 1: set on the topic
  });

  it('asks the broker for the replication factor, which one broker cannot give three of', async () => {
    const topic = `ensure.${randomUUID().slice(0, 8)}.events`;

    await expect(ensureTopics(kafkaConnection(), [{ topic, partitions: 2 }], { replicationFactor: 3, minInsyncReplicas: 2 })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_REPLICATION_FACTOR' })],
    });
    expect(await admin.listTopics()).not.toContain(topic);
  });
});
