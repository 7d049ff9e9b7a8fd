import { applyDecorators, Controller, Delete, Get, Inject, Patch, Post, Put, Req, Res, Type, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Authenticated, RequireScopes } from '@palembang/auth';
import { GatewayRoute, HttpMethod, MergedServiceDocuments, routingOrder, type HttpReply } from '@palembang/http';
import { ForwardedRequest } from './idempotency-hand-off.middleware';
import { RateLimitGuard } from './rate-limit.guard';
import { ServiceProxy, Upstream, UPSTREAMS } from './service-proxy';
import serviceOperationsFile from './service-operations.json';

/**
 * The services' public operations, merged from their own OpenAPI documents by
 * `npm run openapi:gateway` (tools/openapi): the route table and the part of the public
 * document they make. Committed, and checked against the built services by
 * service-operations.e2e.spec.ts, so the gateway starts without asking any service.
 */
export const SERVICE_OPERATIONS = serviceOperationsFile as unknown as MergedServiceDocuments;

const ROUTE_DECORATORS: Record<HttpMethod, (path: string) => MethodDecorator> = { get: Get, post: Post, put: Put, patch: Patch, delete: Delete };

/**
 * One controller forwarding every route of the table, each through the same handler: the
 * token (401) and the route's declared scopes (403) checked here, so a bad call never reaches
 * the service (which checks both again), then the client's rate limit (429), then ServiceProxy.
 * The idempotency hand-off, the call audit and the body limit apply as to every forwarded route
 * (gateway.module.ts, the platform's body parser). Nest routes are classes, so the class is built
 * from the table: one method per route, in an order where a literal segment wins over a parameter.
 */
export function forwardingControllerFor(routes: readonly GatewayRoute[]): Type<unknown> {
  @ApiExcludeController()
  @Controller()
  class ForwardedOperationsController {
    constructor(@Inject(ServiceProxy) readonly proxy: ServiceProxy) {}
  }
  const prototype = ForwardedOperationsController.prototype as unknown as Record<string, unknown>;
  for (const route of [...routes].sort(routingOrder)) {
    const upstream = upstreamOf(route);
    const name = `${route.method} ${route.path}`;
    prototype[name] = function forward(this: ForwardedOperationsController, request: ForwardedRequest, response: HttpReply): Promise<void> {
      return this.proxy.forward(upstream, request, response);
    };
    Req()(prototype, name, 0);
    Res()(prototype, name, 1);
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor;
    applyDecorators(ROUTE_DECORATORS[route.method](routePathOf(route.path)), ...accessOf(route), UseGuards(RateLimitGuard))(prototype, name, descriptor);
  }
  return ForwardedOperationsController;
}

function accessOf(route: GatewayRoute): MethodDecorator[] {
  if (route.scopes === null) return [];
  return [route.scopes.length > 0 ? RequireScopes(...route.scopes) : Authenticated()];
}

function upstreamOf(route: GatewayRoute): Upstream {
  if (!(UPSTREAMS as readonly string[]).includes(route.service)) {
    throw new Error(`${route.method.toUpperCase()} ${route.path} names the service ${route.service}, which the gateway does not know (known: ${UPSTREAMS.join(', ')})`);
  }
  return route.service as Upstream;
}

/** /v1/complaints/{id} as a route path is written: /v1/complaints/:id. */
export function routePathOf(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}
