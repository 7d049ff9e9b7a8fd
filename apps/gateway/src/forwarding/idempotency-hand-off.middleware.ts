import { Injectable, NestMiddleware } from '@nestjs/common';
import { IDEMPOTENCY_HEADER, type HttpRequest, type RawRequest } from '@palembang/http';

const FORWARDED_IDEMPOTENCY_KEY = Symbol('forwardedIdempotencyKey');
export type ForwardedRequest = HttpRequest;
type HandedOff = RawRequest & { [FORWARDED_IDEMPOTENCY_KEY]?: string };

/** The Idempotency-Key the caller sent, kept for the service (the middleware gets Node's request, which Fastify's wraps). */
export function forwardedIdempotencyKey(request: HttpRequest): string | undefined {
  return (request.raw as HandedOff)[FORWARDED_IDEMPOTENCY_KEY];
}

/**
 * Idempotency of forwarded calls belongs to the service that changes the state:
 * it stores each key per client (the same client id the forwarded token names)
 * together with the real answer. The platform's Idempotency-Key interceptor runs
 * on every route of the gateway too; on a forwarded route it would store the
 * gateway's empty handler result and replay that instead of the service's
 * answer. So before the interceptor sees it, the key is taken off the request
 * and kept for the proxy, which sends it on to the service unchanged.
 */
@Injectable()
export class IdempotencyHandOffMiddleware implements NestMiddleware {
  use(request: HandedOff, _response: unknown, next: () => void): void {
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (typeof key === 'string') request[FORWARDED_IDEMPOTENCY_KEY] = key;
    delete request.headers[IDEMPOTENCY_HEADER];
    next();
  }
}
