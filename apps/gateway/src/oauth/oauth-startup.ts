import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { KNOWN_SCOPES } from '@palembang/auth';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';
import { OAuthClientStore } from './oauth-client.store';
import { SigningKeyStore } from './signing-key.store';

export const BOOTSTRAP_ADMIN_CLIENT_ID = 'bootstrap-admin';
export const BOOTSTRAP_ADMIN_AGENCY = 'pemkot-palembang';
/** The actor the admin audit names for what the gateway does by itself. */
const GATEWAY_ACTOR = { clientId: 'gateway', agencyId: BOOTSTRAP_ADMIN_AGENCY, scopes: KNOWN_SCOPES };

/**
 * Before the gateway takes requests: a signing key is active, and on a fresh
 * installation with GATEWAY_BOOTSTRAP_ADMIN_SECRET set, the first admin client exists.
 * It holds every scope: an admin grants and manages only scopes it holds itself.
 */
@Injectable()
export class OAuthStartup implements OnApplicationBootstrap {
  private readonly logger = new Logger('OAuth');

  constructor(
    @Inject(SigningKeyStore) private readonly keys: SigningKeyStore,
    @Inject(OAuthClientStore) private readonly clients: OAuthClientStore,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.keys.ensureActiveKey();
    const secret = this.config.bootstrapAdminSecret;
    if (secret === undefined || (await this.clients.hasActiveAdmin())) return;
    const created = await this.clients.create(
      { clientId: BOOTSTRAP_ADMIN_CLIENT_ID, name: 'Bootstrap administrator', agencyId: BOOTSTRAP_ADMIN_AGENCY, scopes: [...KNOWN_SCOPES], secret },
      GATEWAY_ACTOR,
    );
    if (created) this.logger.log(`created the admin client ${BOOTSTRAP_ADMIN_CLIENT_ID} from GATEWAY_BOOTSTRAP_ADMIN_SECRET`);
  }
}
