import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { EventConsumer, EventConsumerSettings, EventEnvelope, EventHandlerContext } from '@palembang/events';
import { isObservable, lastValueFrom } from 'rxjs';
import { platformMetrics } from './metrics/platform-metrics';

/** Handlers of every event type, whatever else matches. */
export const ANY_EVENT = '*';

/**
 * The libs/events consumer runtime as a NestJS transport: controllers declare
 * `@EventPattern('PermitIssued')` (or ANY_EVENT) handlers, receive the envelope
 * as payload and an EventHandlerContext as context, and write through
 * `context.manager` so their writes commit with the inbox row, before the
 * offset is committed. A handler that throws is retried, then dead-lettered.
 */
export class EventConsumerTransport extends Server implements CustomTransportStrategy {
  private consumer?: EventConsumer;

  constructor(private readonly options: EventConsumerSettings) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.consumer = new EventConsumer({
      observer: platformMetrics().consumerObserver(this.options.name),
      ...this.options,
      handle: (event, context) => this.dispatch(event, context),
    });
    this.consumer.start().then(() => callback(), callback);
  }

  /** Finishes the batch in hand, commits its offsets and leaves the group. */
  async close(): Promise<void> {
    await this.consumer?.stop();
  }

  on(): void {
    throw new Error('EventConsumerTransport emits no events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async dispatch(event: EventEnvelope, context: EventHandlerContext): Promise<void> {
    const handlers = [this.getHandlerByPattern(event.type), this.getHandlerByPattern(ANY_EVENT)].filter(
      (handler): handler is MessageHandler => handler !== null,
    );
    for (const handler of handlers) {
      const result = await handler(event, context);
      if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    }
  }
}
