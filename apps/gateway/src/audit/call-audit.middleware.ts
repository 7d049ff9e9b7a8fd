import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { AuthenticatedRequest } from '@palembang/auth';
import { problem, sendError } from '@palembang/http';
import type { NextFunction, Response } from 'express';
import { GatewayAuditLog } from './gateway-audit.log';

type AuditedRequest = AuthenticatedRequest & { correlationId?: string };

/** How soon a caller refused for a full audit queue may retry: the queue drains within a flush once the database is back. */
const AUDIT_FULL_RETRY_AFTER_SECONDS = 5;

/**
 * Records every /v1 call once its answer is sent (or the connection closed):
 * the route pattern, not the URL, so ids in the path (an applicant id, a
 * tracking code) and query strings never reach the audit; no bodies, no
 * headers besides the correlation id.
 */
@Injectable()
export class CallAuditMiddleware implements NestMiddleware {
  constructor(@Inject(GatewayAuditLog) private readonly audit: GatewayAuditLog) {}

  use(request: AuditedRequest, response: Response, next: NextFunction): void {
    // No call is taken that could not be audited: while the queue is full (the database down), new calls are refused, not their rows dropped.
    if (!this.audit.hasRoom()) return this.refuse(request, response);
    const startedAt = new Date();
    const started = process.hrtime.bigint();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const route = request.route as { path?: unknown } | undefined;
      this.audit.record({
        occurredAt: startedAt,
        clientId: request.principal?.clientId ?? null,
        agencyId: request.principal?.agencyId ?? null,
        method: request.method,
        route: typeof route?.path === 'string' ? route.path : null,
        status: response.writableFinished ? response.statusCode : 499,
        durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
        correlationId: request.correlationId ?? '',
      });
    };
    response.once('finish', record);
    response.once('close', record);
    next();
  }

  private refuse(request: AuditedRequest, response: Response): void {
    this.audit.noteRefusedCall();
    const body = problem(503, { code: 'AUDIT.UNAVAILABLE', detail: 'Calls cannot be audited right now; retry later.' });
    sendError(request, response, body, { 'Retry-After': String(AUDIT_FULL_RETRY_AFTER_SECONDS) });
  }
}
