import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { AnyReply, HttpRequest, problem, ProblemException, sendProblem } from '@palembang/http';

/** The codes of authentication and authorization problems; each problem's `type` is `urn:palembang:problem:` and the code in lower case. */
export const AUTH_PROBLEM = {
  invalidToken: 'AUTH.INVALID_TOKEN',
  insufficientScope: 'AUTH.INSUFFICIENT_SCOPE',
  otherAgency: 'AUTH.OTHER_AGENCY',
  scopeNotHeld: 'AUTH.SCOPE_NOT_HELD',
  keysUnavailable: 'AUTH.KEYS_UNAVAILABLE',
} as const;

/** 401, 403 (or 503 while the keys cannot be fetched): a problem like every other, that the auth filter answers as problem+json on every route. */
export class AuthProblemException extends ProblemException {}

/** 401 with the RFC 6750 WWW-Authenticate challenge. */
export function unauthorized(detail: string, tokenPresented: boolean): AuthProblemException {
  const challenge = tokenPresented ? 'Bearer error="invalid_token", error_description="The access token is missing, expired or invalid"' : 'Bearer';
  return new AuthProblemException(problem(401, { code: AUTH_PROBLEM.invalidToken, detail }), { 'WWW-Authenticate': challenge });
}

/** 403 with a dotted upper-case code (AUTH.INSUFFICIENT_SCOPE unless named). */
export function forbidden(detail: string, code: `AUTH.${Uppercase<string>}` = AUTH_PROBLEM.insufficientScope): AuthProblemException {
  return new AuthProblemException(problem(403, { code, detail }));
}

export function keysUnavailable(): AuthProblemException {
  return new AuthProblemException(problem(503, { code: AUTH_PROBLEM.keysUnavailable, detail: 'The token signing keys cannot be fetched right now; retry later.' }), { 'Retry-After': '5' });
}

/**
 * Answers the guard's problems on the routes it guards, so they do not depend
 * on an app-wide filter and stay problem+json on routes whose other errors
 * take another format (Open311).
 */
@Catch(AuthProblemException)
export class AuthProblemFilter implements ExceptionFilter {
  catch(error: AuthProblemException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getRequest<HttpRequest>(), http.getResponse<AnyReply>(), error.problem, error.headers);
  }
}
