import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { createDataSource } from '@palembang/events';
import { HTTP_IDEMPOTENCY_MIGRATIONS, IdempotencyInterceptor } from '@palembang/http';
import { DataSource, MixedList } from 'typeorm';
import { HEALTH_CHECKS, HealthController } from './health.controller';
import { migrateSchema, SERVICE_MIGRATIONS, verifySchemaCurrent } from './migrations';
import { ServiceConfig } from './service-config';
import { SERVICE_CONFIG } from './tokens';

export interface PlatformModuleOptions {
  config: ServiceConfig;
  /** The service's own migrations, run after the event store's. */
  migrations?: MixedList<Function>;
}

/**
 * What every service has: its configuration, its own database (with the
 * idempotency table), and health probes. The schema comes from the migrate
 * command; at start-up the database is only checked to be current, unless
 * the configuration says to migrate (MIGRATIONS=run).
 */
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forService(options: PlatformModuleOptions): DynamicModule {
    const migrations: Function[] = [...HTTP_IDEMPOTENCY_MIGRATIONS, ...((options.migrations as Function[] | undefined) ?? [])];
    return {
      module: PlatformModule,
      global: true,
      imports: [HEALTH_CHECKS],
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: options.config },
        { provide: SERVICE_MIGRATIONS, useValue: migrations },
        {
          provide: DataSource,
          useFactory: async () => {
            const dataSource = createDataSource({ url: options.config.databaseUrl, migrations, applicationName: options.config.serviceName });
            await dataSource.initialize();
            try {
              if ((options.config.migrations ?? 'run') === 'run') await migrateSchema(dataSource);
              else await verifySchemaCurrent(dataSource);
            } catch (error) {
              await dataSource.destroy();
              throw error;
            }
            return dataSource;
          },
        },
        IdempotencyInterceptor,
      ],
      exports: [SERVICE_CONFIG, SERVICE_MIGRATIONS, DataSource, IdempotencyInterceptor],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
