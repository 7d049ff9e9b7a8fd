import { applyDecorators, UseGuards } from '@nestjs/common';
import { Authenticated, RequireScopes } from '@palembang/auth';
import { ApiProblems } from '@palembang/http';
import { AgencyRule } from './agency-rule';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * A public route the gateway forwards: the token is checked here (401), and the
 * route's scope too (403), so a bad call never reaches the service, which checks
 * both again; then the client's rate limit (429). `scopes` empty: any valid token.
 * `rule` says whose records it touches (`x-agency-rule`), checked by the authorization matrix test.
 */
export function Forwarded(scopes: string[], rule: AgencyRule, problems: number[]): MethodDecorator {
  return applyDecorators(
    scopes.length > 0 ? RequireScopes(...scopes) : Authenticated(),
    AgencyRule(rule),
    UseGuards(RateLimitGuard),
    ApiProblems(...new Set([...problems, 401, 429, 503])),
  );
}
