import type { Request } from 'express';

/** The request's correlation id, set by the correlation middleware (the caller's when well-formed, else a new one). */
export function correlationIdOf(request: Request): string {
  return (request as Request & { correlationId?: string }).correlationId ?? 'none';
}
