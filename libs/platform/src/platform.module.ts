import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { connectAndMigrate, createDataSource } from '@palembang/events';
import { DataSource, MixedList } from 'typeorm';
import { HealthController } from './health.controller';
import { ServiceConfig } from './service-config';
import { SERVICE_CONFIG } from './tokens';

export interface PlatformModuleOptions {
  config: ServiceConfig;
  /** The service's own migrations, run after the event store's. */
  migrations?: MixedList<Function>;
}

/** What every service has: its configuration, its own migrated database, and health probes. */
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
              createDataSource({ url: options.config.databaseUrl, migrations: options.migrations, applicationName: options.config.serviceName }),
            ),
        },
      ],
      exports: [SERVICE_CONFIG, DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
