import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ConcurrencyError } from '@palembang/events/core';
import { isDatabaseUnavailable } from '@palembang/events';
import { AnyReply, pathOf, routePatternOf, sendAnswer } from './fastify-http';
import { isOpen311Request, sendOpen311Errors } from './open311-errors';
import { IdempotentReplay } from './idempotency/idempotency.interceptor';
import { isProblemDetails, problem, PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem';
import { ProblemException } from './problem-exceptions';

/** An error of Fastify's own (a body it could not read, say), with the status it proposes. */
type FastifyError = { code?: unknown; statusCode?: unknown };
/** A request as the filter may get it: Fastify's, or Node's own when a Nest middleware threw. */
type AnswerableRequest = { method?: string; url?: string; originalUrl?: string; headers: Record<string, string | string[] | undefined>; correlationId?: string };

/**
 * Turns every error into RFC 9457 problem+json. Bad input is always a 4xx;
 * a database outage is a 503 with Retry-After; anything unexpected is a 500
 * that reveals nothing and is logged without the request's data.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<AnswerableRequest>();
    const response = http.getResponse<AnyReply>();
    if (error instanceof IdempotentReplay) return error.send(response as Parameters<IdempotentReplay['send']>[0]);
    if (error instanceof HttpException && isOAuthError(error.getResponse())) {
      // RFC 6749 section 5.2 fixes the token endpoint's error format.
      sendAnswer(response, error.getStatus(), { 'Content-Type': 'application/json; charset=utf-8' }, JSON.stringify(error.getResponse()));
      return;
    }
    const { body, headers } = problemOf(error, request);
    if (body.status >= 500 && body.status !== 503) {
      this.logger.error(`${request.method} ${routeOf(request) ?? 'unknown route'}: ${describe(error)}`);
    }
    sendError(request, response, body, headers);
  }
}

/** Writes an error in the format of the route: Open311's error list on /open311, problem+json everywhere else. */
export function sendError(request: AnswerableRequest, response: AnyReply, body: ProblemDetails, headers: Record<string, string> = {}): void {
  if (!isOpen311Request(request)) return sendProblem(request, response, body, headers);
  sendOpen311Errors(request, response, body, headers);
}

/** Writes the problem as problem+json, naming the path it answers and the request's correlation id. */
export function sendProblem(request: AnswerableRequest, response: AnyReply, body: ProblemDetails, headers: Record<string, string> = {}): void {
  const document = JSON.stringify({ ...body, instance: body.instance ?? pathOf({ url: request.url ?? '', originalUrl: request.originalUrl }), correlationId: request.correlationId });
  sendAnswer(response, body.status, { ...headers, 'Content-Type': PROBLEM_CONTENT_TYPE }, document);
}

/** The problem document (and headers) an error answers with, whatever protocol renders it. */
export function problemOf(error: unknown, request: { headers: AnswerableRequest['headers'] }): { body: ProblemDetails; headers: Record<string, string> } {
  if (error instanceof ProblemException) return { body: error.problem, headers: error.headers };
  if (error instanceof ConcurrencyError) {
    const status = request.headers['if-match'] ? 412 : 409;
    return { body: problem(status, { code: 'STREAM.VERSION_MISMATCH', detail: 'The resource was changed by another request; read it again and retry.' }), headers: {} };
  }
  // Fastify's own limit (FST_ERR_CTP_BODY_TOO_LARGE), which Nest hands on as an HttpException.
  if (error instanceof HttpException && error.getStatus() === 413 && !isProblemDetails(error.getResponse())) {
    return { body: problem(413, { code: 'REQUEST.TOO_LARGE', detail: 'The request body is larger than allowed.' }), headers: {} };
  }
  if (error instanceof HttpException) return { body: fromHttpException(error), headers: {} };
  const fastifyError = requestErrorOf(error);
  if (fastifyError) return { body: fastifyError, headers: {} };
  if (isDatabaseUnavailable(error)) {
    return { body: problem(503, { code: 'SERVICE.UNAVAILABLE', detail: 'A dependency is unavailable; retry later.' }), headers: { 'Retry-After': '5' } };
  }
  return { body: problem(500, { code: 'INTERNAL' }), headers: {} };
}

/** Fastify's refusals of a request it could not read (too large, not JSON, a media type no route reads), as problems. */
function requestErrorOf(error: unknown): ProblemDetails | undefined {
  const { code, statusCode } = (error ?? {}) as FastifyError;
  if (typeof code !== 'string' || !code.startsWith('FST_') || typeof statusCode !== 'number' || statusCode >= 500) return undefined;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return problem(413, { code: 'REQUEST.TOO_LARGE', detail: 'The request body is larger than allowed.' });
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY') return problem(400, { code: 'REQUEST.MALFORMED', detail: 'The request body is not valid JSON.' });
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return problem(415, { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', detail: 'The request body is of a media type this route does not read.' });
  return problem(statusCode, { code: 'REQUEST.INVALID' });
}

/** The route pattern, when the request is Fastify's (a middleware's is Node's own, which knows none). */
function routeOf(request: AnswerableRequest): string | undefined {
  return 'routeOptions' in request ? routePatternOf(request as unknown as Parameters<typeof routePatternOf>[0]) : undefined;
}

function fromHttpException(error: HttpException): ProblemDetails {
  const response = error.getResponse();
  if (isProblemDetails(response)) return response;
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
  return problem(error.getStatus(), { detail });
}

/**
 * Names the error and where it came from, but not its message: messages can
 * quote request data, and personal data must never reach the logs.
 */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'non-error thrown';
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '').split('\n').filter((line) => line.trim().startsWith('at ')).slice(0, 3).map((line) => line.trim());
  return `${error.name}${typeof code === 'string' ? ` (${code})` : ''} ${frames.join(' ')}`;
}

function isOAuthError(body: unknown): boolean {
  return typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string' && 'error_description' in body;
}
