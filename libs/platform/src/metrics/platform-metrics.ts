import { Logger } from '@nestjs/common';
import { EventConsumerObserver } from '@palembang/events';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describeError } from '../logging';

const consumerLogger = new Logger('EventConsumer');

/**
 * The Prometheus metrics of a service process, in one registry: Node's process
 * defaults, HTTP requests, the outbox and the event consumers. The runtime
 * pieces report through hooks (OutboxRelay `onRelayed`, EventConsumer
 * `observer`) wired here once, so no service counts anything itself.
 */
export class PlatformMetrics {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly relayed: Counter;
  private readonly consumerProcessed: Counter<'consumer'>;
  private readonly consumerFailed: Counter<'consumer'>;
  private readonly consumerDeadLettered: Counter<'consumer'>;
  private readonly consumerStartFailed: Counter<'consumer'>;
  private readonly consumerCrashed: Counter<'consumer' | 'restarting'>;
  private readonly outboxBacklogs: Array<() => Promise<number>> = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving an HTTP request to finishing its answer',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const backlogs = this.outboxBacklogs;
    new Gauge({
      name: 'outbox_pending_events',
      help: 'Events in the outbox not yet published to Kafka',
      registers,
      async collect() {
        if (backlogs.length === 0) return;
        // A scrape while the database is down keeps the last value rather than failing.
        const counts = await Promise.all(backlogs.map((backlog) => backlog().catch(() => undefined)));
        if (counts.every((count) => count !== undefined)) this.set(counts.reduce((sum, count) => sum + (count ?? 0), 0));
      },
    });
    this.relayed = new Counter({ name: 'outbox_relayed_events_total', help: 'Events published to Kafka and removed from the outbox by this process', registers });
    this.consumerProcessed = new Counter({
      name: 'event_consumer_processed_total',
      help: 'Events whose handler ran and committed (redeliveries skipped by the inbox are not counted)',
      labelNames: ['consumer'],
      registers,
    });
    this.consumerFailed = new Counter({
      name: 'event_consumer_failed_attempts_total',
      help: 'Failed attempts at handling a message (retried, then dead-lettered)',
      labelNames: ['consumer'],
      registers,
    });
    this.consumerDeadLettered = new Counter({
      name: 'event_consumer_dead_lettered_total',
      help: 'Messages moved to the dead-letter topic',
      labelNames: ['consumer'],
      registers,
    });
    this.consumerStartFailed = new Counter({
      name: 'event_consumer_start_failures_total',
      help: 'Failed attempts at joining the consumer group (Kafka unreachable, a topic missing); retried with backoff',
      labelNames: ['consumer'],
      registers,
    });
    this.consumerCrashed = new Counter({
      name: 'event_consumer_crashes_total',
      help: 'Failures of a running consumer; restarting="false" means it stopped consuming until the service restarts',
      labelNames: ['consumer', 'restarting'],
      registers,
    });
  }

  /** `route` is the route pattern (`/v1/permit-applications/:id`), never the path: paths carry ids. */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  /** The OutboxRelay `onRelayed` hook. */
  readonly outboxRelayed = (count: number): void => this.relayed.inc(count);

  /** Reports the outbox backlog on every scrape, until the returned function is called. */
  watchOutbox(backlog: () => Promise<number>): () => void {
    this.outboxBacklogs.push(backlog);
    return () => {
      const index = this.outboxBacklogs.indexOf(backlog);
      if (index >= 0) this.outboxBacklogs.splice(index, 1);
    };
  }

  /** The EventConsumer `observer` of the consumer named `consumer`. */
  consumerObserver(consumer: string): EventConsumerObserver {
    return {
      processed: (count) => count > 0 && this.consumerProcessed.inc({ consumer }, count),
      failed: () => this.consumerFailed.inc({ consumer }),
      deadLettered: () => this.consumerDeadLettered.inc({ consumer }),
      startFailed: (error, retryInMs) => {
        this.consumerStartFailed.inc({ consumer });
        consumerLogger.warn(`${consumer} could not join its consumer group yet, retrying in ${retryInMs} ms: ${describeError(error)}`);
      },
      crashed: (error, restarting) => {
        this.consumerCrashed.inc({ consumer, restarting: String(restarting) });
        if (restarting) consumerLogger.warn(`${consumer} failed and restarts: ${describeError(error)}`);
        else consumerLogger.error(`${consumer} failed and stopped consuming; restart the service: ${describeError(error)}`);
      },
    };
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

let processMetrics: PlatformMetrics | undefined;

/** The process's metrics: one registry per process, as Prometheus scrapes processes. */
export function platformMetrics(): PlatformMetrics {
  processMetrics ??= new PlatformMetrics();
  return processMetrics;
}
