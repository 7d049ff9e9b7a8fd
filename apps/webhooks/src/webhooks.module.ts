import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@palembang/auth';
import { PlatformModule, ServiceConfig } from '@palembang/platform';
import { DeliveryOutboxConsumer } from './deliveries/delivery-outbox.consumer';
import { DeliveryWorker } from './deliveries/delivery-worker';
import { SubscriptionsController } from './subscriptions/http/subscriptions.controller';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import { WebhookTables1797100000000 } from './subscriptions/subscriptions.migration';
import { readWebhooksConfig, WEBHOOKS_SETTINGS, WebhooksSettings } from './webhooks-config';

@Module({})
export class WebhooksModule {
  /** `env` (the process's when omitted) is read by readWebhooksConfig; `overrides` let tests follow topics of their own and retry sooner. */
  static forConfig(config: ServiceConfig, env?: NodeJS.ProcessEnv, overrides: Partial<WebhooksSettings> = {}): DynamicModule {
    const { gatewayAuth, settings } = readWebhooksConfig(env, overrides);
    return {
      module: WebhooksModule,
      imports: [PlatformModule.forService({ config, migrations: [WebhookTables1797100000000] }), AuthModule.forJwks(gatewayAuth)],
      controllers: [SubscriptionsController],
      providers: [{ provide: WEBHOOKS_SETTINGS, useValue: settings }, SubscriptionsService, DeliveryWorker, DeliveryOutboxConsumer],
    };
  }
}
