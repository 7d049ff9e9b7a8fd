import { createHash } from 'node:crypto';
import { ValidationProblemException, type HttpRequest, type HttpReply } from '@palembang/http';
import { csvOf } from './csv';

export type AnswerFormat = 'json' | 'csv';

/** `?format=csv|json` wins; otherwise `Accept: text/csv` (without JSON preferred) asks for CSV. */
export function formatOf(request: HttpRequest): AnswerFormat {
  const format = request.query.format;
  if (format !== undefined) {
    if (format === 'csv' || format === 'json') return format;
    throw new ValidationProblemException([{ field: 'format', message: 'format must be csv or json' }]);
  }
  const accept = String(request.headers.accept ?? '').toLowerCase();
  return accept.includes('text/csv') && !accept.includes('application/json') ? 'csv' : 'json';
}

/**
 * Sends figures as JSON or CSV with a strong ETag of the exact bytes and
 * `Cache-Control: private, max-age=N` (answers depend on the caller's agency);
 * a matching If-None-Match gets 304 without a body.
 */
export function sendFigures(request: HttpRequest, response: HttpReply, options: { json: unknown; rows: () => readonly object[]; filename: string; maxAgeSeconds: number }): void {
  const format = formatOf(request);
  const contentType = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
  const body = format === 'csv' ? csvOf(options.rows()) : JSON.stringify(options.json);
  const etag = `"${createHash('sha256').update(contentType).update('\n').update(body).digest('base64url').slice(0, 32)}"`;
  response.header('ETag', etag);
  response.header('Cache-Control', `private, max-age=${options.maxAgeSeconds}`);
  response.header('Vary', 'Accept, Authorization');
  if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
    response.status(304).send();
    return;
  }
  response.header('Content-Type', contentType);
  if (format === 'csv') response.header('Content-Disposition', `attachment; filename="${options.filename}.csv"`);
  response.status(200).send(body);
}

function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const candidates = (Array.isArray(header) ? header.join(',') : header).split(',').map((value) => value.trim().replace(/^W\//, ''));
  return candidates.includes('*') || candidates.includes(etag);
}
