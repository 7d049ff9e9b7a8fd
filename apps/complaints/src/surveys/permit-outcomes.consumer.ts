import { Inject, Injectable } from '@nestjs/common';
import { ConsumedEvent, EventConsumer, KafkaPublisher, KafkaSubscription, TOPICS } from '@palembang/events';
import { ConsumingService, consumerGroupOf, kafkaConnectionOf, SERVICE_CONFIG, ServiceConfig } from '@palembang/platform';
import { ServiceInteraction } from '@palembang/satisfaction';
import { DataSource, EntityManager } from 'typeorm';
import { recordFinishedInteractions, recordPermitTrackingCodes } from './finished-interactions';

type PermitOutcome = { applicationId: string; agencyId: string; permitTypeCode: string; issuedAt?: string; rejectedAt?: string };
type PermitSubmission = { applicationId: string; trackingCode: string };

/**
 * Learns from the permits service's events which permit applications finished
 * (issued or rejected) and their tracking codes, so citizens can rate them with
 * the code as proof. Runs through the shared
 * consumer's batch API: a partition batch's inbox rows, tracking codes and
 * finished interactions commit together (one INSERT per table), then the offset.
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
      handleBatch: (events, { manager }) => recordPermitOutcomes(manager, events),
    });
  }
}

/** Records what a batch of permit events tells: the tracking codes of submissions, and the applications that finished. */
export async function recordPermitOutcomes(manager: EntityManager, events: readonly ConsumedEvent[]): Promise<void> {
  const codes: PermitSubmission[] = [];
  const finished: ServiceInteraction[] = [];
  for (const { event } of events) {
    if (event.type === 'ApplicationSubmitted') {
      const { applicationId, trackingCode } = event.data as Partial<PermitSubmission>;
      // Nothing to rate it by without a code; retrying such an event would only hold up the partition before it is dead-lettered.
      if (typeof applicationId === 'string' && typeof trackingCode === 'string') codes.push({ applicationId, trackingCode });
    } else if (event.type === 'PermitIssued' || event.type === 'ApplicationRejected') {
      const data = event.data as PermitOutcome;
      const finishedAt = data.issuedAt ?? data.rejectedAt ?? event.occurredAt;
      finished.push({ kind: 'permit', id: data.applicationId, agencyId: data.agencyId, serviceCode: data.permitTypeCode, finishedAt });
    }
  }
  await recordPermitTrackingCodes(manager, codes);
  await recordFinishedInteractions(manager, finished);
}
