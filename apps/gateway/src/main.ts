import { bootstrapService } from '@palembang/platform';
import { GatewayModule } from './gateway.module';
import { CLIENT_BASIC_SCHEME } from './oauth/token.controller';

void bootstrapService('gateway', (config) => GatewayModule.forConfig(config), {
  document: (builder) =>
    builder.addBasicAuth({ type: 'http', scheme: 'basic', description: 'Client authentication at the token endpoint: client id and secret' }, CLIENT_BASIC_SCHEME),
});
