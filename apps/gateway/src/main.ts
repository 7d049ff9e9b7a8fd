import { bootstrapService } from '@palembang/platform';
import { GatewayModule } from './gateway.module';

void bootstrapService('gateway', (config) => GatewayModule.forConfig(config));
