import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { KeySetUnavailableError } from '../key-set';
import { AuthPrincipal, hasScope } from '../scopes';
import { AccessTokenVerifier, InvalidTokenError } from '../token-verifier';
import { forbidden, keysUnavailable, unauthorized } from './auth-problem';
import { ACCESS_TOKEN_VERIFIER, REQUIRED_SCOPES } from './tokens';

export type AuthenticatedRequest = Request & { principal?: AuthPrincipal; accessToken?: string };

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Bearer token (RFC 6750) -> `request.principal`; 401 for a missing, bad or
 * expired token, 403 when a scope named by @RequireScopes is missing.
 * `request.accessToken` keeps the token, for forwarding to services.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = request.principal ?? (await this.authenticate(request));
    const required = this.reflector.getAllAndMerge<string[]>(REQUIRED_SCOPES, [context.getHandler(), context.getClass()]) ?? [];
    const missing = required.filter((scope) => !hasScope(principal, scope));
    if (missing.length > 0) throw forbidden(`This operation requires the scope ${missing.join(' ')}.`);
    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<AuthPrincipal> {
    const header = request.headers.authorization;
    if (!header) throw unauthorized('An access token is required: Authorization: Bearer <token>.', false);
    const token = BEARER.exec(header)?.[1];
    if (!token) throw unauthorized('The Authorization header must be "Bearer <token>".', true);
    try {
      const { principal } = await this.verifier.verify(token);
      request.principal = principal;
      request.accessToken = token;
      return principal;
    } catch (error) {
      if (error instanceof InvalidTokenError) throw unauthorized('The access token is invalid or expired.', true);
      if (error instanceof KeySetUnavailableError) throw keysUnavailable();
      throw error;
    }
  }
}
