import { CallHandler, ExecutionContext, HttpStatus, Inject, Injectable, Logger, NestInterceptor, OnModuleDestroy } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { createHash, randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, Observable, tap } from 'rxjs';
import { DataSource } from 'typeorm';
import { problem } from '../problem';
import { ProblemException } from '../problem-exceptions';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const ACCEPTABLE_KEY = /^[\x21-\x7e]{1,255}$/;

/** How long a key is remembered; after that the same key starts a new request (and the row is deleted). */
export const IDEMPOTENCY_KEY_RETENTION_DAYS = 7;
/**
 * A claim without an answer this old belongs to a request that died with its
 * process: requests end within seconds (the gateway gives up after 10), so ten
 * minutes leaves a wide margin for one stuck waiting on the database.
 */
const ABANDONED_AFTER_SECONDS = 600;
const FIRST_SWEEP_AFTER_MS = 60_000;
const SWEEP_EVERY_MS = 60 * 60_000;
const SWEEP_BATCH = 10_000;

/**
 * Response headers a retry gets again with the stored body. Content-Type is
 * there when the handler chose it (an Open311 answer in XML or JSON, returned
 * as text); a JSON body Nest types itself, and the replay does the same.
 */
const REPLAYED_HEADERS = ['location', 'etag', 'content-type'];

/** A stored response sent again for a retried request; written by the problem filter. */
export class IdempotentReplay extends Error {
  constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}) {
    super('idempotent replay');
  }

  /** Sends the stored answer as Nest sent the first one: no body, text as it was (with its stored Content-Type), else JSON. */
  send(response: Response): void {
    response.setHeader('Idempotent-Replayed', 'true');
    for (const [name, value] of Object.entries(this.headers)) response.setHeader(name, value);
    response.status(this.status);
    if (this.body === null || this.body === undefined) response.send();
    else if (typeof this.body === 'string') response.send(this.body);
    else response.json(this.body);
  }
}

type Claim = { fresh: true; claimId: string } | { fresh: false; requestHash: string; status: number | null; body: unknown; headers: Record<string, string> | null };

/**
 * Idempotency-Key on state-changing requests: the first request with a key
 * runs and its response is stored; a retry with the same body gets that
 * response again (with Idempotent-Replayed: true); the same key with another
 * body is a 422; a retry while the first is still running is a 409. A request
 * that fails releases its key, so it can be retried.
 *
 * Keys are remembered IDEMPOTENCY_KEY_RETENTION_DAYS, then deleted (hourly,
 * in batches). A claim left without an answer for ten minutes (its process
 * died mid-request) is taken over by a retry of the same request instead of
 * answering 409 forever; if the dead request had committed, that retry runs
 * it a second time, as a retry with a new key would. Each claim has a token:
 * a request whose claim was taken over neither stores its answer nor
 * releases the key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor, OnModuleDestroy {
  private readonly sweeps: NodeJS.Timeout[];
  private readonly logger = new Logger('Idempotency');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {
    const sweep = () => void this.deleteExpiredKeys().catch(() => undefined);
    this.sweeps = [setTimeout(sweep, FIRST_SWEEP_AFTER_MS), setInterval(sweep, SWEEP_EVERY_MS)];
    this.sweeps.forEach((timer) => timer.unref());
  }

  onModuleDestroy(): void {
    this.sweeps.forEach((timer) => clearTimeout(timer));
  }

  /** Deletes the keys older than the retention; returns how many. */
  async deleteExpiredKeys(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [{ count }]: Array<{ count: number }> = await this.dataSource.query(
        `WITH gone AS (DELETE FROM http_idempotency_keys WHERE ctid IN (
           SELECT ctid FROM http_idempotency_keys WHERE created_at < now() - make_interval(days => ${IDEMPOTENCY_KEY_RETENTION_DAYS}) LIMIT ${SWEEP_BATCH}) RETURNING 1)
         SELECT count(*)::int AS count FROM gone`,
      );
      deleted += count;
      if (count < SWEEP_BATCH) return deleted;
    }
  }

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
          mergeMap((body) => {
            const written = response.headersSent;
            if (written && (body === undefined || body === null)) {
              // The handler wrote its own answer (@Res() without passthrough) and handed nothing to
              // store: an empty answer would be replayed to every retry, so the key is released instead.
              this.logger.error(`${request.method} ${request.route?.path ?? request.path} writes its own response, so Idempotency-Key cannot replay it; return the body instead`);
              return from(this.release(clientId, key, claim.claimId).then(() => body));
            }
            // A handler that wrote its answer and returned what a retry gets instead (a copy without a
            // secret, say) is stored with the status it sent.
            return from(this.complete(clientId, key, claim.claimId, written ? response.statusCode : status, body, replayedHeadersOf(response)).then(() => body));
          }),
          catchError((error: unknown) => from(this.release(clientId, key, claim.claimId).then(() => Promise.reject(error)))),
        );
      }),
      tap({ error: () => undefined }),
    );
  }

  private async claim(clientId: string, key: string, requestHash: string): Promise<Claim> {
    const claimId = randomUUID();
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO http_idempotency_keys (client_id, idempotency_key, request_hash, claim_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [clientId, key, requestHash, claimId],
    );
    if (inserted.length === 1) return { fresh: true, claimId };
    const [{ taken }]: Array<{ taken: number }> = await this.dataSource.query(
      `WITH taken AS (
         UPDATE http_idempotency_keys
            SET request_hash = $3, claim_id = $4, response_status = NULL, response_body = NULL, response_headers = NULL, created_at = now(), completed_at = NULL
          WHERE client_id = $1 AND idempotency_key = $2
            AND (created_at < now() - make_interval(days => ${IDEMPOTENCY_KEY_RETENTION_DAYS})
                 OR (response_status IS NULL AND request_hash = $3 AND created_at < now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})))
         RETURNING 1)
       SELECT count(*)::int AS taken FROM taken`,
      [clientId, key, requestHash, claimId],
    );
    if (taken === 1) return { fresh: true, claimId };
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

  private async complete(clientId: string, key: string, claimId: string, status: number, body: unknown, headers: Record<string, string>): Promise<void> {
    await this.dataSource.query(
      `UPDATE http_idempotency_keys SET response_status = $4, response_body = $5, response_headers = $6, completed_at = now()
        WHERE client_id = $1 AND idempotency_key = $2 AND claim_id = $3`,
      [clientId, key, claimId, status, JSON.stringify(body ?? null), JSON.stringify(headers)],
    );
  }

  private async release(clientId: string, key: string, claimId: string): Promise<void> {
    await this.dataSource
      .query(`DELETE FROM http_idempotency_keys WHERE client_id = $1 AND idempotency_key = $2 AND claim_id = $3 AND response_status IS NULL`, [clientId, key, claimId])
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
