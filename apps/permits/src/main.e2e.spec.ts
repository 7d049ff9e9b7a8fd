import { randomBytes } from 'node:crypto';
import { spawnService, startService } from '@palembang/platform/testing';

/**
 * The permits service as a process. Like every service (see describeServiceProcess
 * in @palembang/platform/testing), plus the gateway it verifies tokens against.
 */
describe('the permits service process', () => {
  it('becomes ready on its own database and Kafka, documents its API, and stops cleanly on SIGTERM', async () => {
    // No gateway is needed to start: the keys are fetched when the first token arrives.
    const running = await startService('permits', { GATEWAY_URL: 'http://127.0.0.1:9', DEADLINE_CHECK_INTERVAL_MS: '0' });
    expect((await fetch(`${running.baseUrl}/health/live`)).status).toBe(200);
    expect(await (await fetch(`${running.baseUrl}/health/ready`)).json()).toMatchObject({ status: 'up', checks: { database: 'up', kafka: 'up' } });
    const openApi = (await (await fetch(`${running.baseUrl}/docs-json`)).json()) as OpenApi;
    expect(openApi.openapi).toMatch(/^3\./);
    expect(Object.keys(openApi.paths)).toEqual(
      expect.arrayContaining([
        '/v1/permit-types',
        '/v1/permit-applications',
        '/v1/permit-applications/{id}',
        '/v1/permit-applications/{id}/request-revision',
        '/v1/permit-applications/{id}/resubmit',
        '/v1/permit-applications/{id}/verify',
        '/v1/permit-applications/{id}/start-review',
        '/v1/permit-applications/{id}/approve',
        '/v1/permit-applications/{id}/reject',
        '/v1/permit-applications/{id}/issue',
        '/v1/permit-applications/{id}/withdraw',
        '/v1/permit-applications/applicants/{applicantId}/forget',
        '/v1/tracking/{trackingCode}',
        '/v1/audit/streams/{streamId}/verify',
      ]),
    );
    expect(openApi.components.securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' }, oauth2: { type: 'oauth2' } });
    expect(Object.keys(openApi.components.schemas)).toEqual(expect.arrayContaining(['ProblemDetailsDto', 'SubmitApplicationDto', 'ApplicantDto', 'ApplicationDetailDto', 'ApplicationPageDto']));
    for (const [path, operations] of Object.entries(openApi.paths).filter(([path]) => path.startsWith('/v1/'))) {
      for (const [method, operation] of Object.entries(operations)) {
        // Public only where declared so: the tracking page's timeline, which holds no personal data.
        const secured = !operation['x-public'];
        expect({ path, method, secured: (operation.security ?? []).length > 0, documents401: '401' in operation.responses }).toEqual({ path, method, secured, documents401: secured });
        if (!secured) expect(`${method} ${path}`).toBe('get /v1/tracking/{trackingCode}/timeline');
      }
    }
    const submit = openApi.paths['/v1/permit-applications'].post as unknown as { requestBody: unknown; responses: Record<string, unknown> };
    expect(submit.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/SubmitApplicationDto' } } } });
    expect(submit.responses['400']).toMatchObject({ content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } } });
    expect(submit.responses['201']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ApplicationSummaryDto' } } } });
    expect(await running.terminate()).toBe(0);
  }, 90_000);

  const complete = () => ({
    PORT: '1',
    DATABASE_URL: process.env.DATABASE_URL,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    PERSONAL_DATA_KEY: randomBytes(32).toString('base64'),
    EVENT_CHAIN_KEY: randomBytes(32).toString('base64'),
    GATEWAY_URL: 'http://127.0.0.1:9',
  });

  it.each(['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'PERSONAL_DATA_KEY', 'EVENT_CHAIN_KEY', 'GATEWAY_URL'])('exits non-zero naming %s when it is missing', async (variable) => {
    const env: Record<string, string | undefined> = complete();
    delete env[variable];
    const { code, output } = await run(env);
    expect(code).not.toBe(0);
    expect(output).toContain(`${variable} is required`);
  }, 60_000);

  it.each([
    ['GATEWAY_URL', 'gateway:8080'],
    ['GATEWAY_ISSUER', 'not a url'],
  ])('exits with 78 naming %s when it is not a URL', async (variable, value) => {
    const { code, output } = await run({ ...complete(), [variable]: value });
    expect(code).toBe(78);
    expect(output).toContain(`${variable} must be`);
  }, 60_000);
});

type OpenApi = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown>; 'x-public'?: boolean }>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
};

function run(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  const child = spawnService('permits', env);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}
