import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._-]{1,100}$/;

/** Takes the caller's correlation id (if well-formed) or makes one, and returns it on the response. */
export function correlationIdMiddleware(request: Request & { correlationId?: string }, response: Response, next: NextFunction): void {
  const given = request.header(CORRELATION_HEADER);
  const correlationId = given && ACCEPTABLE.test(given) ? given : randomUUID();
  request.correlationId = correlationId;
  response.setHeader(CORRELATION_HEADER, correlationId);
  next();
}
