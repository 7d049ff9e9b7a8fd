import { INestApplication } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication, RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { problem, ProblemDetails } from './problem';
import { sendProblem } from './problem-details.filter';

/** The request a controller, guard, interceptor or filter gets (Fastify's), with what the shared conventions add. */
export type HttpRequest = FastifyRequest<{ Querystring: QueryFields }> & { correlationId?: string };
/** A query string's fields as Fastify reads them (as Express did): a repeated field is an array. */
export type QueryFields = Record<string, string | string[] | undefined>;
/** The reply a controller (`@Res()`), interceptor or filter gets. */
export type HttpReply = FastifyReply;
/** What a Nest middleware gets on Fastify: Node's own request, which the correlation middleware names. */
export type RawRequest = IncomingMessage & { correlationId?: string; originalUrl?: string };

/** The route's config key that lets it read bodies of other media types as bytes (see RawBody). */
const RAW_BODY = 'rawBody';
type RawBodyConfig = { limit: number };

/**
 * The route also takes bodies of any other media type than JSON and forms (which are parsed as on every
 * route), as the bytes sent, up to `limit` (`64kb`, `8mb`): an xAPI document, statements with attachments,
 * the gateway passing them on. Such a body arrives as a `Buffer`.
 */
export const RawBody = (limit: string | number) => RouteConfig({ [RAW_BODY]: { limit: bytesOf(limit) } satisfies RawBodyConfig });

/** Which proxies may say who the caller is (X-Forwarded-For/-Proto); nobody until one is named. */
const trustedProxiesOf = new WeakMap<FastifyAdapter, { isTrusted: (address: string, hop: number) => boolean }>();

/**
 * The HTTP server every service and the gateway run on: Fastify. Body parsing, its limits and the
 * conventions are added by applyHttpConventions; the trusted proxies by trustProxies.
 */
export function createHttpAdapter(): FastifyAdapter {
  const trust = { isTrusted: (_address: string, _hop: number) => false };
  // Decoded path params longer than find-my-way's default of 100 characters still reach the routes' own validation (a 400 naming the field, not a 404).
  // Keep-alive as Node's default (5 s, not Fastify's 72 s): the gateway's pool to the services lets go first (4 s).
  const adapter = new FastifyAdapter({
    trustProxy: (address: string, hop: number) => trust.isTrusted(address, hop),
    keepAliveTimeout: 5_000,
    routerOptions: { maxParamLength: 1000 },
    frameworkErrors: (_error: unknown, request: FastifyRequest, reply: FastifyReply) => sendProblem(request, reply, badTargetProblem(request.raw.url ?? '')),
  });
  trustedProxiesOf.set(adapter, trust);
  return adapter;
}

/**
 * A request target Fastify cannot route (an absolute-form `GET xyzzy://y/v1/x`, a broken percent-encoding) is a
 * problem like any other bad input; Fastify answers it before any hook or route, so it is written here.
 */
function badTargetProblem(target: string): ProblemDetails {
  if (!target.startsWith('/')) return problem(400, { code: 'REQUEST.TARGET_NOT_ORIGIN_FORM', detail: 'The request target must be a path (origin-form), not an absolute URL.' });
  return problem(400, { code: 'REQUEST.INVALID_TARGET', detail: 'The request target is not a valid path.' });
}

/** From now on X-Forwarded-For and X-Forwarded-Proto are read from the peers `isTrusted` names (and only as far back as they vouch). */
export function trustProxies(adapter: unknown, isTrusted: (address: string) => boolean): void {
  const trust = trustedProxiesOf.get(adapter as FastifyAdapter);
  if (!trust) throw new Error('trustProxies needs the adapter made by createHttpAdapter');
  trust.isTrusted = (address) => isTrusted(address);
}

export function fastifyOf(app: INestApplication): FastifyInstance {
  return app.getHttpAdapter().getInstance() as FastifyInstance;
}

/**
 * The bodies the platform reads: JSON (any JSON text, `null` and `5` included: an xAPI document may be
 * any JSON, and a route taking a DTO answers a scalar with the DTO's field errors) and HTML form bodies
 * (Open311), each up to `limit` bytes (413 beyond); a route marked RawBody takes any other media type as
 * bytes, up to its own limit. Any other media type elsewhere is a 415, refused before it is read.
 * Fastify reads the body before Nest's guards run (Express read it before them too, but for raw bodies).
 */
export function parseBodies(app: INestApplication, limit: number): void {
  const fastify = fastifyOf(app);
  fastify.removeAllContentTypeParsers();
  // Through Nest's useBodyParser, so that Nest adds no parsers of its own.
  const nest = app as NestFastifyApplication;
  const json = fastify.getDefaultJsonParser('error', 'error');
  nest.useBodyParser('application/json', { bodyLimit: limit }, (request, body, done) => {
    // An empty JSON body reads as {} (as Express read it): a command without fields needs none.
    if (body.length === 0) return done(null, {});
    json(request as never, body.toString('utf8'), (error, value) => done(error && requestError(error), value));
  });
  nest.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: limit }, (_request, body, done) => {
    done(null, { ...parseQueryString(body.toString('utf8')) });
  });
  fastify.addContentTypeParser('*', (request, payload, done) => {
    const raw = rawBodyConfigOf(request.routeOptions.config);
    if (!raw) return done(requestError({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415, message: 'unsupported media type' }), undefined);
    readBytes(payload, Number(request.headers['content-length']), raw.limit).then((bytes) => done(null, bytes), (error: Error) => done(error, undefined));
  });
}

/** The whole body, refused (413) as soon as it is known to be larger than `limit`. */
async function readBytes(payload: NodeJS.ReadableStream, declaredLength: number, limit: number): Promise<Buffer> {
  const tooLarge = () => requestError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413, message: 'Request body is too large' });
  if (declaredLength > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of payload) {
    length += (chunk as Buffer).length;
    if (length > limit) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * A refusal of the body, as a plain Error keeping Fastify's code: Nest would turn a FastifyError into an
 * HttpException with Fastify's message only, and the problem filter names the refusal by the code.
 */
function requestError(error: { code?: string; statusCode?: number; message: string }): Error {
  return Object.assign(new Error(error.message), { code: error.code, statusCode: error.statusCode });
}

function rawBodyConfigOf(config: unknown): RawBodyConfig | undefined {
  return (config as Record<string, RawBodyConfig | undefined> | undefined)?.[RAW_BODY];
}

/** `64kb`, `1mb` or a number of bytes, as the body limits have always been written. */
export function bytesOf(limit: string | number): number {
  if (typeof limit === 'number') return limit;
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(limit.trim());
  if (!match) throw new Error(`not a size: ${limit}`);
  return Number(match[1]) * ({ b: 1, kb: 1024, mb: 1024 * 1024 }[(match[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb']);
}

/** The path of the request, without its query (what Express called `request.path`). */
export function pathOf(request: { url: string; originalUrl?: string }): string {
  return (request.originalUrl ?? request.url).split('?')[0];
}

/** The route pattern that answered (`/v1/things/:id`), or undefined when none did. */
export function routePatternOf(request: FastifyRequest): string | undefined {
  return request.is404 ? undefined : request.routeOptions.url;
}

/** One header of the request, the first if it came more than once. */
export function headerOf(request: { headers: IncomingMessage['headers'] }, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** A reply as a controller or filter has it (Fastify's), or as a Nest middleware has it (Node's own). */
export type AnyReply = FastifyReply | ServerResponse;

function isFastifyReply(reply: AnyReply): reply is FastifyReply {
  return 'raw' in reply && typeof (reply as FastifyReply).code === 'function';
}

/** Sets the headers on the reply, whichever kind it is. */
export function setHeaders(reply: AnyReply, headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (isFastifyReply(reply)) reply.header(name, value);
    else reply.setHeader(name, value);
  }
}

/** Sends a whole answer (status, headers, a text or byte body) on either kind of reply. */
export function sendAnswer(reply: AnyReply, status: number, headers: Readonly<Record<string, string>>, body?: string | Buffer): void {
  setHeaders(reply, headers);
  if (isFastifyReply(reply)) {
    reply.status(status).send(body);
    return;
  }
  reply.statusCode = status;
  reply.end(body);
}

/** Whether the answer's head was sent already (a handler that wrote its own answer). */
export function headersSentOf(reply: AnyReply): boolean {
  return isFastifyReply(reply) ? reply.sent || reply.raw.headersSent : reply.headersSent;
}
