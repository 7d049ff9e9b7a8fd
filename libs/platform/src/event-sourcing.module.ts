import { DynamicModule, Inject, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
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
import { ConfigurationError, ServiceConfig } from './service-config';
import { SERVICE_CONFIG } from './tokens';

export interface EventSourcingOptions {
  /** The topic the service's events are relayed to. */
  topic: string;
  contracts?: EventContracts;
}

/** The event store of a service and the relay that publishes its outbox to Kafka. */
@Module({})
export class EventSourcingModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
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
          provide: OutboxRelay,
          inject: [DataSource, SERVICE_CONFIG],
          useFactory: (dataSource: DataSource, config: ServiceConfig) =>
            new OutboxRelay({
              dataSource,
              publisher: new KafkaPublisher({ brokers: config.kafkaBrokers, clientId: `${config.serviceName}-relay` }),
            }),
        },
      ],
      exports: [PostgresEventStore, PersonalDataVault, OutboxRelay],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureTopics({ brokers: this.config.kafkaBrokers, clientId: `${this.config.serviceName}-admin` }, platformTopics()).catch(
      (error: unknown) => console.error(JSON.stringify({ level: 'warn', message: `topics not ensured yet: ${String(error)}` })),
    );
    this.relay.start();
  }

  /** SIGTERM: finish the batch in hand; whatever is left stays in the outbox for the next instance. */
  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
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
