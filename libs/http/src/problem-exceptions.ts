import { HttpException } from '@nestjs/common';
import { Rejection } from '@palembang/events/core';
import { FieldError, problem, ProblemDetails } from './problem';

/** An error whose HTTP answer is a problem document. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDetails, readonly headers: Record<string, string> = {}) {
    super(problem, problem.status);
  }
}

export class ValidationProblemException extends ProblemException {
  constructor(errors: readonly FieldError[]) {
    super(problem(400, { code: 'REQUEST.INVALID', detail: 'The request has invalid fields.', errors }));
  }
}

/**
 * The HTTP status of a domain rejection, the same in every service: `*.NOT_FOUND`
 * is 404, `*.FORBIDDEN` 403; a rejection that names an input field is bad
 * input (400); any other is the resource's state refusing the command (409).
 */
export function statusOfRejection(rejection: Rejection): number {
  const reason = rejection.code.split('.').pop() ?? '';
  if (reason === 'NOT_FOUND') return 404;
  if (reason === 'FORBIDDEN') return 403;
  return rejection.field ? 400 : 409;
}

export function rejectionProblem(rejection: Rejection): ProblemException {
  const errors = rejection.field ? [{ field: rejection.field, message: rejection.message }] : undefined;
  return new ProblemException(problem(statusOfRejection(rejection), { code: rejection.code, detail: rejection.message, errors }));
}

export function serviceUnavailable(detail: string, retryAfterSeconds = 5): ProblemException {
  return new ProblemException(problem(503, { code: 'SERVICE.UNAVAILABLE', detail }), { 'Retry-After': String(retryAfterSeconds) });
}
