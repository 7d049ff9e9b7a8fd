import { Open311Error, renderOpen311 } from '@palembang/open311';
import { AnyReply, sendAnswer } from './fastify-http';
import { ProblemDetails } from './problem';

/** Open311 GeoReport v2 routes answer errors in their own format, not as problem+json. */
export function isOpen311Request(request: { url?: string; originalUrl?: string }): boolean {
  return (request.originalUrl ?? request.url ?? '').startsWith('/open311/');
}

/**
 * The problem as GeoReport v2 errors: a list of {code, description}, in the
 * format the path asks for (.json, else the specification's XML). Statuses
 * follow the specification: a missing or bad api_key is a 403, an unknown
 * resource a 404, other bad input a 400; overload and outages keep theirs.
 */
export function sendOpen311Errors(request: { url?: string; originalUrl?: string }, response: AnyReply, problem: ProblemDetails, headers: Record<string, string> = {}): void {
  const status = open311StatusOf(problem.status);
  const errors: Open311Error[] = problem.errors?.length
    ? problem.errors.map((error) => ({ code: status, description: error.field ? `${error.field}: ${error.message}` : error.message }))
    : [{ code: status, description: problem.detail ?? problem.title }];
  const format = /\.json$/i.test((request.originalUrl ?? request.url ?? '').split('?')[0]) ? 'json' : 'xml';
  const rendered = renderOpen311({ resource: 'errors', errors }, format);
  sendAnswer(response, status, { ...headers, 'Content-Type': rendered.contentType }, rendered.body);
}

function open311StatusOf(status: number): number {
  if (status === 401) return 403;
  if ([409, 412, 415, 422].includes(status)) return 400;
  return status;
}
