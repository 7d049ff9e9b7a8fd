import { runWithout } from '@palembang/platform/testing';
import { startGateway } from './testing/start-gateway';

// describeServiceProcess('gateway') of @palembang/platform/testing, with PERMITS_URL, which the gateway requires and the shared helper does not set.
describe('the gateway service process', () => {
  it('becomes ready on its own database and Kafka, serves its OpenAPI document, and stops cleanly on SIGTERM', async () => {
    const running = await startGateway();
    expect((await fetch(`${running.baseUrl}/health/live`)).status).toBe(200);
    const ready = await (await fetch(`${running.baseUrl}/health/ready`)).json();
    expect(ready).toMatchObject({ status: 'up', checks: { database: 'up', kafka: 'up' } });
    const openApi = (await (await fetch(`${running.baseUrl}/docs-json`)).json()) as { openapi: string };
    expect(openApi.openapi).toMatch(/^3\./);
    expect(await running.terminate()).toBe(0);
  }, 90_000);

  it.each(['DATABASE_URL', 'KAFKA_BROKERS', 'PORT', 'PERMITS_URL'])('exits non-zero naming %s when it is missing', async (variable) => {
    const { code, output } = await runWithout('gateway', variable);
    expect(code).not.toBe(0);
    expect(output).toContain(`${variable} is required`);
  }, 60_000);
});
