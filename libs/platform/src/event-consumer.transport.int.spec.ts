import { createHttpAdapter } from '@palembang/http';
import { randomUUID } from 'node:crypto';
import { Controller, INestApplication, Module } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { EventEnvelope, EventHandlerContext, KafkaPublisher, KafkaSubscription } from '@palembang/events';
import { countRows, createAppliedEventsTable, createTestDatabase, createTestTopic, eventually, kafkaConnection, recordAppliedEvent, testEnvelope } from '@palembang/events/testing';
import { DataSource } from 'typeorm';
import { EventConsumerTransport } from './event-consumer.transport';
import { platformMetrics } from './metrics/platform-metrics';

@Controller()
class PermitEventsController {
  @EventPattern('PermitIssued')
  async onIssued(@Payload() event: EventEnvelope, @Ctx() context: EventHandlerContext): Promise<void> {
    await recordAppliedEvent(event, context);
  }

  @EventPattern('PermitRejected')
  onRejected(): void {
    throw new Error('rejections are not handled yet');
  }
}

@Module({ controllers: [PermitEventsController] })
class ConsumerTestModule {}

describe('EventConsumerTransport in a NestJS application (real PostgreSQL and Kafka)', () => {
  let dataSource: DataSource;
  let app: INestApplication;
  let publisher: KafkaPublisher;
  let topic: string;

  beforeAll(async () => {
    dataSource = await createTestDatabase('transport');
    await createAppliedEventsTable(dataSource);
    topic = await createTestTopic('transport');
    const moduleRef = await Test.createTestingModule({ imports: [ConsumerTestModule] }).compile();
    app = moduleRef.createNestApplication(createHttpAdapter());
    app.connectMicroservice(
      {
        strategy: new EventConsumerTransport({
          name: 'transport-test',
          dataSource,
          subscription: new KafkaSubscription(kafkaConnection(), { groupId: `group-${randomUUID()}`, topics: [topic] }),
          deadLetters: (publisher = new KafkaPublisher(kafkaConnection())),
          maxAttempts: 2,
          retryBackoffMs: 20,
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await publisher.close();
    await dataSource.destroy();
  });

  it('routes events to @EventPattern handlers inside the inbox transaction and dead-letters a failing handler', async () => {
    const streamId = `permit-${randomUUID()}`;
    const event = (streamVersion: number, type: string) => testEnvelope(streamId, streamVersion, type);
    await publisher.publish(
      [event(1, 'PermitIssued'), event(2, 'PermitRejected'), event(2, 'PermitIssued'), event(3, 'SomethingElse')].map((e) => ({
        topic,
        key: streamId,
        value: JSON.stringify(e),
      })),
    );

    await eventually(async () => (await countRows(dataSource, 'applied_events')) === 2);
    await eventually(async () => {
      const rows: Array<{ outcome: string }> = await dataSource.query(`SELECT outcome FROM es_inbox ORDER BY outcome`);
      return rows.map((row) => row.outcome).join() === 'dead-lettered,processed,processed,processed';
    });
  });

  it('counts processed, failed and dead-lettered messages in the process metrics', async () => {
    const metrics = await platformMetrics().registry.metrics();
    expect(metrics).toContain('event_consumer_processed_total{consumer="transport-test"} 3');
    expect(metrics).toContain('event_consumer_failed_attempts_total{consumer="transport-test"} 2');
    expect(metrics).toContain('event_consumer_dead_lettered_total{consumer="transport-test"} 1');
  });
});
