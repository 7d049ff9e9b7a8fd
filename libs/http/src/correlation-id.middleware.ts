import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { headerOf, RawRequest } from './fastify-http';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Takes the caller's correlation id (if well-formed) or makes one, and returns it on the response.
 * A Fastify onRequest hook, ahead of every Nest middleware; the id is kept on Node's request too,
 * which is what those middleware get.
 */
export function correlateRequest(request: FastifyRequest & { correlationId?: string }, reply: FastifyReply, done: () => void): void {
  const given = headerOf(request, CORRELATION_HEADER);
  const correlationId = given && ACCEPTABLE.test(given) ? given : randomUUID();
  request.correlationId = correlationId;
  (request.raw as RawRequest).correlationId = correlationId;
  reply.raw.setHeader(CORRELATION_HEADER, correlationId);
  done();
}
