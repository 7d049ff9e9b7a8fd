/** PostgreSQL connection-class SQLSTATEs (08xxx), shutdown (57P0x), too many connections (53300). */
const UNAVAILABLE_SQLSTATE = /^(08|57P0|53300)/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [/Connection terminated/i, /timeout exceeded when trying to connect/i, /Connection is not established/i, /cannot connect/i];

/** True when the error says the database could not be reached, not that the query was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; driverError?: unknown; message?: unknown };
  const code = typeof candidate.code === 'string' ? candidate.code : undefined;
  if (code && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
  if (candidate.driverError && isDatabaseUnavailable(candidate.driverError)) return true;
  const message = typeof candidate.message === 'string' ? candidate.message : '';
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}
