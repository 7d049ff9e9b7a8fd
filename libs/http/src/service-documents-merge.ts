import { isDeepStrictEqual } from 'node:util';
import { GATEWAY_EXTENSIONS } from './gateway-routing';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { PROBLEM_DESCRIPTIONS } from './problem.dto';

/** The parts of an OpenAPI document the merge reads and writes. */
export interface OpenApiDocument {
  paths?: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
  tags?: Array<{ name: string } & Record<string, unknown>>;
}

export type OpenApiOperation = {
  parameters?: Array<{ name: string; in: string; description?: string } & Record<string, unknown>>;
  requestBody?: unknown;
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
} & Record<string, unknown>;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** One operation the gateway forwards, as the route table holds it. */
export interface GatewayRoute {
  service: string;
  method: HttpMethod;
  /** The OpenAPI path template, e.g. /v1/complaints/{id}. */
  path: string;
  /** Scopes the token must hold ([]: any valid token); null: no credential at all. */
  scopes: string[] | null;
}

/** The services' public operations, merged: the gateway's route table and the part of its document they make. */
export interface MergedServiceDocuments {
  routes: GatewayRoute[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  schemas: Record<string, unknown>;
  tags: Array<{ name: string } & Record<string, unknown>>;
}

export class ServiceDocumentsMergeError extends Error {
  constructor(readonly problems: string[]) {
    super(`the services' OpenAPI documents cannot be merged:\n- ${problems.join('\n- ')}`);
    this.name = 'ServiceDocumentsMergeError';
  }
}

export interface MergeOptions {
  /** Paths the gateway answers itself or does not publish from the services, whatever they declare (its own probes, say). */
  keepsOwn: (path: string) => boolean;
}

/**
 * Merges the services' documents into the operations the gateway publishes. Each operation
 * must say, on itself, whether it is public (`x-public`), which scopes it requires
 * (`x-required-scopes`) or that it is internal (`x-internal`, never published), and whose
 * records it touches (`x-agency-rule`); a missing document, an operation saying none of it, two
 * services claiming one method and path, or one schema name with two meanings is an error
 * naming every case. Two services "claim" one route when some request path matches both of their
 * templates (see `overlap`). What the gateway itself may answer on every forwarded call is added:
 * 429 (its rate limit), 413 on a body method (its JSON parser), 401 where a token is needed.
 */
export function mergeServiceDocuments(documents: Record<string, OpenApiDocument | undefined>, options: MergeOptions): MergedServiceDocuments {
  const problems: string[] = [];
  const merged: MergedServiceDocuments = { routes: [], paths: {}, schemas: {}, tags: [] };
  for (const [service, document] of Object.entries(documents)) {
    if (!document?.paths) {
      problems.push(`no OpenAPI document of the ${service} service`);
      continue;
    }
    for (const [path, item] of Object.entries(document.paths)) {
      if (options.keepsOwn(path)) continue;
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!operation || operation[GATEWAY_EXTENSIONS.internal] === true) continue;
        const declared = routeOf(service, method, path, operation);
        if (typeof declared === 'string') {
          problems.push(`${method.toUpperCase()} ${path} of the ${service} service ${declared}`);
          continue;
        }
        const rival = merged.routes.find((route) => route.service !== service && route.method === method && overlap(route.path, path));
        if (rival) {
          problems.push(rivalry(rival, { service, method, path }));
          continue;
        }
        merged.routes.push(declared);
        (merged.paths[path] ??= {})[method] = asForwarded(operation, declared);
      }
    }
    mergeSchemas(merged.schemas, document.components?.schemas ?? {}, `the ${service} service`, problems);
    for (const tag of document.tags ?? []) if (!merged.tags.some((known) => known.name === tag.name)) merged.tags.push(tag);
  }
  if (problems.length) throw new ServiceDocumentsMergeError(problems);
  merged.routes.sort(byPath);
  return merged;
}

/**
 * True when some request path matches both templates: each segment is the same literal, or a
 * parameter in either (parameter names do not matter to a router). Within one service the
 * gateway's routing order (a literal before a parameter, as Nest orders its own routes) decides;
 * across services one of the two would silently lose requests meant for it.
 */
function overlap(a: string, b: string): boolean {
  const left = a.split('/');
  const right = b.split('/');
  return left.length === right.length && left.every((segment, index) => segment === right[index] || isParameter(segment) || isParameter(right[index]));
}

function rivalry(rival: GatewayRoute, route: Pick<GatewayRoute, 'service' | 'method' | 'path'>): string {
  const key = `${route.method.toUpperCase()} ${route.path}`;
  const rivalKey = `${rival.method.toUpperCase()} ${rival.path}`;
  if (rival.path === route.path) return `${key} is claimed by both the ${rival.service} and the ${route.service} service`;
  if (normalised(rival.path) === normalised(route.path)) return `${key} of the ${route.service} service is ${rivalKey} of the ${rival.service} service under other parameter names`;
  return `${key} of the ${route.service} service and ${rivalKey} of the ${rival.service} service match the same requests (a literal segment of one shadows a parameter of the other)`;
}

function normalised(path: string): string {
  return path
    .split('/')
    .map((segment) => (isParameter(segment) ? '{}' : segment))
    .join('/');
}

function isParameter(segment: string): boolean {
  return segment.startsWith('{');
}

function routeOf(service: string, method: HttpMethod, path: string, operation: OpenApiOperation): GatewayRoute | string {
  const isPublic = operation[GATEWAY_EXTENSIONS.public] === true;
  const scopes = operation[GATEWAY_EXTENSIONS.requiredScopes];
  if (typeof operation[GATEWAY_EXTENSIONS.agencyRule] !== 'string') return `declares no ${GATEWAY_EXTENSIONS.agencyRule}`;
  if (isPublic && scopes !== undefined) return `is both ${GATEWAY_EXTENSIONS.public} and requires scopes`;
  if (isPublic) return { service, method, path, scopes: null };
  if (!Array.isArray(scopes) || !scopes.every((scope) => typeof scope === 'string')) {
    return `declares neither ${GATEWAY_EXTENSIONS.requiredScopes} (RequireScopes or Authenticated) nor ${GATEWAY_EXTENSIONS.public} nor ${GATEWAY_EXTENSIONS.internal}`;
  }
  return { service, method, path, scopes: [...scopes] };
}

/** The operation as the gateway publishes it (a copy: the service's document stays as it is). */
function asForwarded(operation: OpenApiOperation, route: GatewayRoute): OpenApiOperation {
  const forwarded = structuredClone(operation);
  forwarded.parameters = withoutUndescribedDuplicates(forwarded.parameters);
  if (!forwarded.parameters?.length) delete forwarded.parameters;
  const responses = (forwarded.responses ??= {});
  const problemContent = Object.values(responses).find((response) => response.content?.[PROBLEM_CONTENT_TYPE])?.content ?? {
    [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } },
  };
  const statuses = [429, 503, ...(route.method === 'get' || route.method === 'delete' ? [] : [413]), ...(route.scopes === null ? [] : [401])];
  for (const status of statuses) responses[String(status)] ??= { description: PROBLEM_DESCRIPTIONS[status], content: problemContent };
  forwarded.responses = sortedByStatus(responses);
  return forwarded;
}

/**
 * A header read with @Headers('if-match') is documented by @nestjs/swagger as a second,
 * required, undescribed parameter beside the described If-Match; header names are
 * case-insensitive, so the described one is kept.
 */
function withoutUndescribedDuplicates(parameters: OpenApiOperation['parameters']): OpenApiOperation['parameters'] {
  if (!parameters) return parameters;
  const key = (parameter: { name: string; in: string }) => `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
  return parameters.filter((parameter) => parameter.description !== undefined || !parameters.some((other) => other !== parameter && key(other) === key(parameter) && other.description !== undefined));
}

function sortedByStatus<T>(responses: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

function mergeSchemas(into: Record<string, unknown>, schemas: Record<string, unknown>, whose: string, problems: string[]): void {
  for (const [name, schema] of Object.entries(schemas)) {
    if (into[name] === undefined) into[name] = schema;
    else if (!isDeepStrictEqual(into[name], schema)) problems.push(`the schema ${name} of ${whose} differs from another schema of that name`);
  }
}

function byPath(a: GatewayRoute, b: GatewayRoute): number {
  return a.path.localeCompare(b.path) || a.method.localeCompare(b.method);
}

/**
 * The gateway's own document with the services' operations added; a path or schema the
 * gateway declares itself and a service too (with another meaning) is an error.
 */
export function withServiceOperations<T extends object>(document: T, services: Pick<MergedServiceDocuments, 'paths' | 'schemas' | 'tags'>): T {
  const own = document as OpenApiDocument;
  const problems: string[] = [];
  const paths = (own.paths ??= {});
  for (const [path, item] of Object.entries(services.paths)) {
    for (const method of Object.keys(item)) if (paths[path]?.[method]) problems.push(`${method.toUpperCase()} ${path} is declared by the gateway and by a service`);
    paths[path] = { ...paths[path], ...item };
  }
  const components = (own.components ??= {});
  mergeSchemas((components.schemas ??= {}), services.schemas, 'a service (the gateway has one of that name)', problems);
  const tags = (own.tags ??= []);
  for (const tag of services.tags) if (!tags.some((known) => known.name === tag.name)) tags.push(tag);
  if (problems.length) throw new ServiceDocumentsMergeError(problems);
  return document;
}

/**
 * Orders routes so that a router taking the first match finds the most specific one: at the
 * first segment where two paths differ, a literal segment comes before a parameter.
 */
export function routingOrder(a: GatewayRoute, b: GatewayRoute): number {
  const left = a.path.split('/');
  const right = b.path.split('/');
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    if (left[index] === right[index]) continue;
    const leftParameter = isParameter(left[index]);
    const rightParameter = isParameter(right[index]);
    if (leftParameter !== rightParameter) return leftParameter ? 1 : -1;
    return left[index].localeCompare(right[index]);
  }
  return left.length - right.length || a.method.localeCompare(b.method);
}
