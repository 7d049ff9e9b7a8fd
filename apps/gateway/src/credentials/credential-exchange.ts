import { Inject, Injectable } from '@nestjs/common';
import { ALL_AGENCIES_SCOPE, AuthenticatedRequest, AuthPrincipal, hasScope, issueAccessToken } from '@palembang/auth';
import { problem, ProblemException } from '@palembang/http';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';
import { SigningKeyStore } from '../oauth/signing-key.store';
import { ApiCredentialStore, CredentialApi } from './api-credential.store';
import { CredentialCheck } from './credential-check';

/** Just long enough for the forwarded call. */
const FORWARDED_TOKEN_TTL_SECONDS = 60;

/** A credential id and secret as presented. */
export type PresentedCredentials = { credentialId: string; secret: string };

/**
 * For protocols whose clients send their credentials with every call instead
 * of a bearer token (Open311's api_key, xAPI's HTTP Basic): a credential
 * issued for that one API (never the client's OAuth secret) is checked, within
 * the failed-login limits, and the call goes on to the service with a
 * short-lived token for the one scope it needs. The secret itself goes no
 * further. Failures are 401, 403 or 429 problems that the shared filter
 * renders in the protocol's own error format.
 */
@Injectable()
export class CredentialExchange {
  constructor(
    @Inject(ApiCredentialStore) private readonly credentials: ApiCredentialStore,
    @Inject(CredentialCheck) private readonly check: CredentialCheck,
    @Inject(SigningKeyStore) private readonly keys: SigningKeyStore,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Authenticates the credential of `api`, requires `scope`, and sets the principal and a bearer token on the request. */
  async exchange(request: AuthenticatedRequest, api: CredentialApi, presented: PresentedCredentials | undefined, scope: string, status: 401 | 403): Promise<AuthPrincipal> {
    if (!presented) throw refused(api, status, 'credentials are missing');
    const login = await this.check.verify(request, api, presented.credentialId, () => this.credentials.authenticate(api, presented.credentialId, presented.secret));
    if (login.outcome === 'throttled') throw tooManyFailures(login.retryAfterSeconds);
    if (login.outcome === 'refused') throw refused(api, status, 'the credentials are not valid');
    const principal = login.holder;
    if (!hasScope(principal, scope)) throw new ProblemException(problem(403, { code: 'AUTH.INSUFFICIENT_SCOPE', detail: `this client may not do this (needs ${scope})` }));
    // The forwarded token carries the one scope the call needs, and agencies:all where the credential holds it.
    const scopes = principal.scopes.includes(ALL_AGENCIES_SCOPE) ? [scope, ALL_AGENCIES_SCOPE] : [scope];
    const { token } = await issueAccessToken({ ...principal, scopes }, await this.keys.activeKey(), {
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
    const { token } = await issueAccessToken(principal, await this.keys.activeKey(), { issuer: this.config.issuer, audience: this.config.audience, ttlSeconds: FORWARDED_TOKEN_TTL_SECONDS });
    request.headers.authorization = `Bearer ${token}`;
  }
}

function refused(api: CredentialApi, status: 401 | 403, detail: string): ProblemException {
  const hint = api === 'open311' ? 'an Open311 key issued for this API' : 'an xAPI credential issued for this API';
  return new ProblemException(problem(status, { code: 'AUTH.INVALID_CREDENTIALS', detail: `${detail} (use ${hint})` }), status === 401 ? { 'WWW-Authenticate': 'Basic realm="palembang-xapi", charset="UTF-8"' } : {});
}

/** Over the failed-login limit: refused before the secret is checked. */
export function tooManyFailures(retryAfterSeconds: number): ProblemException {
  return new ProblemException(
    problem(429, { code: 'AUTH.TOO_MANY_FAILED_LOGINS', detail: `Too many failed logins for this client or from this address; retry in ${retryAfterSeconds} s.` }),
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

/** `credential_id:secret`, as an Open311 api_key or the decoded value of HTTP Basic. */
export function splitCredentials(value: unknown): PresentedCredentials | undefined {
  if (typeof value !== 'string' || value.length > 1024) return undefined;
  const colon = value.indexOf(':');
  return colon > 0 ? { credentialId: value.slice(0, colon), secret: value.slice(colon + 1) } : undefined;
}

/** The credentials of an `Authorization: Basic` header, or undefined. */
export function basicCredentials(header: string | undefined): PresentedCredentials | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header?.trim() ?? '');
  return match ? splitCredentials(Buffer.from(match[1], 'base64').toString('utf8')) : undefined;
}
