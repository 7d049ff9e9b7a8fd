import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AuthenticatedRequest } from '@palembang/auth';
import { problem, ProblemException } from '@palembang/http';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';
import { TokenBuckets } from './token-bucket';

/**
 * RATE_LIMIT_PER_MINUTE calls per client and gateway instance; more is a 429
 * with Retry-After. Runs after the AuthGuard, so it counts per authenticated
 * client id (a call without a valid token is refused before it costs a token);
 * on public routes it counts per caller address: `request.ip`, which reads
 * X-Forwarded-For only from GATEWAY_TRUSTED_PROXIES (see client-address.ts), so
 * callers behind the ingress do not share one bucket and a forged header
 * neither escapes the limit nor spends somebody else's.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly buckets: TokenBuckets;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.buckets = new TokenBuckets(config.rateLimitPerMinute);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Public routes (Open311 reads, the dashboard) are counted per address instead.
    const caller = request.principal?.clientId ?? `address:${request.ip ?? 'unknown'}`;
    const decision = this.buckets.take(caller);
    if (decision.allowed) return true;
    throw new ProblemException(
      problem(429, { code: 'REQUEST.RATE_LIMITED', detail: `More calls than the gateway allows per minute; retry in ${decision.retryAfterSeconds} s.` }),
      { 'Retry-After': String(decision.retryAfterSeconds) },
    );
  }
}
