import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConsumedEvent, EventConsumer, KafkaPublisher, KafkaSubscription } from '@palembang/events';
import { ConsumingService, consumerGroupOf, kafkaConnectionOf, SERVICE_CONFIG, ServiceConfig } from '@palembang/platform';
import { DeliveryTarget, receives, WebhookArea, webhookPayloadOf } from '@palembang/webhooks-domain';
import { DataSource, EntityManager } from 'typeorm';
import { WEBHOOKS_SETTINGS, WebhooksSettings } from '../webhooks-config';
import { DeliveryWorker } from './delivery-worker';

type ActiveSubscription = DeliveryTarget & { subscriptionId: string };

type OutboxRow = Readonly<{ deliveryId: string; subscriptionId: string; eventId: string; eventType: string; streamId: string; body: string }>;

/** The delivery rows a batch of events gives: one per event and active subscription that receives it, in partition order. */
export function deliveriesOf(events: readonly ConsumedEvent[], subscriptions: readonly ActiveSubscription[], areaOf: (topic: string) => WebhookArea | undefined): OutboxRow[] {
  const rows: OutboxRow[] = [];
  for (const { event, message } of events) {
    const area = areaOf(message.topic);
    if (!area) continue;
    const payload = webhookPayloadOf(area, event);
    const body = JSON.stringify(payload);
    for (const subscription of subscriptions) {
      if (receives(subscription, area, event)) rows.push({ deliveryId: randomUUID(), subscriptionId: subscription.subscriptionId, eventId: event.eventId, eventType: payload.type, streamId: event.streamId, body });
    }
  }
  return rows;
}

async function activeSubscriptions(manager: EntityManager): Promise<ActiveSubscription[]> {
  const rows: { subscription_id: string; agency_id: string; all_agencies: boolean; event_types: string[] }[] = await manager.query(
    `SELECT subscription_id, agency_id, all_agencies, event_types FROM webhook_subscriptions WHERE status = 'active'`,
  );
  return rows.map((row) => ({ subscriptionId: row.subscription_id, agencyId: row.agency_id, allAgencies: row.all_agencies, eventTypes: row.event_types }));
}

/** One statement per batch; WITH ORDINALITY keeps the rows' order in `sequence`, which orders each stream's deliveries. */
async function insertDeliveries(manager: EntityManager, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO webhook_deliveries (delivery_id, subscription_id, event_id, event_type, stream_id, body, status, next_attempt_at, created_at)
     SELECT d, s, e, t, st, b, 'pending', now(), now()
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS r(d, s, e, t, st, b, n)
     ORDER BY n
     ON CONFLICT (subscription_id, event_id) DO NOTHING`,
    [rows.map((r) => r.deliveryId), rows.map((r) => r.subscriptionId), rows.map((r) => r.eventId), rows.map((r) => r.eventType), rows.map((r) => r.streamId), rows.map((r) => r.body)],
  );
}

/**
 * Writes the delivery outbox: a partition batch's events become delivery rows for every active
 * subscription that receives them, in the consumer's transaction with its inbox rows, so an event
 * is neither lost (the offset moves only after the commit) nor queued twice (the inbox, and the
 * (subscription, event) key). A new group starts at the end of the topics: a subscription
 * receives what happens after it was made, not the year the topics keep. The worker is woken
 * after the batch.
 */
@Injectable()
export class DeliveryOutboxConsumer extends ConsumingService {
  protected readonly consumer: EventConsumer;
  protected readonly deadLetters: KafkaPublisher;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(WEBHOOKS_SETTINGS) settings: WebhooksSettings,
    @Inject(DeliveryWorker) worker: DeliveryWorker,
  ) {
    super();
    const connection = kafkaConnectionOf(config, 'deliveries');
    const areas = new Map(Object.entries(settings.topics).map(([area, topic]) => [topic, area as WebhookArea]));
    this.deadLetters = new KafkaPublisher(connection);
    this.consumer = new EventConsumer({
      name: settings.consumerGroup,
      dataSource,
      subscription: new KafkaSubscription(connection, { groupId: consumerGroupOf(config, settings.consumerGroup), topics: [...areas.keys()], partitionsConcurrently: 3, fromBeginning: !settings.startAtEnd }),
      deadLetters: this.deadLetters,
      handleBatch: async (events, { manager }) => {
        await insertDeliveries(manager, deliveriesOf(events, await activeSubscriptions(manager), (topic) => areas.get(topic)));
        worker.wakeSoon();
      },
    });
  }
}
