import { Controller, Delete, Get, INestApplication, MiddlewareConsumer, Module, NestModule, Param, Post, RequestMethod } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createTestDatabase } from '@palembang/events/testing';
import { HTTP_IDEMPOTENCY_MIGRATIONS, IdempotencyInterceptor, createHttpAdapter } from '@palembang/http';
import { request as httpRequest } from 'node:http';
import { DataSource } from 'typeorm';
import { serveHttp } from './bootstrap';

@Controller('things')
class ThingsController {
  @Get()
  list() {
    return { items: [] };
  }

  @Post()
  create() {
    return { id: 'a' };
  }

  @Get(':id')
  one(@Param('id') id: string) {
    return { id };
  }

  @Delete(':id')
  remove() {
    return undefined;
  }

  @Post(':id/archive')
  archive(@Param('id') id: string) {
    return { id };
  }
}

@Controller('open311/v2')
class Open311Controller {
  @Get(':document')
  document(@Param('document') document: string) {
    return { document };
  }
}

/** A request with its path sent as written (fetch would resolve dot segments). */
function rawRequest(base: string, method: string, path: string): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, method, path }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('error', reject);
    request.end();
  });
}

/** Every service and the gateway answer an undeclared method on a known path with 405 and Allow, through serveHttp. */
describe('a method no route of a known path takes', () => {
  let dataSource: DataSource;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    dataSource = await createTestDatabase('method_not_allowed', HTTP_IDEMPOTENCY_MIGRATIONS);
    // Middleware bound as the gateway binds its own: to the controller, and to every method of its paths (route layers for every method).
    @Module({ controllers: [ThingsController, Open311Controller], providers: [{ provide: DataSource, useValue: dataSource }, IdempotencyInterceptor] })
    class TestModule implements NestModule {
      configure(consumer: MiddlewareConsumer): void {
        const pass = (_request: unknown, _response: unknown, next: () => void) => next();
        consumer.apply(pass).forRoutes(ThingsController);
        consumer.apply(pass).forRoutes({ path: 'things', method: RequestMethod.ALL }, { path: 'things/*path', method: RequestMethod.ALL });
      }
    }
    const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false, bodyParser: false });
    serveHttp(app, 'things', { serviceName: 'things', port: 1, databaseUrl: 'postgres://unused/none', kafkaBrokers: ['127.0.0.1:9'] });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
  });

  it('is a 405 problem naming the allowed methods in Allow, HEAD wherever GET is', async () => {
    const response = await fetch(`${base}/things`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 405, code: 'REQUEST.METHOD_NOT_ALLOWED', instance: '/things' });
  });

  it('reads a path with parameters from its routes', async () => {
    const one = await fetch(`${base}/things/42`, { method: 'PATCH' });
    expect(one.status).toBe(405);
    expect(one.headers.get('allow')).toBe('DELETE, GET, HEAD');
    const action = await fetch(`${base}/things/42/archive`, { method: 'GET' });
    expect(action.status).toBe(405);
    expect(action.headers.get('allow')).toBe('POST');
  });

  it('covers the OpenAPI document too, and leaves the declared methods and unknown paths alone', async () => {
    const document = await fetch(`${base}/docs-json`, { method: 'DELETE' });
    expect(document.status).toBe(405);
    expect(document.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${base}/things/42`)).status).toBe(200);
    expect((await fetch(`${base}/things/42`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${base}/things/42`, { method: 'DELETE' })).status).toBe(200);
    for (const path of ['/things/../archive', '/things/%2e%2E/archive', '/things/..%5C/archive']) {
      const dotted = await rawRequest(base, 'GET', path);
      expect([path, dotted]).toEqual([path, 404]);
    }
    const unknown = await fetch(`${base}/no-such-thing`, { method: 'PUT' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('allow')).toBeNull();
  });

  it("answers on Open311's paths in Open311's error format, still naming the allowed methods", async () => {
    const response = await fetch(`${base}/open311/v2/requests.json`, { method: 'DELETE' });
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(response.headers.get('content-type')).toContain('application/json');
    const errors = (await response.json()) as Array<{ code: number; description: string }>;
    expect(errors).toEqual([{ code: response.status, description: expect.stringContaining('DELETE is not allowed') }]);
  });
});
