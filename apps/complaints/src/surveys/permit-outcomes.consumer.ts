import { Inject, Injectable } from '@nestjs/common';
import { EventConsumer, EventEnvelope, EventHandlerContext, KafkaPublisher, KafkaSubscription, TOPICS } from '@palembang/events';
import { ConsumingService, consumerGroupOf, kafkaConnectionOf, SERVICE_CONFIG, ServiceConfig } from '@palembang/platform';
import { DataSource } from 'typeorm';
import { recordFinishedInteraction, recordPermitTrackingCode } from './finished-interactions';

type PermitOutcome = { applicationId: string; agencyId: string; permitTypeCode: string; issuedAt?: string; rejectedAt?: string };
type PermitSubmission = { applicationId: string; trackingCode: string };

/**
 * Learns from the permits service's events which permit applications finished
 * (issued or rejected) and their tracking codes, so citizens can rate them with
 * the code as proof. Runs through the shared
 * consumer: inbox row and finished interaction commit together, then the offset.
 */
@Injectable()
export class PermitOutcomesConsumer extends ConsumingService {
  protected readonly consumer: EventConsumer;
  protected readonly deadLetters: KafkaPublisher;

  constructor(@Inject(DataSource) dataSource: DataSource, @Inject(SERVICE_CONFIG) config: ServiceConfig) {
    super();
    const connection = kafkaConnectionOf(config, 'permit-outcomes');
    this.deadLetters = new KafkaPublisher(connection);
    this.consumer = new EventConsumer({
      name: 'complaints.permit-outcomes',
      dataSource,
      subscription: new KafkaSubscription(connection, { groupId: consumerGroupOf(config, 'complaints.permit-outcomes'), topics: [TOPICS.permits] }),
      deadLetters: this.deadLetters,
      handle: (event, context) => recordPermitOutcome(event, context),
    });
  }
}

export async function recordPermitOutcome(event: EventEnvelope, context: EventHandlerContext): Promise<void> {
  if (event.type === 'ApplicationSubmitted') {
    const { applicationId, trackingCode } = event.data as Partial<PermitSubmission>;
    // Nothing to rate it by without a code; retrying such an event would only hold up the partition before it is dead-lettered.
    if (typeof applicationId !== 'string' || typeof trackingCode !== 'string') return;
    return recordPermitTrackingCode(context.manager, applicationId, trackingCode);
  }
  if (event.type !== 'PermitIssued' && event.type !== 'ApplicationRejected') return;
  const data = event.data as PermitOutcome;
  const finishedAt = data.issuedAt ?? data.rejectedAt ?? event.occurredAt;
  await recordFinishedInteraction(context.manager, { kind: 'permit', id: data.applicationId, agencyId: data.agencyId, serviceCode: data.permitTypeCode, finishedAt });
}
