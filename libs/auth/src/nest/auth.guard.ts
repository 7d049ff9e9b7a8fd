import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { HttpRequest } from '@palembang/http';
import { GATEWAY_ASSERTION_HEADER, InternalAssertionVerifier } from '../internal-assertion';
import { KeySetUnavailableError } from '../key-set';
import { AuthPrincipal, hasScope } from '../scopes';
import { AccessTokenVerifier, InvalidTokenError, VerifiedToken } from '../token-verifier';
import { forbidden, keysUnavailable, unauthorized } from './auth-problem';
import { ACCESS_TOKEN_VERIFIER, INTERNAL_ASSERTION_VERIFIER, REQUIRED_SCOPES } from './tokens';

export type AuthenticatedRequest = HttpRequest & {
  principal?: AuthPrincipal;
  accessToken?: string;
  /** The bearer token's verified claims: what the gateway's assertion to a service is made from. */
  verifiedToken?: VerifiedToken;
};

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Bearer token (RFC 6750) -> `request.principal`; 401 for a missing, bad or
 * expired token, 403 when a scope named by @RequireScopes is missing.
 * `request.accessToken` and `request.verifiedToken` keep the token and its
 * claims, for forwarding to services.
 *
 * A service given the internal assertion key also takes the gateway's
 * assertion (X-Gateway-Assertion, see internal-assertion.ts) in place of the
 * bearer token: when the header is there, it alone decides, and a bad one is
 * a 401 whatever the Authorization header holds. Without the key the header
 * is ignored and the bearer token verified as always.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Optional() @Inject(INTERNAL_ASSERTION_VERIFIER) private readonly assertions?: InternalAssertionVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = request.principal ?? (await this.authenticate(request));
    const required = this.reflector.getAllAndMerge<string[]>(REQUIRED_SCOPES, [context.getHandler(), context.getClass()]) ?? [];
    const missing = required.filter((scope) => !hasScope(principal, scope));
    if (missing.length > 0) throw forbidden(`This operation requires the scope ${missing.join(' ')}.`);
    return true;
  }

  private authenticate(request: AuthenticatedRequest): Promise<AuthPrincipal> {
    const assertion = request.headers[GATEWAY_ASSERTION_HEADER];
    if (this.assertions && assertion !== undefined) return acceptAssertion(request, assertion, this.assertions);
    return authenticateBearer(request, this.verifier);
  }
}

/**
 * Verifies the request's bearer token and sets `principal`, `accessToken` and
 * `verifiedToken` on it: the one way a route, guard or middleware authenticates a caller.
 * Throws the auth problems: 401, or 503 while the signing keys cannot be fetched.
 */
export async function authenticateBearer(request: AuthenticatedRequest, verifier: AccessTokenVerifier): Promise<AuthPrincipal> {
  const header = request.headers.authorization;
  if (!header) throw unauthorized('An access token is required: Authorization: Bearer <token>.', false);
  const token = BEARER.exec(header)?.[1];
  if (!token) throw unauthorized('The Authorization header must be "Bearer <token>".', true);
  try {
    const verified = await verifier.verify(token);
    request.principal = verified.principal;
    request.accessToken = token;
    request.verifiedToken = verified;
    return verified.principal;
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthorized('The access token is invalid or expired.', true);
    if (error instanceof KeySetUnavailableError) throw keysUnavailable();
    throw error;
  }
}

async function acceptAssertion(request: AuthenticatedRequest, assertion: string | string[], assertions: InternalAssertionVerifier): Promise<AuthPrincipal> {
  try {
    if (typeof assertion !== 'string') throw new InvalidTokenError('malformed');
    request.principal = await assertions.verify(assertion, { method: request.method, path: request.originalUrl });
    return request.principal;
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthorized('The gateway assertion is invalid or expired.', true);
    throw error;
  }
}
