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
 * The HTTP status of a domain rejection, from its dotted code: every service
 * maps expected failures the same way.
 */
export function statusOfRejection(code: string): number {
  const reason = code.split('.').pop() ?? '';
  if (reason === 'NOT_FOUND') return 404;
  if (reason === 'FORBIDDEN' || reason === 'OTHER_AGENCY') return 403;
  if (reason === 'INVALID_TRANSITION' || reason === 'CONFLICT' || reason === 'DUPLICATE' || reason.startsWith('ALREADY_')) return 409;
  return 400;
}

export function rejectionProblem(rejection: Rejection): ProblemException {
  const errors = rejection.field ? [{ field: rejection.field, message: rejection.message }] : undefined;
  return new ProblemException(problem(statusOfRejection(rejection.code), { code: rejection.code, detail: rejection.message, errors }));
}

export function serviceUnavailable(detail: string, retryAfterSeconds = 5): ProblemException {
  return new ProblemException(problem(503, { code: 'SERVICE.UNAVAILABLE', detail }), { 'Retry-After': String(retryAfterSeconds) });
}
