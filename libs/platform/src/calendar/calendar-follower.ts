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
  /** A calendar event was recorded in the batch being handled: re-read the copy once it commits. */
  private recorded = false;

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
      handle: async (event, context) => {
        if (await followCalendar(event, context, config.calendarNamespace)) this.recorded = true;
      },
      observer: this.refreshingAfterCommit(platformMetrics().consumerObserver(name), calendar),
    });
  }

  /**
   * The metrics observer, plus a re-read of the copy once a batch with a calendar event
   * committed; the topic's other events (every permit application's) re-read nothing.
   */
  private refreshingAfterCommit(metrics: EventConsumerObserver, calendar: LiveWorkingDayCalendar): EventConsumerObserver {
    return {
      ...metrics,
      processed: (count) => {
        metrics.processed(count);
        if (!this.recorded) return;
        this.recorded = false;
        void calendar.refresh().catch(() => undefined);
      },
    };
  }
}

/** Records a calendar event of this platform in the copy; true when the event was one. */
export async function followCalendar(event: EventEnvelope, context: EventHandlerContext, namespace?: string): Promise<boolean> {
  if (!isCalendarYearStream(event.streamId, namespace)) return false;
  if (event.type !== 'CalendarYearPublished' && event.type !== 'CalendarYearAmended') return false;
  await recordCalendarEvent(context.manager, { type: event.type, data: event.data } as CalendarYearEvent, event.streamVersion);
  return true;
}
