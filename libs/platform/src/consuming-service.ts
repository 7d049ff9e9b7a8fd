import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConsumerStatus, EventConsumer, KafkaPublisher } from '@palembang/events';
import { describeError } from './logging';
import { platformMetrics } from './metrics/platform-metrics';

/** How often each consuming service prunes its inbox past the retention (a year and more: hourly is plenty). */
const INBOX_PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * A service part that consumes events for as long as the service runs. It
 * joins after start-up without holding the HTTP API back (the consumer keeps
 * trying until Kafka and its topics are there, and says so in the logs and
 * metrics) and leaves its group on shutdown. While it runs, its state and its
 * group's lag are in the metrics, its state in /health/ready (HealthController
 * finds every ConsumingService of the application), and its inbox rows past
 * the retention are pruned every hour. Subclasses only build the consumer and
 * its dead-letter publisher.
 */
export abstract class ConsumingService implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly consumer: EventConsumer;
  protected abstract readonly deadLetters: KafkaPublisher;
  private readonly lifecycleLogger = new Logger(this.constructor.name);
  private unwatch?: () => void;
  private pruning?: NodeJS.Timeout;

  onApplicationBootstrap(): void {
    this.unwatch = platformMetrics().watchConsumer(this.consumer);
    this.pruning = setInterval(() => void this.pruneInbox(), INBOX_PRUNE_INTERVAL_MS).unref();
    void this.consumer.start().catch((error: unknown) => this.lifecycleLogger.error(`stopped consuming: ${describeError(error)}`));
  }

  /** Whether the consumer consumes, for readiness. */
  consumerStatus(): ConsumerStatus {
    return this.consumer.status();
  }

  /** Stops joining or consuming (the consumer bounds its wait for a join in flight), then closes the dead-letter producer. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.pruning);
    this.unwatch?.();
    await this.consumer.stop();
    await this.deadLetters.close();
  }

  private async pruneInbox(): Promise<void> {
    try {
      const pruned = await this.consumer.pruneInbox();
      if (pruned > 0) this.lifecycleLogger.log(`pruned ${pruned} inbox rows of ${this.consumer.name} past the retention`);
    } catch (error) {
      this.lifecycleLogger.warn(`could not prune the inbox of ${this.consumer.name} (tried again in an hour): ${describeError(error)}`);
    }
  }
}
