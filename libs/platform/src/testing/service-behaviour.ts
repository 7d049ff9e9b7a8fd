import { runWithout, startService } from './service-process';

/**
 * What every service must do as a process, checked against the real
 * PostgreSQL and Kafka of the test run. Each app's e2e spec calls this.
 */
export interface ServiceProcessExpectations {
  /** Variables the service must refuse to start without. */
  required?: readonly string[];
  /** What else the service needs to start (the gateway: PERMITS_URL, say). */
  env?: Record<string, string>;
}

export function describeServiceProcess(service: string, expectations: ServiceProcessExpectations = {}): void {
  const required = expectations.required ?? ['DATABASE_URL', 'KAFKA_BROKERS', 'PORT'];
  const env = expectations.env ?? {};
  describe(`the ${service} service process`, () => {
    it('becomes ready on its own database and Kafka, serves its OpenAPI document, and stops cleanly on SIGTERM', async () => {
      const running = await startService(service, env);
      const live = await fetch(`${running.baseUrl}/health/live`);
      expect(live.status).toBe(200);
      const ready = await (await fetch(`${running.baseUrl}/health/ready`)).json();
      expect(ready).toMatchObject({ status: 'up', checks: { database: 'up', kafka: 'up' } });
      const openApi = (await (await fetch(`${running.baseUrl}/docs-json`)).json()) as { openapi: string };
      expect(openApi.openapi).toMatch(/^3\./);
      expect(await running.terminate()).toBe(0);
    }, 90_000);

    it.each(required)('exits non-zero naming %s when it is missing', async (variable) => {
      const { code, output } = await runWithout(service, variable, env);
      expect(code).not.toBe(0);
      expect(output).toContain(`${variable} is required`);
    }, 60_000);
  });
}
