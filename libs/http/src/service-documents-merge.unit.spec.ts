import { GatewayRoute, mergeServiceDocuments, OpenApiDocument, OpenApiOperation, routingOrder, ServiceDocumentsMergeError, withServiceOperations } from './service-documents-merge';

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } };
const keepsOwn = (path: string) => path.startsWith('/health/');

function operation(extensions: Record<string, unknown>, extra: Partial<OpenApiOperation> = {}): OpenApiOperation {
  return { responses: { '200': { description: 'ok' }, '503': { description: 'down', content: PROBLEM } }, 'x-agency-rule': 'own-agency', ...extensions, ...extra };
}

function document(paths: OpenApiDocument['paths'], schemas: Record<string, unknown> = {}): OpenApiDocument {
  return { paths, components: { schemas } };
}

function mergeFailures(documents: Record<string, OpenApiDocument | undefined>): string[] {
  try {
    mergeServiceDocuments(documents, { keepsOwn });
  } catch (error) {
    if (error instanceof ServiceDocumentsMergeError) return error.problems;
    throw error;
  }
  throw new Error('the merge succeeded');
}

describe('merging the services’ documents into the gateway’s routes', () => {
  it('routes each operation to its service with the scopes it declares, public ones with none', () => {
    const merged = mergeServiceDocuments(
      {
        permits: document({ '/v1/permit-types': { get: operation({ 'x-required-scopes': ['permits:read'] }) } }),
        training: document({ '/xapi/about': { get: operation({ 'x-public': true, 'x-agency-rule': 'public' }) }, '/v1/cohorts/{id}': { get: operation({ 'x-required-scopes': [] }) } }),
      },
      { keepsOwn },
    );
    expect(merged.routes).toEqual([
      { service: 'training', method: 'get', path: '/v1/cohorts/{id}', scopes: [] },
      { service: 'permits', method: 'get', path: '/v1/permit-types', scopes: ['permits:read'] },
      { service: 'training', method: 'get', path: '/xapi/about', scopes: null },
    ]);
  });

  it('leaves out internal operations and the paths the gateway keeps', () => {
    const merged = mergeServiceDocuments(
      { permits: document({ '/health/ready': { get: operation({ 'x-public': true }) }, '/v1/internal/rebuild': { post: operation({ 'x-internal': true }) } }) },
      { keepsOwn },
    );
    expect(merged.routes).toEqual([]);
    expect(merged.paths).toEqual({});
  });

  it('documents what the gateway answers itself: 429 everywhere, 413 on a body method, 401 where a token is needed', () => {
    const merged = mergeServiceDocuments(
      { permits: document({ '/v1/permit-applications': { post: operation({ 'x-required-scopes': ['permits:write'] }) }, '/v1/open': { get: operation({ 'x-public': true }) } }) },
      { keepsOwn },
    );
    expect(Object.keys(merged.paths['/v1/permit-applications'].post.responses ?? {})).toEqual(['200', '401', '413', '429', '503']);
    expect(Object.keys(merged.paths['/v1/open'].get.responses ?? {})).toEqual(['200', '429', '503']);
    expect(merged.paths['/v1/open'].get.responses?.['429'].content).toEqual(PROBLEM);
  });

  it('keeps the described one of two header parameters differing only in case', () => {
    const ifMatch = { name: 'If-Match', in: 'header', description: 'ETag of the version' };
    const merged = mergeServiceDocuments(
      { permits: document({ '/v1/a/{id}': { post: operation({ 'x-required-scopes': [] }, { parameters: [{ name: 'id', in: 'path' }, { name: 'if-match', in: 'header', required: true }, ifMatch] }) } }) },
      { keepsOwn },
    );
    expect(merged.paths['/v1/a/{id}'].post.parameters).toEqual([{ name: 'id', in: 'path' }, ifMatch]);
  });

  it('fails naming a service whose document is missing', () => {
    expect(mergeFailures({ permits: document({}), complaints: undefined })).toEqual(['no OpenAPI document of the complaints service']);
  });

  it('fails naming an operation that declares neither scopes nor public nor internal, or no agency rule', () => {
    expect(
      mergeFailures({
        permits: document({ '/v1/a': { get: operation({}) }, '/v1/b': { get: { responses: {}, 'x-required-scopes': [] } } }),
      }),
    ).toEqual([
      'GET /v1/a of the permits service declares neither x-required-scopes (RequireScopes or Authenticated) nor x-public nor x-internal',
      'GET /v1/b of the permits service declares no x-agency-rule',
    ]);
  });

  it('fails when two services claim one method and path', () => {
    const claimed = document({ '/v1/audit/streams/{streamId}/verify': { get: operation({ 'x-required-scopes': ['admin'] }) } });
    expect(mergeFailures({ permits: claimed, complaints: claimed })).toEqual(['GET /v1/audit/streams/{streamId}/verify is claimed by both the permits and the complaints service']);
  });

  it('fails when two services claim one route under other parameter names: a router sends both to whichever comes first', () => {
    expect(
      mergeFailures({
        permits: document({ '/v1/things/{id}': { get: operation({ 'x-required-scopes': ['permits:read'] }) } }),
        complaints: document({ '/v1/things/{code}': { get: operation({ 'x-required-scopes': ['complaints:read'] }) } }),
      }),
    ).toEqual(['GET /v1/things/{code} of the complaints service is GET /v1/things/{id} of the permits service under other parameter names']);
  });

  it('fails when a literal path of one service shadows a parameter of another (a record whose id is "summary" would be unreachable)', () => {
    expect(
      mergeFailures({
        permits: document({ '/v1/things/{id}': { get: operation({ 'x-required-scopes': ['permits:read'] }) } }),
        complaints: document({ '/v1/things/summary': { get: operation({ 'x-required-scopes': ['complaints:read'] }), post: operation({ 'x-required-scopes': [] }) } }),
      }),
    ).toEqual([
      'GET /v1/things/summary of the complaints service and GET /v1/things/{id} of the permits service match the same requests (a literal segment of one shadows a parameter of the other)',
    ]);
  });

  it('leaves a literal beside a parameter within one service to the routing order, and other methods or lengths to their own owners', () => {
    const merged = mergeServiceDocuments(
      {
        permits: document({ '/v1/things/{id}': { get: operation({ 'x-required-scopes': [] }) }, '/v1/things/summary': { get: operation({ 'x-required-scopes': [] }) } }),
        complaints: document({ '/v1/things/{id}': { delete: operation({ 'x-required-scopes': [] }) }, '/v1/things/{id}/notes': { get: operation({ 'x-required-scopes': [] }) } }),
      },
      { keepsOwn },
    );
    expect(merged.routes.map((route) => `${route.service} ${route.method} ${route.path}`).sort()).toEqual([
      'complaints delete /v1/things/{id}',
      'complaints get /v1/things/{id}/notes',
      'permits get /v1/things/summary',
      'permits get /v1/things/{id}',
    ]);
  });

  it('fails when two services give one schema name two meanings', () => {
    expect(mergeFailures({ permits: document({}, { PageDto: { type: 'object' } }), complaints: document({}, { PageDto: { type: 'array' } }) })).toEqual([
      'the schema PageDto of the complaints service differs from another schema of that name',
    ]);
  });
});

describe('the gateway’s document with the services’ operations', () => {
  it('holds both, and refuses an operation declared by the gateway and a service', () => {
    const services = { paths: { '/v1/a': { get: operation({ 'x-required-scopes': [] }) } }, schemas: { A: { type: 'object' } }, tags: [] };
    const own = { openapi: '3.0.0', paths: { '/oauth/token': { post: operation({}) } }, components: { schemas: { B: { type: 'object' } } } };
    const merged = withServiceOperations(own, services);
    expect(Object.keys(merged.paths)).toEqual(['/oauth/token', '/v1/a']);
    expect(Object.keys(merged.components.schemas)).toEqual(['B', 'A']);
    expect(() => withServiceOperations({ paths: { '/v1/a': { get: operation({}) } } }, services)).toThrow('GET /v1/a is declared by the gateway and by a service');
  });
});

describe('the routing order', () => {
  const route = (path: string): GatewayRoute => ({ service: 'permits', method: 'get', path, scopes: [] });

  it('puts a literal segment before a parameter at the first segment where two paths differ', () => {
    const paths = ['/v1/complaints/{id}', '/v1/complaints/stats', '/v1/complaints/{id}/updates', '/v1/complaints'].map(route).sort(routingOrder).map((r) => r.path);
    expect(paths).toEqual(['/v1/complaints', '/v1/complaints/stats', '/v1/complaints/{id}', '/v1/complaints/{id}/updates']);
  });
});
