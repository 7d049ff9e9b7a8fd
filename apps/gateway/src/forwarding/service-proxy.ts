import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AuthenticatedRequest, GATEWAY_ASSERTION_HEADER, InternalAssertionSigner } from '@palembang/auth';
import { CORRELATION_HEADER, IDEMPOTENCY_HEADER, isPlainPath, problem, ProblemException, routePatternOf, serviceUnavailable, type HttpRequest, type HttpReply } from '@palembang/http';
import { Agent, Dispatcher, request as sendRequest } from 'undici';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';
import { ForwardedRequest, forwardedIdempotencyKey } from './idempotency-hand-off.middleware';

/** How long the gateway waits for a service before answering 503. */
export const UPSTREAM_TIMEOUT_MS = 10_000;
const RETRY_AFTER_SECONDS = 5;

/** Request headers a service needs; everything else (cookies, hop-by-hop headers, ...) stays at the gateway. */
const REQUEST_HEADERS = ['authorization', 'content-type', 'if-match', 'if-none-match', 'accept', 'accept-language', 'x-experience-api-version'];
/** Response headers a caller needs. */
const RESPONSE_HEADERS = [
  'content-type',
  'etag',
  'location',
  'retry-after',
  'idempotent-replayed',
  'www-authenticate',
  'cache-control',
  'last-modified',
  'content-disposition',
  'x-experience-api-version',
  'x-experience-api-consistent-through',
];

const FORWARDED_TARGET = Symbol('forwardedTarget');
type Retargeted = { [FORWARDED_TARGET]?: string };

/** The request goes on to the service as `target` (path and query) rather than as it came: Fastify's originalUrl cannot be rewritten. */
export function forwardAs(request: object, target: string): void {
  (request as Retargeted)[FORWARDED_TARGET] = target;
}

export const UPSTREAMS = ['permits', 'complaints', 'training', 'accountability', 'webhooks'] as const;
export type Upstream = (typeof UPSTREAMS)[number];

/**
 * Forwards a public call to the internal service that owns it: method, path,
 * query, JSON body and the headers that matter go in; status, body and the
 * headers that matter come back. A service that refuses the connection or does
 * not answer within 10 s is a 503 with Retry-After, never a 500.
 *
 * undici's pooled `request` rather than `fetch`: every call crosses this hop,
 * and fetch's WHATWG streams and abort signals cost the gateway more CPU per
 * call than the routing, authentication and auditing together (measured with
 * bench/gateway/profile.ts, see docs/benchmarks.md).
 */
@Injectable()
export class ServiceProxy implements OnApplicationShutdown {
  private readonly logger = new Logger('ServiceProxy');
  private readonly baseUrls: Record<Upstream, string>;
  /** Keep-alive connections to the services, shared by all calls. */
  private readonly connections = new Agent({ keepAliveTimeout: 4_000, headersTimeout: UPSTREAM_TIMEOUT_MS, bodyTimeout: UPSTREAM_TIMEOUT_MS });
  /** With INTERNAL_ASSERTION_KEY: the services take the gateway's verification instead of verifying the token again. */
  private readonly assertions?: InternalAssertionSigner;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.baseUrls = { permits: config.permitsUrl, complaints: config.complaintsUrl, training: config.trainingUrl, accountability: config.accountabilityUrl, webhooks: config.webhooksUrl };
    if (config.internalAssertionKey) this.assertions = new InternalAssertionSigner(config.internalAssertionKey);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connections.close();
  }

  forward(upstream: Upstream, request: ForwardedRequest, response: HttpReply): Promise<void> {
    return this.forwardTo(upstream, (request as Retargeted)[FORWARDED_TARGET] ?? request.originalUrl, request, response);
  }

  /** Forwards to `path` (with its query) on the service instead of the request's own path. */
  async forwardTo(upstream: Upstream, path: string, request: ForwardedRequest, response: HttpReply): Promise<void> {
    const baseUrl = this.baseUrls[upstream];
    const url = upstreamUrl(baseUrl, path);
    let answer: Dispatcher.ResponseData;
    let body: Buffer;
    try {
      answer = await sendRequest(url, {
        method: request.method as Dispatcher.HttpMethod,
        headers: await this.requestHeaders(request, path),
        body: hasBody(request) ? forwardedBody(request) : undefined,
        dispatcher: this.connections,
        // One deadline for the whole exchange (connect, headers, body), as before with fetch.
        signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
      });
      body = Buffer.from(await answer.body.arrayBuffer());
    } catch (error) {
      this.logger.warn(`${upstream} did not answer ${request.method} ${routePatternOf(request) ?? ''}: ${describe(error)}`);
      throw serviceUnavailable(`The ${upstream} service is unavailable; retry later.`, RETRY_AFTER_SECONDS);
    }
    response.status(answer.statusCode);
    for (const name of RESPONSE_HEADERS) {
      const value = answer.headers[name];
      if (value === undefined) continue;
      const text = Array.isArray(value) ? value.join(', ') : value;
      response.header(name, name === 'location' ? publicLocation(text, baseUrl) : text);
    }
    response.send(body);
  }

  private async requestHeaders(request: ForwardedRequest, path: string): Promise<Record<string, string>> {
    const headers: Record<string, string> = {};
    for (const name of REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    if (hasBody(request) && !Buffer.isBuffer(request.body)) headers['content-type'] = 'application/json';
    const idempotencyKey = forwardedIdempotencyKey(request);
    if (idempotencyKey !== undefined) headers[IDEMPOTENCY_HEADER] = idempotencyKey;
    // Set by the correlation middleware: the caller's id when well-formed, else a new one.
    headers[CORRELATION_HEADER] = (request as HttpRequest & { correlationId?: string }).correlationId ?? '';
    // A token the gateway verified itself (not one it made for Open311 or xAPI credentials): the service takes this
    // assertion for this one call instead of verifying the token again; the token still goes along for a service without the key.
    const verified = (request as AuthenticatedRequest).verifiedToken;
    const assertion = verified && (await this.assertions?.assertionFor(verified, { method: request.method, path }));
    if (assertion) headers[GATEWAY_ASSERTION_HEADER] = assertion;
    return headers;
  }
}

/**
 * The service's URL for a request target. Only the origin-form (`/path?query`) is forwarded:
 * Node passes an absolute-form target (`GET xyzzy://y/v1/permit-types`) by its path, and
 * joined to the base URL it would name another host (`http://permitsxyzzy://...`). The joined
 * URL must keep the base URL's origin whatever the target holds.
 */
function upstreamUrl(baseUrl: string, path: string): string {
  if (!path.startsWith('/')) {
    throw new ProblemException(problem(400, { code: 'REQUEST.TARGET_NOT_ORIGIN_FORM', detail: 'The request target must be a path (origin-form), not an absolute URL.' }));
  }
  if (!isPlainPath(path)) throw new ProblemException(problem(404, { code: 'REQUEST.NOT_FOUND', detail: 'No such resource.' }));
  const url = `${baseUrl}${path}`;
  const origin = originOf(url);
  if (origin === undefined || origin !== originOf(baseUrl)) throw new ProblemException(problem(404, { code: 'REQUEST.NOT_FOUND', detail: 'No such resource.' }));
  return url;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The gateway parsed the body (JSON, bounded by the shared body limit), or a route read it as bytes. */
function hasBody(request: HttpRequest): boolean {
  const length = Number(request.headers['content-length'] ?? 0);
  return (length > 0 || request.headers['transfer-encoding'] !== undefined) && request.body !== undefined;
}

/** A body the route read as bytes (an xAPI document of any media type) goes on as it came, under its own Content-Type; any other as JSON. */
function forwardedBody(request: HttpRequest): Buffer | string {
  return Buffer.isBuffer(request.body) ? request.body : JSON.stringify(request.body);
}


/** A Location on the service's own address becomes the same path on the gateway. */
function publicLocation(location: string, baseUrl: string): string {
  return location.startsWith(baseUrl) ? location.slice(baseUrl.length) || '/' : location;
}

function describe(error: unknown): string {
  const code = (error as { code?: string })?.code;
  const timedOut = (error instanceof Error && error.name === 'TimeoutError') || code === 'UND_ERR_ABORTED' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
  if (timedOut) return `no answer within ${UPSTREAM_TIMEOUT_MS} ms`;
  return code ?? (error as { cause?: { code?: string } })?.cause?.code ?? String(error);
}
