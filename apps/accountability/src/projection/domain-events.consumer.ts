import { Inject, Injectable } from '@nestjs/common';
import { EventConsumer, KafkaPublisher, KafkaSubscription, PostgresEventStore, TOPICS } from '@palembang/events';
import { ConsumingService, kafkaConnectionOf, LiveWorkingDayCalendar, SERVICE_CONFIG, ServiceConfig } from '@palembang/platform';
import { DataSource } from 'typeorm';
import { ACCOUNTABILITY_SETTINGS, AccountabilitySettings, LIVE_CONSUMER } from '../accountability-settings';
import { ACCOUNTABILITY_CLOCK } from '../metrics/metrics-reader';
import { observeProjectionDelay } from '../metrics/prometheus-gauges';
import { AlertEvaluator } from './alert-evaluator';
import { METRICS_SCHEMA } from './metric-tables';
import { projectEvents } from './project-event';
import type { Clock } from '@palembang/working-days';

export const PROJECTED_TOPICS = [TOPICS.permits, TOPICS.complaints, TOPICS.training];

/**
 * The live projection: one consumer group over the three domain topics, through
 * the shared consumer's batch API (a partition batch's inbox rows, fact rows and
 * any alert commit together in a few set-based statements, then the offset).
 */
@Injectable()
export class DomainEventsConsumer extends ConsumingService {
  protected readonly consumer: EventConsumer;
  protected readonly deadLetters: KafkaPublisher;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(PostgresEventStore) store: PostgresEventStore,
    @Inject(ACCOUNTABILITY_SETTINGS) settings: AccountabilitySettings,
    @Inject(ACCOUNTABILITY_CLOCK) clock: Clock,
    @Inject(LiveWorkingDayCalendar) calendar: LiveWorkingDayCalendar,
  ) {
    super();
    const connection = kafkaConnectionOf(config, 'projection');
    const target = { schema: METRICS_SCHEMA, calendar, alerts: new AlertEvaluator(store, settings.alertPolicy, clock), live: true };
    this.deadLetters = new KafkaPublisher(connection);
    this.consumer = new EventConsumer({
      name: LIVE_CONSUMER,
      dataSource,
      subscription: new KafkaSubscription(connection, { groupId: settings.consumerGroup, topics: PROJECTED_TOPICS, partitionsConcurrently: 3 }),
      deadLetters: this.deadLetters,
      handleBatch: async (events, { manager }) => {
        await projectEvents(events.map(({ event }) => event), manager, target);
        for (const { event, message } of events) observeProjectionDelay(message.topic, event.recordedAt);
      },
    });
  }
}
