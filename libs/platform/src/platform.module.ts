import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { connectAndMigrate, createDataSource } from '@palembang/events';
import { HttpIdempotencySchema1764374500000, IdempotencyInterceptor } from '@palembang/http';
import { DataSource, MixedList } from 'typeorm';
import { HealthController } from './health.controller';
import { ServiceConfig } from './service-config';
import { SERVICE_CONFIG } from './tokens';

export interface PlatformModuleOptions {
  config: ServiceConfig;
  /** The service's own migrations, run after the event store's. */
  migrations?: MixedList<Function>;
}

/** What every service has: its configuration, its own migrated database (with the idempotency table), and health probes. */
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forService(options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: options.config },
        {
          provide: DataSource,
          useFactory: () =>
            connectAndMigrate(
              createDataSource({
                url: options.config.databaseUrl,
                migrations: [HttpIdempotencySchema1764374500000, ...((options.migrations as Function[] | undefined) ?? [])],
                applicationName: options.config.serviceName,
              }),
            ),
        },
        IdempotencyInterceptor,
      ],
      exports: [SERVICE_CONFIG, DataSource, IdempotencyInterceptor],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
