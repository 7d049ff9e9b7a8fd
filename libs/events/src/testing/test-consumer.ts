import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventConsumer, EventConsumerSettings, EventHandling } from '../consumer/event-consumer';
import { KafkaConnection, KafkaPublisher, KafkaSubscription } from '../kafka/kafka-client';

export type TestConsumerOptions = Partial<Omit<EventConsumerSettings, 'dataSource' | 'subscription' | 'deadLetters'>> &
  EventHandling & {
    dataSource: DataSource;
    topic: string;
    connection: KafkaConnection;
    groupId?: string;
  };

/** An EventConsumer on its own group reading `topic` from the start, with a dead-letter publisher it closes on stop. */
export function startTestConsumer(options: TestConsumerOptions): { stop(): Promise<void> } {
  const { dataSource, topic, connection, groupId, ...rest } = options;
  const deadLetters = new KafkaPublisher(connection);
  const consumer = new EventConsumer({
    ...rest,
    name: rest.name ?? `consumer-${randomUUID()}`,
    dataSource,
    subscription: new KafkaSubscription(connection, { groupId: groupId ?? `group-${randomUUID()}`, topics: [topic], partitionsConcurrently: 3 }),
    deadLetters,
  });
  void consumer.start();
  return { stop: () => consumer.stop().then(() => deadLetters.close()) };
}
