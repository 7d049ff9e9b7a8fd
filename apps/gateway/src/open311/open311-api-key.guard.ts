import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AuthenticatedRequest, hasScope, issueAccessToken } from '@palembang/auth';
import { problem, ProblemException } from '@palembang/http';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';
import { OAuthClientStore } from '../oauth/oauth-client.store';
import { SigningKeyStore } from '../oauth/signing-key.store';

/** The scope an Open311 client's api_key must carry to file requests. */
export const OPEN311_WRITE_SCOPE = 'complaints:write';
/** Just long enough for the forwarded call. */
const FORWARDED_TOKEN_TTL_SECONDS = 60;

/**
 * Open311 clients authenticate with `api_key` (GeoReport v2): here it is a
 * platform client's id and secret joined by a colon, checked like the token
 * endpoint checks them. A valid key becomes a short-lived access token for the
 * complaints service, which verifies it like any other; the key itself goes no
 * further. A missing or bad key, or a client without complaints:write, is a 403.
 */
@Injectable()
export class Open311ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(OAuthClientStore) private readonly clients: OAuthClientStore,
    @Inject(SigningKeyStore) private readonly keys: SigningKeyStore,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { body?: Record<string, unknown> }>();
    const apiKey = request.body?.api_key;
    if (request.body) delete request.body.api_key;
    const separator = typeof apiKey === 'string' ? apiKey.indexOf(':') : -1;
    if (typeof apiKey !== 'string' || separator < 1 || apiKey.length > 512) throw badKey('api_key is missing or not of the form client_id:client_secret');
    const client = await this.clients.authenticate(apiKey.slice(0, separator), apiKey.slice(separator + 1));
    if (!client) throw badKey('api_key is not valid');
    const principal = { clientId: client.clientId, agencyId: client.agencyId, scopes: client.scopes };
    if (!hasScope(principal, OPEN311_WRITE_SCOPE)) throw badKey(`this api_key may not file requests (needs ${OPEN311_WRITE_SCOPE})`);
    const { token } = issueAccessToken({ ...principal, scopes: [OPEN311_WRITE_SCOPE] }, await this.keys.activeKey(), {
      issuer: this.config.issuer,
      audience: this.config.audience,
      ttlSeconds: FORWARDED_TOKEN_TTL_SECONDS,
    });
    request.principal = principal;
    request.headers.authorization = `Bearer ${token}`;
    return true;
  }
}

function badKey(detail: string): ProblemException {
  return new ProblemException(problem(403, { code: 'OPEN311.BAD_API_KEY', detail }));
}
