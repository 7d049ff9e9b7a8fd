import { ProblemException } from './problem-exceptions';
import { problem } from './problem';

/** A strong ETag for a stream version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** An If-Match the services understand: `*` or one version ETag (weak or strong), as documented with IF_MATCH_HEADER. */
export const IF_MATCH_PATTERN = /^(?:\*|(?:W\/)?"\d{1,9}")$/;

/**
 * The expected version named by an If-Match header: a number, 'any' for `*`,
 * or undefined when absent. A malformed header is a 400.
 */
export function expectedVersionFromIfMatch(header: string | undefined): number | 'any' | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const value = header.trim();
  if (value === '*') return 'any';
  const match = IF_MATCH_PATTERN.test(value) ? /"(\d+)"/.exec(value) : null;
  if (!match) {
    throw new ProblemException(problem(400, { code: 'REQUEST.INVALID_IF_MATCH', detail: 'If-Match must be an ETag returned by GET, such as "3".', errors: [{ field: 'If-Match', message: 'not a version ETag' }] }));
  }
  return Number(match[1]);
}
