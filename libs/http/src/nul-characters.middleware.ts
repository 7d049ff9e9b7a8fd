import type { FastifyRequest } from 'fastify';
import { ValidationProblemException } from './problem-exceptions';

const NUL = '\u0000';

/**
 * PostgreSQL text and jsonb cannot hold U+0000, so a string holding it failed where it was stored, as a
 * 500. No field of the API needs it: a parsed body or query string holding one is a 400 naming the field.
 * Checked once the body is parsed (a Fastify preValidation hook). Bodies a route reads as bytes (xAPI documents, attachments) are stored as bytes and are not looked at.
 */
export function refuseNulCharacters(request: FastifyRequest): Promise<void> | void {
  const field = fieldHoldingNul(request.body, '') ?? fieldHoldingNul(request.query, '');
  if (field !== undefined) throw new ValidationProblemException([{ field, message: `${field} must not contain the NUL character (U+0000)` }]);
}

/** The first field (`a.b[2].c`) whose string holds NUL; iterative, so no nesting exhausts the stack. */
export function fieldHoldingNul(root: unknown, rootName: string): string | undefined {
  const pending: Array<[unknown, string]> = [[root, rootName]];
  while (pending.length > 0) {
    const [value, path] = pending.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (value.includes(NUL)) return path || 'body';
    } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      for (const [key, item] of Object.entries(value)) pending.push([item, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key]);
    }
  }
  return undefined;
}
