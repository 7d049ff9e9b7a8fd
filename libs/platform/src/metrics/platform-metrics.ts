import { Logger } from '@nestjs/common';
import { ConsumerStatus, EventConsumerObserver, PartitionLag } from '@palembang/events';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { describeError } from '../logging';

const consumerLogger = new Logger('EventConsumer');

/** A scrape waits this long for the consumer groups' offsets, then reports what it last knew. */
const LAG_SCRAPE_TIMEOUT_MS = 2_000;

/** What the metrics read from a running consumer (EventConsumer is one). */
export interface WatchedConsumer {
  readonly name: string;
  status(): ConsumerStatus;
  lag(): Promise<{ group: string; partitions: PartitionLag[] }> | undefined;
}

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
  private readonly leftOut: Counter;
  private readonly consumerProcessed: Counter<'consumer'>;
  private readonly consumerFailed: Counter<'consumer'>;
  private readonly consumerDeadLettered: Counter<'consumer'>;
  private readonly consumerStartFailed: Counter<'consumer'>;
  private readonly consumerCrashed: Counter<'consumer' | 'restarting'>;
  private readonly outboxBacklogs: Array<() => Promise<number>> = [];
  private readonly consumers = new Set<WatchedConsumer>();
  /** The last lag read per consumer, kept while a scrape cannot read it (Kafka down, a timeout). */
  private readonly lastLag = new Map<WatchedConsumer, { group: string; partitions: PartitionLag[] }>();

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
    this.leftOut = new Counter({
      name: 'outbox_events_left_out_total',
      help: 'Events the broker refused on their own as too large: kept in the event store, never published, so their consumers never see them',
      registers,
    });
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
      help: 'Failures of a running consumer (it rejoins with backoff); restarting="false" when it was stopping anyway',
      labelNames: ['consumer', 'restarting'],
      registers,
    });
    const consumers = this.consumers;
    new Gauge({
      name: 'event_consumer_up',
      help: 'Whether the consumer consumes (1) or not (0: joining, reconnecting, stopped)',
      labelNames: ['consumer', 'state'],
      registers,
      collect() {
        this.reset();
        for (const consumer of consumers) {
          const { state } = consumer.status();
          this.set({ consumer: consumer.name, state }, state === 'consuming' ? 1 : 0);
        }
      },
    });
    const lastLag = this.lastLag;
    new Gauge({
      name: 'event_consumer_lag_messages',
      help: 'Messages of a partition the consumer group has not committed yet (end of the log minus the committed offset)',
      labelNames: ['consumer', 'group', 'topic', 'partition'],
      registers,
      async collect() {
        await Promise.all([...consumers].map(async (consumer) => {
          const lag = await withTimeout(consumer.lag(), LAG_SCRAPE_TIMEOUT_MS);
          if (lag) lastLag.set(consumer, lag);
        }));
        this.reset();
        for (const [consumer, { group, partitions }] of lastLag) {
          for (const { topic, partition, lag } of partitions) this.set({ consumer: consumer.name, group, topic, partition: String(partition) }, lag);
        }
      },
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

  /** The OutboxRelay `onTooLarge` hook (the alert OutboxEventLeftOut reads it). */
  readonly outboxLeftOut = (): void => this.leftOut.inc();

  /** Reports the outbox backlog on every scrape, until the returned function is called. */
  watchOutbox(backlog: () => Promise<number>): () => void {
    this.outboxBacklogs.push(backlog);
    return () => {
      const index = this.outboxBacklogs.indexOf(backlog);
      if (index >= 0) this.outboxBacklogs.splice(index, 1);
    };
  }

  /** Reports the consumer's state and its group's lag on every scrape, until the returned function is called. */
  watchConsumer(consumer: WatchedConsumer): () => void {
    this.consumers.add(consumer);
    return () => {
      this.consumers.delete(consumer);
      this.lastLag.delete(consumer);
    };
  }

  /**
   * The EventConsumer `observer` of the consumer named `consumer`. Every attempt is
   * counted; only changes of state are logged (lost once, resumed once), so an outage
   * of the broker reads as two lines per consumer however many attempts it took.
   */
  consumerObserver(consumer: string): EventConsumerObserver {
    return {
      processed: (count) => count > 0 && this.consumerProcessed.inc({ consumer }, count),
      failed: () => this.consumerFailed.inc({ consumer }),
      deadLettered: () => this.consumerDeadLettered.inc({ consumer }),
      startFailed: () => this.consumerStartFailed.inc({ consumer }),
      crashed: (_error, restarting) => this.consumerCrashed.inc({ consumer, restarting: String(restarting) }),
      lost: (error, state) =>
        consumerLogger.warn(
          state === 'reconnecting'
            ? `${consumer} lost Kafka, retrying: ${describeError(rootCause(error))}`
            : `${consumer} cannot join its consumer group yet, retrying: ${describeError(rootCause(error))}`,
        ),
      resumed: (downForMs) => consumerLogger.log(`${consumer} consuming again after ${(downForMs / 1000).toFixed(1)} s`),
    };
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** Kafka client errors wrap their cause (a retry that gave up, around the refused connection): name the cause. */
function rootCause(error: unknown): unknown {
  let cause = error;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  return cause;
}

/** The value, or undefined when it fails or takes longer than `ms`. */
async function withTimeout<T>(promise: Promise<T> | undefined, ms: number): Promise<T | undefined> {
  if (!promise) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms).unref()));
  try {
    return await Promise.race([promise.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

let processMetrics: PlatformMetrics | undefined;

/** The process's metrics: one registry per process, as Prometheus scrapes processes. */
export function platformMetrics(): PlatformMetrics {
  processMetrics ??= new PlatformMetrics();
  return processMetrics;
}
