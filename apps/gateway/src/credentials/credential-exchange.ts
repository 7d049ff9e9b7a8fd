import { Inject, Injectable } from '@nestjs/common';
import { AuthenticatedRequest, AuthPrincipal, hasScope, issueAccessToken } from '@palembang/auth';
import { problem, ProblemException } from '@palembang/http';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';
import { OAuthClientStore } from '../oauth/oauth-client.store';
import { SigningKeyStore } from '../oauth/signing-key.store';

/** Just long enough for the forwarded call. */
const FORWARDED_TOKEN_TTL_SECONDS = 60;

/**
 * For protocols whose clients send their credentials with every call instead
 * of a bearer token (Open311's api_key, xAPI's HTTP Basic): the client id and
 * secret are checked like the token endpoint checks them, and the call goes
 * on to the service with a short-lived token for the one scope it needs. The
 * secret itself goes no further. Failures are 401 or 403 problems that the
 * shared filter renders in the protocol's own error format.
 */
@Injectable()
export class CredentialExchange {
  constructor(
    @Inject(OAuthClientStore) private readonly clients: OAuthClientStore,
    @Inject(SigningKeyStore) private readonly keys: SigningKeyStore,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Authenticates the client, requires `scope`, and sets the principal and a bearer token on the request. */
  async exchange(request: AuthenticatedRequest, credentials: { clientId: string; clientSecret: string } | undefined, scope: string, status: 401 | 403): Promise<AuthPrincipal> {
    if (!credentials) throw refused(status, 'credentials are missing');
    const client = await this.clients.authenticate(credentials.clientId, credentials.clientSecret);
    if (!client) throw refused(status, 'the credentials are not valid');
    const principal = { clientId: client.clientId, agencyId: client.agencyId, scopes: client.scopes };
    if (!hasScope(principal, scope)) throw new ProblemException(problem(403, { code: 'AUTH.INSUFFICIENT_SCOPE', detail: `this client may not do this (needs ${scope})` }));
    const { token } = issueAccessToken({ ...principal, scopes: [scope] }, await this.keys.activeKey(), {
      issuer: this.config.issuer,
      audience: this.config.audience,
      ttlSeconds: FORWARDED_TOKEN_TTL_SECONDS,
    });
    request.principal = principal;
    request.headers.authorization = `Bearer ${token}`;
    return principal;
  }

  /**
   * A token for the gateway's own calls on a public route (the dashboard's
   * figures): the principal is the gateway itself, never a caller.
   */
  async actAsGateway(request: AuthenticatedRequest, principal: AuthPrincipal): Promise<void> {
    const { token } = issueAccessToken(principal, await this.keys.activeKey(), { issuer: this.config.issuer, audience: this.config.audience, ttlSeconds: FORWARDED_TOKEN_TTL_SECONDS });
    request.headers.authorization = `Bearer ${token}`;
  }
}

function refused(status: 401 | 403, detail: string): ProblemException {
  return new ProblemException(problem(status, { code: 'AUTH.INVALID_CREDENTIALS', detail }), status === 401 ? { 'WWW-Authenticate': 'Basic realm="palembang-xapi", charset="UTF-8"' } : {});
}

/** `client_id:client_secret`, as an Open311 api_key or the decoded value of HTTP Basic. */
export function splitCredentials(value: unknown): { clientId: string; clientSecret: string } | undefined {
  if (typeof value !== 'string' || value.length > 1024) return undefined;
  const colon = value.indexOf(':');
  return colon > 0 ? { clientId: value.slice(0, colon), clientSecret: value.slice(colon + 1) } : undefined;
}

/** The credentials of an `Authorization: Basic` header, or undefined. */
export function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header?.trim() ?? '');
  return match ? splitCredentials(Buffer.from(match[1], 'base64').toString('utf8')) : undefined;
}
