import { RunningGateway, startGateway } from '../testing/start-gateway';
import asyncApiFile from './asyncapi.json';

/** The document itself is checked against the contracts by tools/asyncapi; this checks that the gateway publishes it. */
describe('GET /asyncapi.json', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway?.terminate();
  });

  it('answers anyone, without a token, with the committed AsyncAPI document as JSON', async () => {
    const response = await fetch(`${gateway.baseUrl}/asyncapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(await response.json()).toEqual(asyncApiFile);
  });

  it('is not an operation of the OpenAPI document, as /docs-json is not', async () => {
    const document = (await (await fetch(`${gateway.baseUrl}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => path.includes('asyncapi'))).toEqual([]);
    expect(Object.keys(document.paths).length).toBeGreaterThan(0);
  });
});
