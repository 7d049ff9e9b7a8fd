import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { findFreePort } from './free-port';
import { createServiceDatabase, runService, runWithout, startService, testEventChainKey } from './service-process';

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
    it('becomes ready on its own database and Kafka, serves its OpenAPI document, metrics on their own port, logs JSON lines, and stops cleanly on SIGTERM', async () => {
      const metricsPort = await findFreePort();
      const running = await startService(service, { ...env, METRICS_PORT: String(metricsPort) });
      const live = await fetch(`${running.baseUrl}/health/live`);
      expect(live.status).toBe(200);
      const ready = await (await fetch(`${running.baseUrl}/health/ready`)).json();
      expect(ready).toMatchObject({ status: 'up', checks: { database: 'up', kafka: 'up' } });
      const document = await fetch(`${running.baseUrl}/docs-json`);
      const openApi = (await document.json()) as { openapi: string };
      expect(openApi.openapi).toMatch(/^3\./);
      // Security headers on every answer; the Swagger UI only with API_DOCS=on.
      const ui = await fetch(`${running.baseUrl}/docs`);
      expect(ui.status).toBe(404);
      for (const answer of [live, document, ui]) {
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
        expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(answer.headers.get('x-powered-by')).toBeNull();
      }
      await expectMetricsOnTheirOwnPort(running.baseUrl, metricsPort);
      expect(await running.terminate()).toBe(0);
      expect(notJsonLines(running.output())).toEqual([]);
      // Two API classes of one name would share one schema in the OpenAPI document: one of them documented wrongly.
      expect(running.output()).not.toContain('Duplicate DTO detected');
    }, 90_000);

    it.each(required)('exits non-zero naming %s when it is missing', async (variable) => {
      const { code, output } = await runWithout(service, variable, env);
      expect(code).not.toBe(0);
      expect(output).toContain(`${variable} is required`);
    }, 60_000);
  });
  describeMigrateCommand(service, env);
}

/** `node main.js migrate` creates the schema and exits; a start without migrations refuses a database that is behind. */
export function describeMigrateCommand(service: string, env: Record<string, string> = {}): void {
  describe(`the ${service} migrate command`, () => {
    const complete = (databaseUrl: string) => ({
      PORT: '1',
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      PERSONAL_DATA_KEY: randomBytes(32).toString('base64'),
      EVENT_CHAIN_KEY: testEventChainKey(),
      ...env,
    });

    it('refuses to start on an empty database, naming the migrate command (exit 75)', async () => {
      const { code, output } = await runService(service, complete(await createServiceDatabase(service)));
      expect(code).toBe(75);
      expect(output).toMatch(/schema is not up to date: \d+ migration\(s\) pending .*run the migrate command first \(node main\.js migrate\)/);
      expect(notJsonLines(output)).toEqual([]);
    }, 60_000);

    it('creates the schema and exits 0, again with nothing to do; the service then starts without migrating', async () => {
      const databaseUrl = await createServiceDatabase(service);
      const first = await runService(service, complete(databaseUrl), ['migrate']);
      expect(first).toMatchObject({ code: 0, output: expect.stringMatching(/migrations complete: [1-9]\d* applied/) });
      expect(notJsonLines(first.output)).toEqual([]);
      expect(await recordedMigrations(databaseUrl)).toBeGreaterThan(0);
      const second = await runService(service, complete(databaseUrl), ['migrate']);
      expect(second).toMatchObject({ code: 0, output: expect.stringContaining('migrations complete: 0 applied') });

      const running = await startService(service, { ...env, DATABASE_URL: databaseUrl, MIGRATIONS: '' });
      expect((await fetch(`${running.baseUrl}/health/ready`)).status).toBe(200);
      expect(await running.terminate()).toBe(0);
    }, 120_000);

    it('fails with one line naming the problem when the database cannot be reached', async () => {
      const { code, output } = await runService(service, { ...complete('postgres://nobody:wrong@127.0.0.1:1/nothing'), MIGRATE_WAIT_SECONDS: '2' }, ['migrate']);
      expect(code).toBe(1);
      expect(output.trim().split('\n')).toEqual([expect.stringContaining('migrations failed: ')]);
    }, 60_000);
  });
}

/** GET /metrics answers on METRICS_PORT in the Prometheus text format, and not on the API port. */
export async function expectMetricsOnTheirOwnPort(baseUrl: string, metricsPort: number): Promise<string> {
  const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(scrape.status).toBe(200);
  expect(scrape.headers.get('content-type')).toContain('text/plain');
  const body = await scrape.text();
  expect(body).toContain('process_cpu_user_seconds_total');
  expect(body).toMatch(/http_requests_total\{method="GET",route="\/health\/live",status="200"\} [1-9]/);
  expect(body).toContain('http_request_duration_seconds_bucket');
  expect((await fetch(`${baseUrl}/metrics`)).status).toBe(404);
  return body;
}

/** Lines of a service's output that are not JSON objects (every log line must be one). */
export function notJsonLines(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        return typeof parsed !== 'object' || parsed === null;
      } catch {
        return true;
      }
    });
}

async function recordedMigrations(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('SELECT count(*)::text AS count FROM migrations');
    return Number(rows[0].count);
  } finally {
    await client.end();
  }
}
