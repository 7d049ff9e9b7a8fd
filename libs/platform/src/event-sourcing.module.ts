import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  ensureTopics,
  EventContract,
  EventChainKeys,
  EventContracts,
  KafkaPublishedLog,
  KafkaPublisher,
  masterKeyFromBase64,
  OutboxRelay,
  PersonalDataVault,
  platformTopics,
  PostgresEventStore,
} from '@palembang/events';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CommandRunner } from './commands/command-runner';
import { readEventChainKeys, reportUnkeyedEventsAtStart } from './event-chain';
import { describeError } from './logging';
import { platformMetrics } from './metrics/platform-metrics';
import { consumerGroupOf, kafkaConnectionOf, readKeyVariable, ServiceConfig } from './service-config';
import { SERVICE_CONFIG } from './tokens';

export interface EventSourcingOptions {
  /** The topic the service's events are relayed to. */
  topic: string;
  contracts?: EventContracts;
  /**
   * false: the service keeps no personal data (accountability), so it gets no
   * PERSONAL_DATA_KEY at all; an event whose contract names personal fields is
   * refused instead of being sealed.
   */
  personalData?: boolean;
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
        { provide: PersonalDataVault, useFactory: () => (options.personalData === false ? new NoPersonalDataVault() : new PersonalDataVault(readMasterKey())) },
        // Read before anything connects, like the personal-data key: a missing key is a configuration error (exit 78).
        { provide: EventChainKeys, useFactory: readEventChainKeys },
        {
          provide: PostgresEventStore,
          inject: [DataSource, PersonalDataVault, EventChainKeys],
          useFactory: async (dataSource: DataSource, vault: PersonalDataVault, chainKeys: EventChainKeys) => {
            const store = new PostgresEventStore({ dataSource, vault, chainKeys, topic: options.topic, contracts: options.contracts });
            await reportUnkeyedEventsAtStart(store);
            return store;
          },
        },
        {
          provide: RELAY_PUBLISHER,
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => new KafkaPublisher(kafkaConnectionOf(config, 'relay')),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, RELAY_PUBLISHER, SERVICE_CONFIG],
          useFactory: (dataSource: DataSource, publisher: KafkaPublisher, config: ServiceConfig) => {
            const logger = new Logger('OutboxRelay');
            return new OutboxRelay({
              dataSource,
              publisher,
              // After a crash, what Kafka already holds is not published again (read with a group of the service's own prefix).
              publishedLog: new KafkaPublishedLog(kafkaConnectionOf(config, 'relay'), consumerGroupOf(config, `${config.serviceName}.relay-reconcile`)),
              onRelayed: platformMetrics().outboxRelayed,
              onTooLarge: (event) => {
                platformMetrics().outboxLeftOut();
                logger.error(`event ${event.eventId} (${event.type}, ${event.bytes} bytes) is larger than the broker takes: kept in the event store, not published`);
              },
              // Names and codes only: a failed query's message can quote event data.
              onError: (error) => logger.warn(`publishing the outbox failed, retrying: ${describeError(error)}`),
            });
          },
        },
        CommandRunner,
      ],
      exports: [PostgresEventStore, PersonalDataVault, OutboxRelay, CommandRunner],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    // TOPIC_REPLICATION_FACTOR (and TOPIC_MIN_INSYNC_REPLICAS, 2 from three replicas on) for topics this service creates.
    await ensureTopics(kafkaConnectionOf(this.config, 'admin'), platformTopics(), this.config.topicReplication ?? {}).catch(
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

/**
 * The vault of a service that holds no personal data: nothing is ever sealed
 * with it (an event with personal fields is refused), so its master key is a
 * throwaway one that never wraps a subject key.
 */
class NoPersonalDataVault extends PersonalDataVault {
  constructor() {
    super(randomBytes(32));
  }

  override async seal(manager: EntityManager, contract: EventContract | undefined, data: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (contract?.personalData) throw new Error(`${contract.type} has personal fields, but this service keeps no personal data (no PERSONAL_DATA_KEY)`);
    return super.seal(manager, contract, data);
  }

  override sealWithoutLookup(...[contract, data, agencyId, uses]: Parameters<PersonalDataVault['sealWithoutLookup']>): Record<string, unknown> {
    if (contract?.personalData) throw new Error(`${contract.type} has personal fields, but this service keeps no personal data (no PERSONAL_DATA_KEY)`);
    return super.sealWithoutLookup(contract, data, agencyId, uses);
  }
}

function readMasterKey(): Buffer {
  return readKeyVariable('PERSONAL_DATA_KEY', masterKeyFromBase64, '32 random bytes, base64-encoded');
}
