import { Inject, Injectable } from '@nestjs/common';
import { agencyStreamId, EventConsumer, EventEnvelope, EventHandlerContext, isAgencyRegisterEvent, KafkaPublisher, KafkaSubscription, TOPICS, toEvent } from '@palembang/events';
import { DataSource } from 'typeorm';
import { ConsumingService } from '../consuming-service';
import { platformMetrics } from '../metrics';
import { consumerGroupOf, kafkaConnectionOf, ServiceConfig } from '../service-config';
import { SERVICE_CONFIG } from '../tokens';
import { recordAgencyRegisterEvent } from './agency-register-copy';

/**
 * Keeps this service's copy of the agency register from the register's events (kept by the
 * accountability service, on its topic): inbox row and copy commit together, so a redelivered
 * event changes nothing, and the topic's other events (alerts) are passed over.
 */
@Injectable()
export class AgencyRegisterFollower extends ConsumingService {
  protected readonly consumer: EventConsumer;
  protected readonly deadLetters: KafkaPublisher;

  constructor(@Inject(DataSource) dataSource: DataSource, @Inject(SERVICE_CONFIG) config: ServiceConfig) {
    super();
    const connection = kafkaConnectionOf(config, 'agency-register');
    const name = `${config.serviceName}.agency-register`;
    this.deadLetters = new KafkaPublisher(connection);
    this.consumer = new EventConsumer({
      name,
      dataSource,
      subscription: new KafkaSubscription(connection, { groupId: consumerGroupOf(config, name), topics: [TOPICS.accountability] }),
      deadLetters: this.deadLetters,
      handle: async (event, context) => {
        await followAgencyRegister(event, context);
      },
      observer: platformMetrics().consumerObserver(name),
    });
  }
}

/** Records a register event in the copy; true when the event was one (of an agency's own stream). */
export async function followAgencyRegister(event: EventEnvelope, context: EventHandlerContext): Promise<boolean> {
  const registerEvent = toEvent(event);
  if (!isAgencyRegisterEvent(registerEvent)) return false;
  if (event.streamId !== agencyStreamId(registerEvent.data.agencyId)) return false;
  await recordAgencyRegisterEvent(context.manager, registerEvent, event.streamVersion);
  return true;
}
