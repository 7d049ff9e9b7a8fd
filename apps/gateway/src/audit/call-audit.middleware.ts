import { Inject, Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthenticatedRequest } from '@palembang/auth';
import { problem, routePatternOf, sendError, type HttpReply } from '@palembang/http';
import type { FastifyInstance } from 'fastify';
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
export class CallAuditMiddleware implements OnModuleInit {
  constructor(
    @Inject(GatewayAuditLog) private readonly audit: GatewayAuditLog,
    @Optional() @Inject(HttpAdapterHost) private readonly adapterHost?: HttpAdapterHost,
  ) {}

  /** On the gateway's Fastify application, before it starts. */
  onModuleInit(): void {
    const fastify = this.adapterHost?.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (fastify) this.install(fastify);
  }

  /** Audits the calls under /v1, /open311 and /xapi (a Fastify onRequest hook, ahead of the routes' guards). */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply, done) => {
      if (!AUDITED_PATHS.test(request.url)) return done();
      this.use(request as AuditedRequest, reply, done);
    });
  }

  private use(request: AuditedRequest, reply: HttpReply, done: () => void): void {
    // No call is taken that could not be audited: while the queue is full (the database down), new calls are refused, not their rows dropped.
    if (!this.audit.hasRoom()) return this.refuse(request, reply);
    const startedAt = new Date();
    const started = process.hrtime.bigint();
    const response = reply.raw;
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      this.audit.record({
        occurredAt: startedAt,
        clientId: request.principal?.clientId ?? null,
        agencyId: request.principal?.agencyId ?? null,
        method: request.method,
        route: routePatternOf(request) ?? null,
        status: response.writableFinished ? response.statusCode : 499,
        durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
        correlationId: request.correlationId ?? '',
      });
    };
    response.once('finish', record);
    response.once('close', record);
    done();
  }

  private refuse(request: AuditedRequest, reply: HttpReply): void {
    this.audit.noteRefusedCall();
    const body = problem(503, { code: 'AUDIT.UNAVAILABLE', detail: 'Calls cannot be audited right now; retry later.' });
    sendError(request, reply, body, { 'Retry-After': String(AUDIT_FULL_RETRY_AFTER_SECONDS) });
  }
}

const AUDITED_PATHS = /^\/(v1|open311|xapi)\//;
