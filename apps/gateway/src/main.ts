import { withServiceOperations } from '@palembang/http';
import { bootstrapService } from '@palembang/platform';
import { SERVICE_OPERATIONS } from './forwarding/forwarded-operations';
import { GatewayModule } from './gateway.module';
import { CLIENT_BASIC_SCHEME } from './oauth/token.controller';
import { XAPI_BASIC_SCHEME } from './xapi/xapi.controller';

void bootstrapService('gateway', (config) => GatewayModule.forConfig(config), {
  document: (builder) =>
    builder
      .addBasicAuth({ type: 'http', scheme: 'basic', description: 'Client authentication at the token endpoint: client id and secret' }, CLIENT_BASIC_SCHEME)
      .addBasicAuth({ type: 'http', scheme: 'basic', description: "An xAPI credential of a learning-management system's client (POST /v1/admin/clients/{clientId}/xapi-credentials; training:read, training:write); never the OAuth secret" }, XAPI_BASIC_SCHEME),
  // The services' operations as they document them, with what the gateway adds (its 401, 413, 429).
  extendDocument: (document) => withServiceOperations(document, SERVICE_OPERATIONS),
});
