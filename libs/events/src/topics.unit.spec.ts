import { topicReplicationFromEnv } from './topics';

describe('topicReplicationFromEnv', () => {
  it('leaves replication to the brokers when nothing is set', () => {
    expect(topicReplicationFromEnv({})).toEqual({ replicationFactor: undefined, minInsyncReplicas: undefined });
  });

  it('asks two in-sync replicas of three or more, so one broker may be lost', () => {
    expect(topicReplicationFromEnv({ TOPIC_REPLICATION_FACTOR: '3' })).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(topicReplicationFromEnv({ TOPIC_REPLICATION_FACTOR: '5' })).toEqual({ replicationFactor: 5, minInsyncReplicas: 2 });
  });

  it('keeps the broker default below three replicas, where two in sync would stop writes when one is lost', () => {
    expect(topicReplicationFromEnv({ TOPIC_REPLICATION_FACTOR: '1' })).toEqual({ replicationFactor: 1, minInsyncReplicas: undefined });
    expect(topicReplicationFromEnv({ TOPIC_REPLICATION_FACTOR: '2' })).toEqual({ replicationFactor: 2, minInsyncReplicas: undefined });
  });

  it('takes min.insync.replicas from TOPIC_MIN_INSYNC_REPLICAS', () => {
    expect(topicReplicationFromEnv({ TOPIC_REPLICATION_FACTOR: '3', TOPIC_MIN_INSYNC_REPLICAS: '3' })).toEqual({ replicationFactor: 3, minInsyncReplicas: 3 });
  });

  it('refuses values that are not positive whole numbers, or more in-sync replicas than replicas', () => {
    expect(() => topicReplicationFromEnv({ TOPIC_REPLICATION_FACTOR: 'three' })).toThrow('TOPIC_REPLICATION_FACTOR must be a positive whole number, got "three"');
    expect(() => topicReplicationFromEnv({ TOPIC_MIN_INSYNC_REPLICAS: '0' })).toThrow('TOPIC_MIN_INSYNC_REPLICAS must be a positive whole number');
    expect(() => topicReplicationFromEnv({ TOPIC_REPLICATION_FACTOR: '3', TOPIC_MIN_INSYNC_REPLICAS: '4' })).toThrow(/must not exceed TOPIC_REPLICATION_FACTOR/);
  });
});
