import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ConcurrencyError } from '@palembang/events/core';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '@palembang/events';
import { isOpen311Request, sendOpen311Errors } from './open311-errors';
import { IdempotentReplay } from './idempotency/idempotency.interceptor';
import { isProblemDetails, problem, PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem';
import { ProblemException } from './problem-exceptions';

type BodyParserError = { type?: string; status?: number; expose?: boolean };

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
    const request = http.getRequest<Request & { correlationId?: string }>();
    const response = http.getResponse<Response>();
    if (error instanceof IdempotentReplay) return error.send(response);
    if (error instanceof HttpException && isOAuthError(error.getResponse())) {
      // RFC 6749 section 5.2 fixes the token endpoint's error format.
      response.status(error.getStatus()).json(error.getResponse());
      return;
    }
    const { body, headers } = problemOf(error, request);
    if (body.status >= 500 && body.status !== 503) {
      this.logger.error(`${request.method} ${request.route?.path ?? 'unknown route'}: ${describe(error)}`);
    }
    sendError(request, response, body, headers);
  }
}

/** Writes an error in the format of the route: Open311's error list on /open311, problem+json everywhere else. */
export function sendError(request: Request & { correlationId?: string }, response: Response, body: ProblemDetails, headers: Record<string, string> = {}): void {
  if (!isOpen311Request(request)) return sendProblem(request, response, body, headers);
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  sendOpen311Errors(request, response, body);
}

/** Writes the problem as problem+json, naming the path it answers and the request's correlation id. */
export function sendProblem(request: Request & { correlationId?: string }, response: Response, body: ProblemDetails, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response
    .status(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...body, instance: body.instance ?? request.originalUrl?.split('?')[0], correlationId: request.correlationId }));
}

/** The problem document (and headers) an error answers with, whatever protocol renders it. */
export function problemOf(error: unknown, request: Request): { body: ProblemDetails; headers: Record<string, string> } {
  if (error instanceof ProblemException) return { body: error.problem, headers: error.headers };
  if (error instanceof ConcurrencyError) {
    const status = request.headers['if-match'] ? 412 : 409;
    return { body: problem(status, { code: 'STREAM.VERSION_MISMATCH', detail: 'The resource was changed by another request; read it again and retry.' }), headers: {} };
  }
  if (error instanceof HttpException) return { body: fromHttpException(error), headers: {} };
  const parserError = error as BodyParserError;
  if (parserError?.type === 'entity.too.large') return { body: problem(413, { code: 'REQUEST.TOO_LARGE', detail: 'The request body is larger than allowed.' }), headers: {} };
  if (parserError?.type === 'entity.parse.failed') return { body: problem(400, { code: 'REQUEST.MALFORMED', detail: 'The request body is not valid JSON.' }), headers: {} };
  if (parserError?.expose && typeof parserError.status === 'number' && parserError.status < 500) {
    return { body: problem(parserError.status, { code: 'REQUEST.INVALID' }), headers: {} };
  }
  if (isDatabaseUnavailable(error)) {
    return { body: problem(503, { code: 'SERVICE.UNAVAILABLE', detail: 'A dependency is unavailable; retry later.' }), headers: { 'Retry-After': '5' } };
  }
  return { body: problem(500, { code: 'INTERNAL' }), headers: {} };
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
