import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createTestDatabase } from '@palembang/events/testing';
import { HTTP_IDEMPOTENCY_MIGRATIONS, IdempotencyInterceptor, createHttpAdapter, trustProxies } from '@palembang/http';
import { DataSource } from 'typeorm';
import { serveHttp } from './bootstrap';
import { ServiceConfig } from './service-config';

@Controller('things')
class ThingsController {
  @Get()
  list() {
    return { items: [] };
  }
}

/** The HTTP side every service gets from bootstrapService, on a real Express server (and PostgreSQL for idempotency). */
describe('the HTTP side every service shares', () => {
  let dataSource: DataSource;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    dataSource = await createTestDatabase('http_surface', HTTP_IDEMPOTENCY_MIGRATIONS);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await dataSource.destroy();
  });

  async function start(config: Partial<ServiceConfig> = {}, trustLoopback = false): Promise<string> {
    @Module({ controllers: [ThingsController], providers: [{ provide: DataSource, useValue: dataSource }, IdempotencyInterceptor] })
    class TestModule {}
    const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
    const app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false, bodyParser: false });
    if (trustLoopback) trustProxies(app.getHttpAdapter(), (address) => ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(address));
    serveHttp(app, 'things', { serviceName: 'things', port: 1, databaseUrl: 'postgres://unused/none', kafkaBrokers: ['127.0.0.1:9'], ...config });
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    return app.getUrl();
  }

  function expectSecurityHeaders(response: Response): void {
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  }

  it('sends the security headers on a 200, on a 404 problem and on the OpenAPI document, and no HSTS over plain HTTP', async () => {
    const base = await start();
    const ok = await fetch(`${base}/things`);
    expect(ok.status).toBe(200);
    const missing = await fetch(`${base}/no-such-thing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const document = await fetch(`${base}/docs-json`);
    expect(document.status).toBe(200);
    expect(((await document.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    for (const response of [ok, missing, document]) {
      expectSecurityHeaders(response);
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('keeps the Swagger UI off unless API_DOCS=on, while the OpenAPI document stays', async () => {
    const off = await start();
    const ui = await fetch(`${off}/docs`);
    expect(ui.status).toBe(404);
    expectSecurityHeaders(ui);
    expect((await fetch(`${off}/docs-json`)).status).toBe(200);

    const on = await start({ apiDocs: true });
    const page = await fetch(`${on}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
    expectSecurityHeaders(page);
  });

  it('sends HSTS when a trusted proxy says the request came over TLS, and ignores anyone else saying so', async () => {
    const trusting = await start({}, true);
    const viaProxy = await fetch(`${trusting}/things`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaProxy.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');

    const untrusting = await start();
    const spoofed = await fetch(`${untrusting}/things`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers.get('strict-transport-security')).toBeNull();
  });
});
