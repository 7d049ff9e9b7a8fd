import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventConsumer, EventEnvelope, EventHandlerContext, KafkaPublisher, KafkaSubscription, TOPICS } from '@palembang/events';
import { describeError, SERVICE_CONFIG, ServiceConfig } from '@palembang/platform';
import { DataSource } from 'typeorm';
import { recordFinishedInteraction } from './finished-interactions';

type PermitOutcome = { applicationId: string; agencyId: string; permitTypeCode: string; issuedAt?: string; rejectedAt?: string };

/**
 * Learns from the permits service's events which permit applications finished
 * (issued or rejected), so citizens can rate them. Runs through the shared
 * consumer: inbox row and finished interaction commit together, then the offset.
 */
@Injectable()
export class PermitOutcomesConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PermitOutcomesConsumer.name);
  private readonly consumer: EventConsumer;
  private readonly deadLetters: KafkaPublisher;
  private started?: Promise<void>;

  constructor(@Inject(DataSource) dataSource: DataSource, @Inject(SERVICE_CONFIG) config: ServiceConfig) {
    const connection = { brokers: config.kafkaBrokers, clientId: `${config.serviceName}-permit-outcomes` };
    this.deadLetters = new KafkaPublisher(connection);
    this.consumer = new EventConsumer({
      name: 'complaints.permit-outcomes',
      dataSource,
      subscription: new KafkaSubscription(connection, { groupId: 'complaints.permit-outcomes', topics: [TOPICS.permits] }),
      deadLetters: this.deadLetters,
      handle: (event, context) => recordPermitOutcome(event, context),
    });
  }

  onApplicationBootstrap(): void {
    // Kafka may come later than the service: the subscription retries; the HTTP API does not wait for it.
    this.started = this.consumer.start().catch((error: unknown) => this.logger.error(`permit outcomes not consumed: ${describeError(error)}`));
  }

  /** Lets a start in progress finish first, so the member leaves its group instead of joining after the stop. */
  async onApplicationShutdown(): Promise<void> {
    await this.started;
    await this.consumer.stop();
    await this.deadLetters.close();
  }
}

export async function recordPermitOutcome(event: EventEnvelope, context: EventHandlerContext): Promise<void> {
  if (event.type !== 'PermitIssued' && event.type !== 'ApplicationRejected') return;
  const data = event.data as PermitOutcome;
  const finishedAt = data.issuedAt ?? data.rejectedAt ?? event.occurredAt;
  await recordFinishedInteraction(context.manager, { kind: 'permit', id: data.applicationId, agencyId: data.agencyId, serviceCode: data.permitTypeCode, finishedAt });
}
