import { CallHandler, ExecutionContext, HttpException, HttpStatus, Inject, Injectable, Logger, NestInterceptor, OnModuleDestroy } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { DeferredWriteFailed, flushDeferredWrite, runInRequestTransaction, SqlStatement } from '@palembang/events';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource, EntityManager } from 'typeorm';
import { isDatabaseUnavailable } from '@palembang/events';
import { headerOf, headersSentOf, pathOf, routePatternOf } from '../fastify-http';
import { problem } from '../problem';
import { ProblemException } from '../problem-exceptions';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** 1-255 visible ASCII characters (no space): what a key may be, enforced here and documented with IDEMPOTENCY_KEY_HEADER. */
export const ACCEPTABLE_IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** How long a key is remembered; after that the same key starts a new request (and the row is deleted). */
export const IDEMPOTENCY_KEY_RETENTION_DAYS = 7;
/** How long a retry waits for the first request with its key to finish before it is told 409 (try again). */
const WAIT_FOR_FIRST_MS = 2_000;
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
  send(response: FastifyReply): void {
    response.header('Idempotent-Replayed', 'true');
    for (const [name, value] of Object.entries(this.headers)) response.header(name, value);
    response.status(this.status);
    if (this.body === null || this.body === undefined) response.send();
    else if (typeof this.body === 'string') response.send(this.body);
    else response.type('application/json; charset=utf-8').send(JSON.stringify(this.body));
  }
}

type Request = FastifyRequest & { principal?: { clientId?: string } };
type Response = FastifyReply;

type KeyRow = { request_hash: string; response_status: number; response_body: unknown; response_headers: Record<string, string> | null };
type Outcome = { body: unknown } | { refused: unknown };
type Keyed = { clientId: string; key: string; requestHash: string; status: number };

/**
 * Idempotency-Key on state-changing requests. A request with a key runs in one
 * database transaction (runInRequestTransaction): its key, locked first, and
 * everything the handler writes (the command's events, read model and outbox rows)
 * commit together with the stored answer, or not at all. So a process that dies
 * mid-request leaves nothing behind (PostgreSQL rolls its transaction back), and a
 * retry runs afresh at once; a retry after a commit gets the stored answer again
 * (Idempotent-Replayed: true); the same key with another body is a 422.
 *
 * A retry that arrives while the first request still runs waits on the key row's
 * lock for up to two seconds, then gets the first one's answer, or runs itself if
 * the first failed; only if the first is still running after that is it a 409
 * with Retry-After. A refusal (4xx) commits what the handler chose to keep (audit
 * records) but not the key, so the request can be retried; an unexpected error
 * rolls everything back. Keys are remembered IDEMPOTENCY_KEY_RETENTION_DAYS, then
 * deleted (hourly, in batches).
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
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = headerOf(request, IDEMPOTENCY_HEADER);
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (!ACCEPTABLE_IDEMPOTENCY_KEY.test(key)) {
      throw new ProblemException(problem(400, { code: 'REQUEST.INVALID_IDEMPOTENCY_KEY', errors: [{ field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }] }));
    }
    const keyed: Keyed = {
      clientId: request.principal?.clientId ?? 'anonymous',
      key,
      requestHash: hashRequest(request),
      status: this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED,
    };
    return from(this.runKeyed(keyed, request, response, next));
  }

  /**
   * First with the command's write held back, so that it and the stored answer go in one statement
   * (runInRequestTransaction's deferWrites); should that write fail when sent (a lost race, a
   * unique index), the request runs once more writing as it goes, so its handler meets the error
   * where it can answer it (a 409 or 412, a new tracking code) and nothing of the first run stays.
   */
  private async runKeyed(keyed: Keyed, request: Request, response: Response, next: CallHandler, deferWrites = true): Promise<unknown> {
    try {
      const outcome = await runInRequestTransaction<Outcome>(this.dataSource, (manager) => this.runClaimed(manager, keyed, request, response, next), { deferWrites });
      if ('refused' in outcome) throw outcome.refused;
      return outcome.body;
    } catch (error) {
      if (!(error instanceof DeferredWriteFailed)) throw error;
      if (!deferWrites || isDatabaseUnavailable(error.cause)) throw error.cause;
      for (const name of REPLAYED_HEADERS) response.removeHeader(name);
      return this.runKeyed(keyed, request, response, next, false);
    }
  }

  private async runClaimed(manager: EntityManager, keyed: Keyed, request: Request, response: Response, next: CallHandler): Promise<{ result: Outcome; commit: boolean }> {
    const earlier = await this.claim(manager, keyed);
    if (earlier) this.answerRetry(earlier, keyed.requestHash);
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      // A refusal: keep what the handler recorded (an audit row); no key is stored, so a corrected retry runs.
      return { result: { refused: error }, commit: true };
    }
    const written = headersSentOf(response);
    if (written && (body === undefined || body === null)) {
      // The handler wrote its own answer (@Res() without passthrough) and handed nothing to
      // store: an empty answer would be replayed to every retry, so the key is not kept.
      this.logger.error(`${request.method} ${routePatternOf(request) ?? pathOf(request)} writes its own response, so Idempotency-Key cannot replay it; return the body instead`);
      return { result: { body }, commit: true };
    }
    // A handler that wrote its answer and returned what a retry gets instead (a copy without a
    // secret, say) is stored with the status it sent.
    const record = this.answerRecord(keyed, written ? response.statusCode : keyed.status, body, replayedHeadersOf(response));
    // The command's held-back write and the answer, in one statement; else the answer alone.
    if (!(await flushDeferredWrite(this.dataSource, [record]))) await manager.query(record.sql, [...record.parameters]);
    return { result: { body }, commit: true };
  }

  /**
   * Takes the key's lock for the rest of the request's transaction and returns the
   * earlier request's answer, if one was committed. An advisory lock rather than the
   * row itself: it assigns no transaction id, so the command's transaction still gets
   * its id at its first write (the event append), which keeps the event store's
   * (transaction id, position) order in step with each stream's versions.
   */
  private async claim(manager: EntityManager, keyed: Keyed): Promise<KeyRow | undefined> {
    try {
      // Waits while another request with the same key runs; it ends when that one commits or rolls back.
      const [row]: KeyRow[] = await manager.query(`SELECT * FROM http_idempotency_claim($1, $2, $3, $4)`, [keyed.clientId, keyed.key, WAIT_FOR_FIRST_MS, IDEMPOTENCY_KEY_RETENTION_DAYS]);
      return row;
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === LOCK_NOT_AVAILABLE || (error as { code?: string }).code === LOCK_NOT_AVAILABLE) {
        throw new ProblemException(problem(409, { code: 'REQUEST.IN_PROGRESS', detail: 'A request with this Idempotency-Key is still being processed.' }), { 'Retry-After': '1' });
      }
      throw error;
    }
  }

  private answerRetry(earlier: KeyRow, requestHash: string): never {
    if (earlier.request_hash !== requestHash) {
      throw new ProblemException(problem(422, { code: 'REQUEST.IDEMPOTENCY_KEY_REUSED', detail: 'This Idempotency-Key was used with a different request.', errors: [{ field: 'Idempotency-Key', message: 'reused with another body' }] }));
    }
    throw new IdempotentReplay(earlier.response_status, earlier.response_body, earlier.response_headers ?? {});
  }

  /** The answer stored with the key, in the request's transaction; a key past its retention is taken over. */
  private answerRecord(keyed: Keyed, status: number, body: unknown, headers: Record<string, string>): SqlStatement {
    return {
      sql: `INSERT INTO http_idempotency_keys (client_id, idempotency_key, request_hash, response_status, response_body, response_headers, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (client_id, idempotency_key) DO UPDATE SET request_hash = excluded.request_hash, response_status = excluded.response_status,
         response_body = excluded.response_body, response_headers = excluded.response_headers, created_at = now(), completed_at = now()`,
      parameters: [keyed.clientId, keyed.key, keyed.requestHash, status, JSON.stringify(body ?? null), JSON.stringify(headers)],
    };
  }
}

const LOCK_NOT_AVAILABLE = '55P03';

/** An answer the handler chose (a 4xx problem or HTTP exception), as opposed to a failure. */
function isRefusal(error: unknown): boolean {
  return error instanceof HttpException && error.getStatus() < 500;
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
  return createHash('sha256').update(request.method).update('\n').update(pathOf(request)).update('\n').update(JSON.stringify(request.body ?? null)).digest('hex');
}
