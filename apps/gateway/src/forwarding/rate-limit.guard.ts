import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AuthenticatedRequest } from '@palembang/auth';
import { problem, ProblemException } from '@palembang/http';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';
import { TokenBuckets } from './token-bucket';

/**
 * RATE_LIMIT_PER_MINUTE calls per client and gateway instance; more is a 429
 * with Retry-After. Runs after the AuthGuard, so it counts per authenticated
 * client id (a call without a valid token is refused before it costs a token).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly buckets: TokenBuckets;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.buckets = new TokenBuckets(config.rateLimitPerMinute);
  }

  canActivate(context: ExecutionContext): boolean {
    const clientId = context.switchToHttp().getRequest<AuthenticatedRequest>().principal?.clientId;
    if (clientId === undefined) return true;
    const decision = this.buckets.take(clientId);
    if (decision.allowed) return true;
    throw new ProblemException(
      problem(429, { code: 'REQUEST.RATE_LIMITED', detail: `This client made more calls than the gateway allows per minute; retry in ${decision.retryAfterSeconds} s.` }),
      { 'Retry-After': String(decision.retryAfterSeconds) },
    );
  }
}
