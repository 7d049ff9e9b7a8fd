import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  ensureTopics,
  EventContracts,
  KafkaPublisher,
  masterKeyFromBase64,
  OutboxRelay,
  PersonalDataVault,
  platformTopics,
  PostgresEventStore,
} from '@palembang/events';
import { DataSource } from 'typeorm';
import { describeError } from './logging';
import { platformMetrics } from './metrics/platform-metrics';
import { ConfigurationError, ServiceConfig } from './service-config';
import { SERVICE_CONFIG } from './tokens';

export interface EventSourcingOptions {
  /** The topic the service's events are relayed to. */
  topic: string;
  contracts?: EventContracts;
}

/** How long SIGTERM waits for the relay to publish what is left in the outbox (within the pod's grace period). */
const OUTBOX_DRAIN_MS = 15_000;

/** The relay's Kafka producer, closed after the relay's last batch. */
const RELAY_PUBLISHER = Symbol('RELAY_PUBLISHER');

/** The event store of a service and the relay that publishes its outbox to Kafka. */
@Module({})
export class EventSourcingModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private unwatchOutbox?: () => void;

  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(RELAY_PUBLISHER) private readonly publisher: KafkaPublisher,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  static forService(options: EventSourcingOptions): DynamicModule {
    return {
      module: EventSourcingModule,
      providers: [
        { provide: PersonalDataVault, useFactory: () => new PersonalDataVault(readMasterKey()) },
        {
          provide: PostgresEventStore,
          inject: [DataSource, PersonalDataVault],
          useFactory: (dataSource: DataSource, vault: PersonalDataVault) =>
            new PostgresEventStore({ dataSource, vault, topic: options.topic, contracts: options.contracts }),
        },
        {
          provide: RELAY_PUBLISHER,
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => new KafkaPublisher({ brokers: config.kafkaBrokers, clientId: `${config.serviceName}-relay` }),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, RELAY_PUBLISHER],
          useFactory: (dataSource: DataSource, publisher: KafkaPublisher) => {
            const logger = new Logger('OutboxRelay');
            return new OutboxRelay({
              dataSource,
              publisher,
              onRelayed: platformMetrics().outboxRelayed,
              // Names and codes only: a failed query's message can quote event data.
              onError: (error) => logger.warn(`publishing the outbox failed, retrying: ${describeError(error)}`),
            });
          },
        },
      ],
      exports: [PostgresEventStore, PersonalDataVault, OutboxRelay],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureTopics({ brokers: this.config.kafkaBrokers, clientId: `${this.config.serviceName}-admin` }, platformTopics()).catch(
      (error: unknown) => this.logger.warn(`topics not ensured yet: ${describeError(error)}`),
    );
    this.unwatchOutbox = platformMetrics().watchOutbox(() => this.relay.backlog());
    this.relay.start();
  }

  /**
   * SIGTERM, after the HTTP server has finished its requests: the relay
   * publishes what is left in the outbox (bounded), then the producer closes.
   * Anything still left is published by the next leader.
   */
  async onApplicationShutdown(): Promise<void> {
    this.unwatchOutbox?.();
    await this.relay.stop({ drainWithinMs: OUTBOX_DRAIN_MS });
    const left = await this.relay.backlog().catch(() => undefined);
    if (left) this.logger.warn(`${left} event(s) left in the outbox for the next relay`);
    await this.publisher.close().catch((error: unknown) => this.logger.warn(`closing the Kafka producer failed: ${describeError(error)}`));
  }
}

function readMasterKey(): Buffer {
  const value = process.env.PERSONAL_DATA_KEY;
  if (!value) throw new ConfigurationError('PERSONAL_DATA_KEY is required but not set');
  try {
    return masterKeyFromBase64(value);
  } catch {
    throw new ConfigurationError('PERSONAL_DATA_KEY must be 32 random bytes, base64-encoded');
  }
}
