import { CallHandler, ExecutionContext, HttpStatus, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, Observable, tap } from 'rxjs';
import { DataSource } from 'typeorm';
import { problem } from '../problem';
import { ProblemException } from '../problem-exceptions';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const ACCEPTABLE_KEY = /^[\x21-\x7e]{1,255}$/;

/** Response headers a retry gets again with the stored body. */
const REPLAYED_HEADERS = ['location', 'etag'];

/** A stored response sent again for a retried request; written by the problem filter. */
export class IdempotentReplay extends Error {
  constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}) {
    super('idempotent replay');
  }
}

type Claim = { fresh: true } | { fresh: false; requestHash: string; status: number | null; body: unknown; headers: Record<string, string> | null };

/**
 * Idempotency-Key on state-changing requests: the first request with a key
 * runs and its response is stored; a retry with the same body gets that
 * response again (with Idempotent-Replayed: true); the same key with another
 * body is a 422; a retry while the first is still running is a 409. A request
 * that fails releases its key, so it can be retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { principal?: { clientId?: string } }>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.header(IDEMPOTENCY_HEADER);
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (!ACCEPTABLE_KEY.test(key)) {
      throw new ProblemException(problem(400, { code: 'REQUEST.INVALID_IDEMPOTENCY_KEY', errors: [{ field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }] }));
    }
    const clientId = request.principal?.clientId ?? 'anonymous';
    const requestHash = hashRequest(request);
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    return from(this.claim(clientId, key, requestHash)).pipe(
      mergeMap((claim) => {
        if (!claim.fresh) this.answerRetry(claim, requestHash);
        return next.handle().pipe(
          mergeMap((body) => from(this.complete(clientId, key, status, body, replayedHeadersOf(response)).then(() => body))),
          catchError((error: unknown) => from(this.release(clientId, key).then(() => Promise.reject(error)))),
        );
      }),
      tap({ error: () => undefined }),
    );
  }

  private async claim(clientId: string, key: string, requestHash: string): Promise<Claim> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO http_idempotency_keys (client_id, idempotency_key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [clientId, key, requestHash],
    );
    if (inserted.length === 1) return { fresh: true };
    const rows: Array<{ request_hash: string; response_status: number | null; response_body: unknown; response_headers: Record<string, string> | null }> = await this.dataSource.query(
      `SELECT request_hash, response_status, response_body, response_headers FROM http_idempotency_keys WHERE client_id = $1 AND idempotency_key = $2`,
      [clientId, key],
    );
    if (rows.length === 0) return this.claim(clientId, key, requestHash); // released meanwhile
    const [row] = rows;
    return { fresh: false, requestHash: row.request_hash, status: row.response_status, body: row.response_body, headers: row.response_headers };
  }

  private answerRetry(claim: Extract<Claim, { fresh: false }>, requestHash: string): never {
    if (claim.requestHash !== requestHash) {
      throw new ProblemException(problem(422, { code: 'REQUEST.IDEMPOTENCY_KEY_REUSED', detail: 'This Idempotency-Key was used with a different request.', errors: [{ field: 'Idempotency-Key', message: 'reused with another body' }] }));
    }
    if (claim.status === null) {
      throw new ProblemException(problem(409, { code: 'REQUEST.IN_PROGRESS', detail: 'A request with this Idempotency-Key is still being processed.' }), { 'Retry-After': '1' });
    }
    throw new IdempotentReplay(claim.status, claim.body, claim.headers ?? {});
  }

  private async complete(clientId: string, key: string, status: number, body: unknown, headers: Record<string, string>): Promise<void> {
    await this.dataSource.query(
      `UPDATE http_idempotency_keys SET response_status = $3, response_body = $4, response_headers = $5, completed_at = now() WHERE client_id = $1 AND idempotency_key = $2`,
      [clientId, key, status, JSON.stringify(body ?? null), JSON.stringify(headers)],
    );
  }

  private async release(clientId: string, key: string): Promise<void> {
    await this.dataSource
      .query(`DELETE FROM http_idempotency_keys WHERE client_id = $1 AND idempotency_key = $2 AND response_status IS NULL`, [clientId, key])
      .catch(() => undefined);
  }
}

function replayedHeadersOf(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

function hashRequest(request: Request): string {
  return createHash('sha256').update(request.method).update('\n').update(request.path).update('\n').update(JSON.stringify(request.body ?? null)).digest('hex');
}
