import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';

export const PROBLEM_JSON = 'application/problem+json';

/** RFC 9457 problem details of an authentication or authorization failure. */
export interface AuthProblem {
  type: string;
  title: string;
  status: 401 | 403 | 503;
  detail: string;
}

/** 401 or 403 (or 503 while the keys cannot be fetched) as problem+json; a 401 carries the RFC 6750 WWW-Authenticate challenge. */
export class AuthProblemException extends HttpException {
  constructor(
    readonly problem: AuthProblem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem, problem.status);
  }
}

export function unauthorized(detail: string, tokenPresented: boolean): AuthProblemException {
  const challenge = tokenPresented ? 'Bearer error="invalid_token", error_description="The access token is missing, expired or invalid"' : 'Bearer';
  return new AuthProblemException(
    { type: 'urn:palembang:problem:auth.invalid_token', title: 'Unauthorized', status: 401, detail },
    { 'WWW-Authenticate': challenge },
  );
}

export function forbidden(detail: string, code = 'auth.insufficient_scope'): AuthProblemException {
  return new AuthProblemException({ type: `urn:palembang:problem:${code}`, title: 'Forbidden', status: 403, detail });
}

export function keysUnavailable(): AuthProblemException {
  return new AuthProblemException(
    { type: 'urn:palembang:problem:auth.keys_unavailable', title: 'Service unavailable', status: 503, detail: 'The token signing keys cannot be fetched right now; retry later.' },
    { 'Retry-After': '5' },
  );
}

/** Writes AuthProblemExceptions itself, so the guard's answers do not depend on an app-wide filter. */
@Catch(AuthProblemException)
export class AuthProblemFilter implements ExceptionFilter {
  catch(error: AuthProblemException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
    response.status(error.problem.status).type(PROBLEM_JSON).send(JSON.stringify(error.problem));
  }
}
