import { bootstrapService } from '@palembang/platform';
import { WebhooksModule } from './webhooks.module';

void bootstrapService('webhooks', (config) => WebhooksModule.forConfig(config));
