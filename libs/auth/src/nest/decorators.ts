import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiOAuth2, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { GATEWAY_EXTENSIONS } from '@palembang/http';
import { AuthPrincipal } from '../scopes';
import { AuthGuard, AuthenticatedRequest } from './auth.guard';
import { AuthProblemFilter } from './auth-problem';
import { REQUIRED_SCOPES } from './tokens';

/** Names of the OpenAPI security schemes the gateway documents. */
export const BEARER_SCHEME = 'bearer';
export const OAUTH2_SCHEME = 'oauth2';

/**
 * Requires a valid bearer token on the controller or route. The document says so in
 * `x-required-scopes` (none), which the gateway routes by; @nestjs/swagger keeps the first
 * value an extension gets, so RequireScopes sets its own before this one.
 */
export function Authenticated(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ApiExtension(GATEWAY_EXTENSIONS.requiredScopes, []),
    UseGuards(AuthGuard),
    UseFilters(AuthProblemFilter),
    ApiBearerAuth(BEARER_SCHEME),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token (problem+json)' }),
  );
}

/** Requires a valid bearer token holding every one of the scopes (403 otherwise), declared as `x-required-scopes`. */
export function RequireScopes(...scopes: string[]): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_SCOPES, scopes),
    ApiExtension(GATEWAY_EXTENSIONS.requiredScopes, scopes),
    Authenticated(),
    ApiOAuth2(scopes, OAUTH2_SCHEME),
    ApiForbiddenResponse({ description: `Requires scope ${scopes.join(' ')} (problem+json)` }),
  );
}

/** The authenticated caller, set by AuthGuard. */
export const Principal = createParamDecorator((_data: unknown, context: ExecutionContext): AuthPrincipal | undefined => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});
