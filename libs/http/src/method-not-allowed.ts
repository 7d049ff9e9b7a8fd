import type { FastifyInstance } from 'fastify';
import { pathOf } from './fastify-http';
import { problem } from './problem';
import { sendError } from './problem-details.filter';

type Route = { segments: string[]; methods: string[] };

/**
 * An undeclared method on a known path answers 405 with `Allow` (RFC 9110
 * section 15.5.6), not the 404 Fastify gives any request no route takes. The
 * routes are collected as they are registered (Fastify's onRoute hook, so this
 * must be installed before the controllers' routes are: serveHttp does), and a
 * request is looked at only when Fastify found no route for its method. A path
 * no route matches stays a 404, and so does one with dot segments or a backslash
 * (`/v1/things/../verify` is no record's `verify`); OPTIONS is left to whatever answers it.
 */
export function answerMethodNotAllowed(fastify: FastifyInstance): void {
  const routes = new Map<string, Route>();
  fastify.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    const entry = routes.get(url) ?? { segments: url.split('/'), methods: [] };
    for (const method of [route.method].flat()) if (!entry.methods.includes(method)) entry.methods.push(method);
    routes.set(url, entry);
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.is404 || request.method === 'OPTIONS') return done();
    const path = pathOf(request);
    if (!isPlainPath(path)) return done();
    const allowed = allowedMethods([...routes.values()], path);
    if (allowed.length === 0 || allowed.includes(request.method)) return done();
    const allow = allowed.join(', ');
    sendError(request, reply, problem(405, { code: 'REQUEST.METHOD_NOT_ALLOWED', detail: `${request.method} is not allowed here; allowed: ${allow}.` }), { Allow: allow });
  });
}

/**
 * No dot segment or backslash, encoded or not (the query aside): URL parsing would resolve such a path
 * to another route than the one it matched, so it names no route (a 404 here, and at the gateway's proxy).
 */
export function isPlainPath(url: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.split('?')[0]);
  } catch {
    return false;
  }
  return !decoded.includes('\\') && !decoded.split('/').some((segment) => segment === '.' || segment === '..');
}

/** The methods some route of the path answers (Fastify answers HEAD wherever GET is, and registers it so). */
export function allowedMethods(routes: ReadonlyArray<Route>, path: string): string[] {
  const methods = new Set<string>();
  const segments = path.split('/');
  for (const route of routes) {
    if (!matches(route.segments, segments)) continue;
    route.methods.forEach((method) => methods.add(method));
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

/** A route pattern's segments against a path's: `:name` takes one non-empty segment, `*` the rest. */
function matches(pattern: readonly string[], path: readonly string[]): boolean {
  for (let index = 0; index < pattern.length; index += 1) {
    const part = pattern[index];
    if (part === '*') return true;
    if (index >= path.length) return false;
    if (part.startsWith(':') ? path[index] === '' : part !== path[index]) return false;
  }
  return pattern.length === path.length;
}
