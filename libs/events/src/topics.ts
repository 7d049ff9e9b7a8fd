import { TopicSpec } from './kafka/messages';
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
