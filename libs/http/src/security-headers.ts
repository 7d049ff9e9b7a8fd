import type { FastifyReply, FastifyRequest } from 'fastify';

/** A year, with subdomains: browsers then reach the API only over TLS. */
const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * Headers every answer of every service carries (a 200, a problem, the docs;
 * Fastify sends no X-Powered-By):
 * no MIME sniffing, no framing (clickjacking), no referrer leaking paths that
 * hold ids, and, over TLS, HSTS. The request counts as TLS when it is
 * (`request.protocol`), which includes X-Forwarded-Proto: https, but only from a
 * proxy the service trusts (Fastify's `trustProxy`, the gateway's
 * GATEWAY_TRUSTED_PROXIES); from anyone else that header is ignored. A Fastify
 * onRequest hook, ahead of every Nest middleware; set on Node's response, so an
 * answer a middleware ends itself carries them too. A page that
 * needs a fuller policy (the dashboard) sets its own Content-Security-Policy,
 * which replaces this one and keeps frame-ancestors 'none'.
 */
export function securityHeaders(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const response = reply.raw;
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  if (request.protocol === 'https') response.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  done();
}
