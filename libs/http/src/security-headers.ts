import type { NextFunction, Request, Response } from 'express';

/** A year, with subdomains: browsers then reach the API only over TLS. */
const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

/**
 * Headers every answer of every service carries (a 200, a problem, the docs;
 * X-Powered-By is switched off at its source, in serveHttp):
 * no MIME sniffing, no framing (clickjacking), no referrer leaking paths that
 * hold ids, and, over TLS, HSTS. The request counts as TLS when it is
 * (`request.secure`), which includes X-Forwarded-Proto: https, but only from a
 * proxy the service trusts (Express's `trust proxy`, the gateway's
 * GATEWAY_TRUSTED_PROXIES); from anyone else that header is ignored. A page that
 * needs a fuller policy (the dashboard) sets its own Content-Security-Policy,
 * which replaces this one and keeps frame-ancestors 'none'.
 */
export function securityHeadersMiddleware(request: Request, response: Response, next: NextFunction): void {
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  if (request.secure) response.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  next();
}
