import { GatewayRoute, MergedServiceDocuments } from '@palembang/http';
import { mergeBuiltServiceDocuments } from '../testing/built-service-documents';
import { RunningGateway, startGateway } from '../testing/start-gateway';
import { SERVICE_OPERATIONS } from './forwarded-operations';

type Document = { paths: Record<string, Record<string, unknown>> };

/** A path of the route with a value in each parameter: routing and authentication come before any check of it. */
function concretePath(route: GatewayRoute): string {
  return route.path.replace(/\{[^}]+\}/g, 'x');
}

/**
 * The gateway routes by service-operations.json, merged from the services' own documents
 * (`node main.js openapi` of each built service): when a service adds, removes or changes an
 * operation, or one declares neither its scopes nor x-public nor x-internal, this fails until
 * `npm run openapi:gateway` has merged them again.
 */
describe('the operations the gateway forwards', () => {
  let merged: MergedServiceDocuments;
  let gateway: RunningGateway;
  let document: Document;

  beforeAll(async () => {
    [merged, gateway] = await Promise.all([mergeBuiltServiceDocuments(), startGateway()]);
    document = (await (await fetch(`${gateway.baseUrl}/docs-json`)).json()) as Document;
  });

  afterAll(async () => {
    await gateway?.terminate();
  });

  it("are the merge of the services' documents as built now (else run npm run openapi:gateway)", () => {
    expect(JSON.parse(JSON.stringify(merged))).toEqual(SERVICE_OPERATIONS);
    expect(merged.routes.length).toBeGreaterThan(0);
  });

  it('are each reachable through the gateway, which asks for the token before anything else', async () => {
    const answers = await Promise.all(
      merged.routes.map(async (route) => {
        const response = await fetch(`${gateway.baseUrl}${concretePath(route)}`, { method: route.method.toUpperCase() });
        await response.arrayBuffer();
        return `${route.method.toUpperCase()} ${route.path} ${response.status}`;
      }),
    );
    // A public operation reaches its service, which is not running here: 503.
    expect(answers).toEqual(merged.routes.map((route) => `${route.method.toUpperCase()} ${route.path} ${route.scopes === null ? 503 : 401}`));
  });

  it("are in the gateway's public document exactly as merged", () => {
    for (const [path, item] of Object.entries(merged.paths)) {
      for (const [method, operation] of Object.entries(item)) expect({ [`${method} ${path}`]: document.paths[path]?.[method] }).toEqual({ [`${method} ${path}`]: operation });
    }
  });
});
