import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventConsumer, KafkaPublisher, KafkaSubscription, TOPICS } from '@palembang/events';
import { describeError, SERVICE_CONFIG, ServiceConfig } from '@palembang/platform';
import { DataSource } from 'typeorm';
import { TargetedRecommendations } from './targeted-recommendations';

/**
 * Capacity building driven by measured service quality: accountability says an agency's service fell
 * below its standard (ServicePerformanceBelowStandard on accountability.events), and the training
 * service recommends targeted programs. The shared consumer commits the inbox row, the events and the
 * read model in one transaction, then the offset: a redelivered event counts once, and the same alert
 * in another event is still one recommendation (its stream is named by the alert).
 */
@Injectable()
export class ServicePerformanceConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ServicePerformanceConsumer.name);
  private readonly consumer: EventConsumer;
  private readonly deadLetters: KafkaPublisher;
  private started?: Promise<void>;

  constructor(@Inject(DataSource) dataSource: DataSource, @Inject(SERVICE_CONFIG) config: ServiceConfig, @Inject(TargetedRecommendations) private readonly recommendations: TargetedRecommendations) {
    const connection = { brokers: config.kafkaBrokers, clientId: `${config.serviceName}-service-performance` };
    this.deadLetters = new KafkaPublisher(connection);
    this.consumer = new EventConsumer({
      name: 'training.service-performance',
      dataSource,
      subscription: new KafkaSubscription(connection, { groupId: 'training.service-performance', topics: [TOPICS.accountability] }),
      deadLetters: this.deadLetters,
      handle: (event, context) => this.recommendations.answer(event, context.manager),
    });
  }

  onApplicationBootstrap(): void {
    this.started = this.consumer.start().catch((error: unknown) => this.logger.error(`service performance alerts not consumed: ${describeError(error)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.started;
    await this.consumer.stop();
    await this.deadLetters.close();
  }
}
