import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EventConsumer, EventConsumerOptions, EventHandler } from '../consumer/event-consumer';
import { KafkaConnection, KafkaPublisher, KafkaSubscription } from '../kafka/kafka-client';

export interface TestConsumerOptions extends Partial<Omit<EventConsumerOptions, 'dataSource' | 'subscription' | 'deadLetters' | 'handle'>> {
  dataSource: DataSource;
  topic: string;
  handle: EventHandler;
  connection: KafkaConnection;
  groupId?: string;
}

/** An EventConsumer on its own group reading `topic` from the start, with a dead-letter publisher it closes on stop. */
export function startTestConsumer(options: TestConsumerOptions): { stop(): Promise<void> } {
  const { dataSource, topic, handle, connection, groupId, ...rest } = options;
  const deadLetters = new KafkaPublisher(connection);
  const consumer = new EventConsumer({
    ...rest,
    name: rest.name ?? `consumer-${randomUUID()}`,
    dataSource,
    subscription: new KafkaSubscription(connection, { groupId: groupId ?? `group-${randomUUID()}`, topics: [topic], partitionsConcurrently: 3 }),
    deadLetters,
    handle,
  });
  void consumer.start();
  return { stop: () => consumer.stop().then(() => deadLetters.close()) };
}
