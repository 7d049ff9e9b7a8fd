import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOAuth2, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthPrincipal } from '../scopes';
import { AuthGuard, AuthenticatedRequest } from './auth.guard';
import { AuthProblemFilter } from './auth-problem';
import { REQUIRED_SCOPES } from './tokens';

/** Names of the OpenAPI security schemes the gateway documents. */
export const BEARER_SCHEME = 'bearer';
export const OAUTH2_SCHEME = 'oauth2';

/** Requires a valid bearer token on the controller or route. */
export function Authenticated(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    UseGuards(AuthGuard),
    UseFilters(AuthProblemFilter),
    ApiBearerAuth(BEARER_SCHEME),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token (problem+json)' }),
  );
}

/** Requires a valid bearer token holding every one of the scopes (403 otherwise). */
export function RequireScopes(...scopes: string[]): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_SCOPES, scopes),
    Authenticated(),
    ApiOAuth2(scopes, OAUTH2_SCHEME),
    ApiForbiddenResponse({ description: `Requires scope ${scopes.join(' ')} (problem+json)` }),
  );
}

/** The authenticated caller, set by AuthGuard. */
export const Principal = createParamDecorator((_data: unknown, context: ExecutionContext): AuthPrincipal | undefined => {
  return context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});
