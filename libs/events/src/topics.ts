import { TopicSpec } from './kafka/messages';
import { TopicReplication } from './kafka/kafka-client';
import { deadLetterTopicOf } from './consumer/event-consumer';

/** The domain topics; each service publishes to its own, keyed by stream id. */
export const TOPICS = {
  permits: 'permits.events',
  complaints: 'complaints.events',
  training: 'training.events',
  accountability: 'accountability.events',
} as const;

const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Every domain topic with its dead-letter topic. Domain topics keep events a
 * year so that a projection can be rebuilt from offset 0; the event store in
 * each service's database remains the source of truth beyond that.
 */
export function platformTopics(partitions = 6): TopicSpec[] {
  return Object.values(TOPICS).flatMap((topic) => [
    { topic, partitions, retentionMs: ONE_YEAR_MS },
    { topic: deadLetterTopicOf(topic), partitions: 1, retentionMs: ONE_YEAR_MS },
  ]);
}

/**
 * How the platform's topics are replicated, from TOPIC_REPLICATION_FACTOR (the
 * setting the k8s topics job reads) and TOPIC_MIN_INSYNC_REPLICAS. With three
 * or more replicas min.insync.replicas defaults to 2: with acks=all (every
 * producer here) a write is acknowledged once two brokers hold it, so losing
 * one broker neither loses an acknowledged event nor stops writes. Unset: the
 * brokers' own defaults.
 */
export function topicReplicationFromEnv(env: Readonly<Record<string, string | undefined>>): TopicReplication {
  const replicationFactor = positiveInteger(env, 'TOPIC_REPLICATION_FACTOR');
  const minInsyncReplicas = positiveInteger(env, 'TOPIC_MIN_INSYNC_REPLICAS') ?? (replicationFactor !== undefined && replicationFactor >= 3 ? 2 : undefined);
  if (replicationFactor !== undefined && minInsyncReplicas !== undefined && minInsyncReplicas > replicationFactor) {
    throw new Error(`TOPIC_MIN_INSYNC_REPLICAS (${minInsyncReplicas}) must not exceed TOPIC_REPLICATION_FACTOR (${replicationFactor}): no write could ever succeed`);
  }
  return { replicationFactor, minInsyncReplicas };
}

function positiveInteger(env: Readonly<Record<string, string | undefined>>, name: string): number | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`${name} must be a positive whole number, got "${value}"`);
  return Number(value);
}
