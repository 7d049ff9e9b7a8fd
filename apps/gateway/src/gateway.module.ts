import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AuthModule, TokenVerifier } from '@palembang/auth';
import { PlatformModule, ServiceConfig } from '@palembang/platform';
import { GatewayAdminAuditSchema1764910000000 } from './admin/admin-audit.migration';
import { GatewayWebhookScopes1797200000000 } from './admin/webhook-scopes.migration';
import { ClientsController } from './admin/clients.controller';
import { RegisteredAgencyCheck } from './admin/registered-agency.check';
import { CallAuditMiddleware } from './audit/call-audit.middleware';
import { GatewayAuditLog } from './audit/gateway-audit.log';
import { GatewayAuditRetention } from './audit/gateway-audit.retention';
import { GatewayAuditSchema1764400000000 } from './audit/gateway-audit.migration';
import { IdempotencyHandOffMiddleware } from './forwarding/idempotency-hand-off.middleware';
import { RateLimitGuard } from './forwarding/rate-limit.guard';
import { ServiceProxy } from './forwarding/service-proxy';
import { SigningKeysController } from './admin/signing-keys.controller';
import { GATEWAY_CONFIG, GatewayConfig, readGatewayConfig } from './gateway-config';
import { ClientRevocations } from './oauth/client-revocations';
import { JwksController } from './oauth/jwks.controller';
import { OAuthClientStore } from './oauth/oauth-client.store';
import { GatewayOAuthSchema1764375000000 } from './oauth/oauth-schema.migration';
import { OAuthStartup } from './oauth/oauth-startup';
import { SigningKeyStore } from './oauth/signing-key.store';
import { TokenController } from './oauth/token.controller';
import { AuditStreamsController } from './forwarding/audit-streams.controller';
import { CredentialExchange } from './credentials/credential-exchange';
import { ApiCredentialsController } from './admin/api-credentials.controller';
import { AsyncApiController } from './asyncapi/asyncapi.controller';
import { ApiCredentialStore } from './credentials/api-credential.store';
import { GatewayApiCredentials1764900000000 } from './credentials/api-credentials.migration';
import { CredentialCheck } from './credentials/credential-check';
import { LoginFailureLog } from './credentials/login-failure.log';
import { ClientAddressSetup } from './forwarding/client-address';
import { DashboardController } from './dashboard/dashboard.controller';
import { TrackingPageController } from './tracking/tracking-page.controller';
import { Open311ApiKeyGuard } from './open311/open311-api-key.guard';
import { Open311Controller } from './open311/open311.controller';
import { XapiBasicAuthGuard } from './xapi/xapi-basic-auth.guard';
import { XapiController } from './xapi/xapi.controller';
import { XapiDocumentsController } from './xapi/xapi-documents.controller';
import { forwardingControllerFor, SERVICE_OPERATIONS } from './forwarding/forwarded-operations';

/** Every service operation the gateway publishes, routed by the table merged from the services' documents. */
const ForwardedOperationsController = forwardingControllerFor(SERVICE_OPERATIONS.routes);
/**
 * Routes the gateway forwards but declares itself: stream verification picks its service by the
 * stream id; Open311 (api_key, XML) and xAPI (Basic authentication) speak their standards' own terms.
 */
const FORWARDING_CONTROLLERS = [AuditStreamsController, Open311Controller, XapiController, XapiDocumentsController, ForwardedOperationsController];

/** The gateway's OAuth state: its clients and signing keys, and the configuration they read. */
@Module({})
export class OAuthStoresModule {
  static forConfig(gateway: GatewayConfig): DynamicModule {
    const config = { provide: GATEWAY_CONFIG, useValue: gateway };
    const providers = [config, SigningKeyStore, OAuthClientStore, ClientRevocations];
    return { module: OAuthStoresModule, providers, exports: providers };
  }
}

@Module({})
export class GatewayModule implements NestModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    const gateway = readGatewayConfig(config);
    // One module instance for both importers: one key cache.
    const stores = OAuthStoresModule.forConfig(gateway);
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forService({ config, migrations: [GatewayOAuthSchema1764375000000, GatewayAuditSchema1764400000000, GatewayApiCredentials1764900000000, GatewayAdminAuditSchema1764910000000, GatewayWebhookScopes1797200000000] }),
        stores,
        // The gateway accepts tokens of its own, verified against its own keys and revocations.
        AuthModule.forVerifier({
          imports: [stores],
          inject: [SigningKeyStore, ClientRevocations],
          useFactory: (keys: SigningKeyStore, revocations: ClientRevocations) =>
            new TokenVerifier({ issuer: gateway.issuer, audience: gateway.audience, keys, revocations, maxLifetimeSeconds: gateway.tokenTtlSeconds, verifiedTokenCacheSize: gateway.tokenCacheSize }),
        }),
      ],
      controllers: [TokenController, JwksController, AsyncApiController, ClientsController, ApiCredentialsController, SigningKeysController, DashboardController, TrackingPageController, ...FORWARDING_CONTROLLERS],
      providers: [OAuthStartup, ServiceProxy, RegisteredAgencyCheck, RateLimitGuard, Open311ApiKeyGuard, XapiBasicAuthGuard, CredentialExchange, ApiCredentialStore, CredentialCheck, LoginFailureLog, ClientAddressSetup, GatewayAuditLog, GatewayAuditRetention, CallAuditMiddleware],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(IdempotencyHandOffMiddleware).forRoutes(...FORWARDING_CONTROLLERS);
  }
}
