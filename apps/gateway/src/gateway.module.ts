import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule, TokenVerifier } from '@palembang/auth';
import { PlatformModule, ServiceConfig } from '@palembang/platform';
import { ClientsController } from './admin/clients.controller';
import { SigningKeysController } from './admin/signing-keys.controller';
import { GATEWAY_CONFIG, GatewayConfig, readGatewayConfig } from './gateway-config';
import { JwksController } from './oauth/jwks.controller';
import { OAuthClientStore } from './oauth/oauth-client.store';
import { GatewayOAuthSchema1764375000000 } from './oauth/oauth-schema.migration';
import { OAuthStartup } from './oauth/oauth-startup';
import { SigningKeyStore } from './oauth/signing-key.store';
import { TokenController } from './oauth/token.controller';

/** The gateway's OAuth state: its clients and signing keys. */
@Module({ providers: [SigningKeyStore, OAuthClientStore], exports: [SigningKeyStore, OAuthClientStore] })
export class OAuthStoresModule {}

@Module({})
export class GatewayModule {
  static forConfig(config: ServiceConfig): DynamicModule {
    const gateway = readGatewayConfig(config);
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forService({ config, migrations: [GatewayOAuthSchema1764375000000] }),
        OAuthStoresModule,
        // The admin API accepts tokens of this gateway, verified against its own keys.
        AuthModule.forVerifier({
          imports: [OAuthStoresModule],
          inject: [SigningKeyStore],
          useFactory: (keys: SigningKeyStore) => new TokenVerifier({ issuer: gateway.issuer, audience: gateway.audience, keys }),
        }),
      ],
      controllers: [TokenController, JwksController, ClientsController, SigningKeysController],
      providers: [{ provide: GATEWAY_CONFIG, useValue: gateway satisfies GatewayConfig }, OAuthStartup],
    };
  }
}
