import { Inject, Injectable } from '@nestjs/common';
import { EventConsumer, KafkaPublisher, KafkaSubscription, TOPICS } from '@palembang/events';
import { ConsumingService, consumerGroupOf, kafkaConnectionOf, SERVICE_CONFIG, ServiceConfig } from '@palembang/platform';
import { DataSource } from 'typeorm';
import { RecommendationsService } from './recommendations.service';

/**
 * Capacity building driven by measured service quality: accountability says an agency's service fell
 * below its standard (ServicePerformanceBelowStandard on accountability.events), and the training
 * service recommends targeted programs. The shared consumer commits a partition batch's inbox rows,
 * events and read model in one transaction, then the offset: a redelivered event counts once, and the
 * same alert in another event is still one recommendation (its stream is named by the alert). It stays
 * on the per-event handler: each alert is a command on its own stream (read, decide, append), which no
 * set-based write can stand in for, and alerts come at most once per agency, service and month.
 */
@Injectable()
export class ServicePerformanceConsumer extends ConsumingService {
  protected readonly consumer: EventConsumer;
  protected readonly deadLetters: KafkaPublisher;

  constructor(@Inject(DataSource) dataSource: DataSource, @Inject(SERVICE_CONFIG) config: ServiceConfig, @Inject(RecommendationsService) private readonly recommendations: RecommendationsService) {
    super();
    const connection = kafkaConnectionOf(config, 'service-performance');
    this.deadLetters = new KafkaPublisher(connection);
    this.consumer = new EventConsumer({
      name: 'training.service-performance',
      dataSource,
      subscription: new KafkaSubscription(connection, { groupId: consumerGroupOf(config, 'training.service-performance'), topics: [TOPICS.accountability] }),
      deadLetters: this.deadLetters,
      handle: (event, context) => this.recommendations.answer(event, context.manager),
    });
  }
}
