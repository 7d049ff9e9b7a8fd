import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { problem } from './problem';
import { sendError } from './problem-details.filter';

type RouteLayer = { route?: { methods: Record<string, boolean> }; match(path: string): unknown };
type ExpressApp = { router?: { stack: RouteLayer[] } };

/**
 * An undeclared method on a known path answers 405 with `Allow` (RFC 9110
 * section 15.5.6), not the 404 Express gives any unmatched request. The methods
 * of a path are read from the application's own routes (those Nest registered
 * from the controllers, the OpenAPI document's among them), once, on the first
 * request: by then every route is registered, and none is added later. A path
 * no route matches stays a 404, and so does one with dot segments or a backslash
 * (`/v1/things/../verify` is no record's `verify`); OPTIONS is left to whatever answers it.
 */
export function methodNotAllowedMiddleware(app: INestApplication): (request: Request, response: Response, next: NextFunction) => void {
  let routes: Array<{ layer: RouteLayer; methods: string[] }> | undefined;
  const routesOf = () => (routes ??= routeTable(app.getHttpAdapter().getInstance() as ExpressApp));
  return (request, response, next) => {
    if (request.method === 'OPTIONS' || !isPlainPath(request.path)) return next();
    // The usual request has a route for its method: stop at the first, and collect every method only for the rare one that has none.
    if (answers(routesOf(), request.method, request.path)) return next();
    const allowed = allowedMethods(routesOf(), request.path);
    if (allowed.length === 0 || allowed.includes(request.method)) return next();
    const allow = allowed.join(', ');
    sendError(request, response, problem(405, { code: 'REQUEST.METHOD_NOT_ALLOWED', detail: `${request.method} is not allowed here; allowed: ${allow}.` }), { Allow: allow });
  };
}

/**
 * The routes that answer: Express's route layers but those taking every method, which is how Nest
 * registers a middleware bound to paths for all methods (`forRoutes({ path: 'v1/*path', method:
 * RequestMethod.ALL })` lists every method Node knows; an exact path gets `all`). No handler here
 * takes every method (@All).
 */
function routeTable(express: ExpressApp): Array<{ layer: RouteLayer; methods: string[] }> {
  return (express.router?.stack ?? [])
    .filter((layer) => layer.route !== undefined && !takesEveryMethod(layer.route.methods))
    .map((layer) => ({ layer, methods: Object.keys(layer.route?.methods ?? {}).map((method) => method.toUpperCase()) }));
}

const COMMON_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options'];

function takesEveryMethod(methods: Record<string, boolean>): boolean {
  return methods._all === true || COMMON_METHODS.every((method) => methods[method]);
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

function answers(routes: ReadonlyArray<{ layer: RouteLayer; methods: string[] }>, method: string, path: string): boolean {
  const wanted = method === 'HEAD' ? 'GET' : method;
  return routes.some((route) => (route.methods.includes(wanted) || route.methods.includes(method)) && route.layer.match(path));
}

/** The methods some route of the path answers, HEAD wherever GET is (Express answers it). */
export function allowedMethods(routes: ReadonlyArray<{ layer: RouteLayer; methods: string[] }>, path: string): string[] {
  const methods = new Set<string>();
  for (const { layer, methods: ofRoute } of routes) {
    if (!layer.match(path)) continue;
    ofRoute.forEach((method) => methods.add(method));
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
