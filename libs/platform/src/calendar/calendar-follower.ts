import { Inject, Injectable } from '@nestjs/common';
import { EventConsumer, EventConsumerObserver, EventEnvelope, EventHandlerContext, KafkaPublisher, KafkaSubscription, TOPICS } from '@palembang/events';
import { CalendarYearEvent, isCalendarYearStream } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { ConsumingService } from '../consuming-service';
import { consumerGroupOf, kafkaConnectionOf, ServiceConfig } from '../service-config';
import { SERVICE_CONFIG } from '../tokens';
import { platformMetrics } from '../metrics';
import { recordCalendarEvent } from './calendar-copy';
import { LiveWorkingDayCalendar } from './live-calendar';

/**
 * Keeps this service's copy of the working-day calendar from the calendar events
 * (hosted by the permits service, on its topic): inbox row and copy commit together,
 * then the live calendar re-reads the copy at once.
 */
@Injectable()
export class CalendarFollower extends ConsumingService {
  protected readonly consumer: EventConsumer;
  protected readonly deadLetters: KafkaPublisher;

  constructor(@Inject(DataSource) dataSource: DataSource, @Inject(SERVICE_CONFIG) config: ServiceConfig, @Inject(LiveWorkingDayCalendar) calendar: LiveWorkingDayCalendar) {
    super();
    const connection = kafkaConnectionOf(config, 'calendar');
    const name = `${config.serviceName}.calendar`;
    this.deadLetters = new KafkaPublisher(connection);
    this.consumer = new EventConsumer({
      name,
      dataSource,
      subscription: new KafkaSubscription(connection, { groupId: consumerGroupOf(config, name), topics: [TOPICS.permits] }),
      deadLetters: this.deadLetters,
      handle: (event, context) => followCalendar(event, context, config.calendarNamespace),
      observer: refreshingAfterCommit(platformMetrics().consumerObserver(name), calendar),
    });
  }
}

export async function followCalendar(event: EventEnvelope, context: EventHandlerContext, namespace?: string): Promise<void> {
  if (!isCalendarYearStream(event.streamId, namespace)) return;
  if (event.type !== 'CalendarYearPublished' && event.type !== 'CalendarYearAmended') return;
  await recordCalendarEvent(context.manager, { type: event.type, data: event.data } as CalendarYearEvent, event.streamVersion);
}

/** The metrics observer, plus a re-read of the copy once a batch committed (the refresh itself is cheap: a few rows). */
function refreshingAfterCommit(metrics: EventConsumerObserver, calendar: LiveWorkingDayCalendar): EventConsumerObserver {
  return {
    ...metrics,
    processed: (count) => {
      metrics.processed(count);
      if (count > 0) void calendar.refresh().catch(() => undefined);
    },
  };
}
