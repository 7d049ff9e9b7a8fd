import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CORRELATION_HEADER, HttpRequest, pathOf } from '@palembang/http';
import { alternateRequest, isAlternateRequest } from '@palembang/xapi';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { xapiBadRequest } from './xapi.service';

/**
 * A POST with `?method=` (xAPI's Alternate Request Syntax, 1.3) is answered as the request it stands for: method,
 * headers, query and body from its form fields. Fastify picks a request's route when it arrives, before its form is
 * read, so once the form is read the ordinary request is sent through the application again (Fastify's inject, in
 * memory) and its answer is this one's: routing, the version check, authentication and the handler treat both alike.
 */
@Injectable()
export class XapiAlternateRequests implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance() as FastifyInstance | undefined;
    fastify?.addHook('preValidation', async (request, reply) => {
      if (!pathOf(request).includes('/xapi/') || !isAlternateRequest(request.method, request.query as Record<string, unknown>)) return;
      await answerAsOrdinary(fastify, request as HttpRequest, reply);
    });
  }
}

async function answerAsOrdinary(fastify: FastifyInstance, request: HttpRequest, reply: FastifyReply): Promise<void> {
  const alternate = alternateRequest(request.query, request.headers['content-type'], request.body);
  if (!alternate.ok) throw xapiBadRequest(alternate.errors);
  const { method, headers, query, content } = alternate.value;
  const json = content !== undefined && !Buffer.isBuffer(content);
  const answer = await fastify.inject({
    method,
    url: `${pathOf(request)}${query}`,
    headers: { ...withoutLength(headers), ...(json && !headers['content-type'] ? { 'content-type': 'application/json' } : {}), [CORRELATION_HEADER]: request.correlationId ?? '' },
    payload: content === undefined ? undefined : json ? JSON.stringify(content) : (content as Buffer),
  });
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined && !['content-length', 'connection', 'transfer-encoding', 'date', 'keep-alive'].includes(name)) reply.header(name, value);
  }
  await reply.status(answer.statusCode).send(answer.rawPayload);
}

function withoutLength(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'content-length'));
}
