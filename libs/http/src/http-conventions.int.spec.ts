import { Body, Controller, Get, HttpCode, Inject, INestApplication, Module, Param, Post, Req, Res } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConcurrencyError, reject } from '@palembang/events/core';
import { createTestDatabase, eventually } from '@palembang/events/testing';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { DataSource } from 'typeorm';
import { expectedVersionFromIfMatch } from './etag';
import { createHttpAdapter, headerOf } from './fastify-http';
import { applyHttpConventions } from './http-conventions';
import { HTTP_IDEMPOTENCY_MIGRATIONS } from './idempotency/idempotency-schema.migration';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { rejectionProblem } from './problem-exceptions';

class CreateThingDto {
  @IsString() @MaxLength(50) name!: string;
  @Matches(/^\d{16}$/, { message: 'nik must be 16 digits' }) nik!: string;
  @IsInt() @Min(1) @Max(10) count!: number;
}

const UNREACHABLE = new DataSource({ type: 'postgres', url: 'postgres://x:y@127.0.0.1:1/none', connectTimeoutMS: 500 });

@Controller('things')
class ThingsController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** As command handlers write: in a transaction, which joins the request's when there is one. */
  private insert(sql: string, parameters: unknown[]): Promise<Array<{ id: string }>> {
    return this.dataSource.transaction((manager) => manager.query(sql, parameters));
  }

  /** Writes in a transaction, then reads it back through the data source, as a command's answer reads its stream. */
  @Post('read-back')
  async createAndReadBack(@Body() body: CreateThingDto) {
    const [{ id }] = await this.insert(`INSERT INTO things (name) VALUES ($1) RETURNING id::text`, [body.name]);
    const [byQuery]: Array<{ name: string }> = await this.dataSource.query(`SELECT name FROM things WHERE id = $1`, [id]);
    const [byManager]: Array<{ name: string }> = await this.dataSource.manager.query(`SELECT name FROM things WHERE id = $1`, [id]);
    return { id, byQuery: byQuery?.name ?? null, byManager: byManager?.name ?? null };
  }

  /** Writes, then fails unexpectedly: nothing of it may stay. */
  @Post('failing')
  async createThenFail(@Body() body: CreateThingDto): Promise<never> {
    await this.insert(`INSERT INTO things (name) VALUES ($1)`, [body.name]);
    throw new Error('the disk is full');
  }

  /** Records an audit row, then refuses: the record stays, the key does not. */
  @Post('refused')
  async auditThenRefuse(@Body() body: CreateThingDto): Promise<never> {
    await this.insert(`INSERT INTO things (name) VALUES ($1)`, [`audit: ${body.name}`]);
    throw rejectionProblem(reject('THING.INVALID_TRANSITION', 'already decided'));
  }

  @Post()
  async create(@Body() body: CreateThingDto) {
    const rows = await this.insert(`INSERT INTO things (name) VALUES ($1) RETURNING id::text`, [body.name]);
    return { id: rows[0].id, name: body.name };
  }

  /** Takes 1.5 s unless x-slow-ms says otherwise: a request still running when its claim is taken over. */
  @Post('slow')
  async slowCreate(@Body() body: CreateThingDto, @Req() request: Request) {
    await new Promise((resolve) => setTimeout(resolve, Number(headerOf(request, 'x-slow-ms') ?? 1_500)));
    const rows = await this.insert(`INSERT INTO things (name) VALUES ($1) RETURNING id::text`, [body.name]);
    return { id: rows[0].id, name: body.name };
  }

  /** An answer in XML, returned as text through Nest with the type the handler chose (as Open311 answers). */
  @Post('xml')
  async createXml(@Body() body: CreateThingDto, @Res({ passthrough: true }) response: Response): Promise<string> {
    const rows = await this.insert(`INSERT INTO things (name) VALUES ($1) RETURNING id::text`, [body.name]);
    response.type('text/xml');
    return `<?xml version="1.0" encoding="utf-8"?>\n<thing><id>${rows[0].id}</id></thing>\n`;
  }

  /** Created, with no body at all. */
  @Post('quiet')
  async createQuietly(@Body() body: CreateThingDto): Promise<void> {
    await this.insert(`INSERT INTO things (name) VALUES ($1)`, [body.name]);
  }

  /** Writes its own answer, which the idempotency store cannot see. */
  @Post('self-written')
  async createSelfWritten(@Body() body: CreateThingDto, @Res() response: Response): Promise<void> {
    const rows = await this.insert(`INSERT INTO things (name) VALUES ($1) RETURNING id::text`, [body.name]);
    response.status(201).send({ id: rows[0].id });
  }

  /** Writes its own answer and hands the idempotency store what a retry gets instead (as the admin API does with a secret). */
  @Post('secret')
  async createWithSecret(@Body() body: CreateThingDto, @Res() response: Response): Promise<{ id: string; secret: null }> {
    const rows = await this.insert(`INSERT INTO things (name) VALUES ($1) RETURNING id::text`, [body.name]);
    response.status(200).send({ id: rows[0].id, secret: 'shown-once' });
    return { id: rows[0].id, secret: null };
  }

  @Post(':id/approve')
  @HttpCode(200)
  approve(@Param('id') id: string, @Req() request: Request) {
    const expected = expectedVersionFromIfMatch(headerOf(request, 'if-match'));
    if (id === 'decided') throw rejectionProblem(reject('THING.INVALID_TRANSITION', 'already decided'));
    if (expected !== undefined && expected !== 3) throw new ConcurrencyError(id, expected, 3);
    return { approved: id };
  }

  @Get('boom')
  boom(): never {
    throw new Error('secret internal detail 1671010101900001');
  }

  @Get('database-down')
  async databaseDown() {
    if (!UNREACHABLE.isInitialized) await UNREACHABLE.initialize();
    return UNREACHABLE.query('SELECT 1');
  }
}

describe('the HTTP conventions (real PostgreSQL)', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let base: string;

  beforeAll(async () => {
    dataSource = await createTestDatabase('http', HTTP_IDEMPOTENCY_MIGRATIONS);
    await dataSource.query(`CREATE TABLE things (id bigserial PRIMARY KEY, name text NOT NULL)`);
    @Module({ controllers: [ThingsController], providers: [{ provide: DataSource, useValue: dataSource }, IdempotencyInterceptor] })
    class TestModule {}
    const moduleRef = await Test.createTestingModule({ imports: [TestModule] }).compile();
    app = moduleRef.createNestApplication(createHttpAdapter(), { logger: false });
    applyHttpConventions(app, { bodyLimit: '2kb', idempotency: true });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
    await dataSource.destroy();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const thingCount = async () => Number((await dataSource.query(`SELECT count(*)::int AS n FROM things`))[0].n);
  const valid = { name: 'Toko Pempek', nik: '1671010101900001', count: 2 };

  it('lists every wrong field as problem+json and writes nothing', async () => {
    const before = await thingCount();
    const response = await post('/things', { name: 7, nik: '123', count: 'x', extra: true });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as { errors: Array<{ field: string }> };
    expect(body).toMatchObject({ status: 400, code: 'REQUEST.INVALID', instance: '/things' });
    expect(new Set(body.errors.map((error: { field: string }) => error.field))).toEqual(new Set(['name', 'nik', 'count', 'extra']));
    expect(await thingCount()).toBe(before);
  });

  it('reads any JSON text as the body: a DTO route answers a scalar or null with its field errors, never a 500', async () => {
    for (const scalar of ['null', '5', '"x"', 'true']) {
      const response = await post('/things', scalar);
      expect({ scalar, status: response.status }).toEqual({ scalar, status: 400 });
      const body = (await response.json()) as { code: string; errors: Array<{ field: string }> };
      expect(body.code).toBe('REQUEST.INVALID');
      expect(new Set(body.errors.map((error) => error.field))).toEqual(new Set(['name', 'nik', 'count']));
    }
  });

  it('refuses a NUL character (which PostgreSQL text cannot hold) in the body or the query with 400 naming the field, writing nothing', async () => {
    const before = await thingCount();
    const body = await post('/things', { ...valid, name: 'Toko\u0000Pempek' });
    expect([body.status, ((await body.json()) as { errors: Array<{ field: string }> }).errors]).toEqual([400, [{ field: 'name', message: 'name must not contain the NUL character (U+0000)' }]]);
    const query = await post('/things?note=a%00b', valid);
    expect([query.status, ((await query.json()) as { errors: Array<{ field: string }> }).errors[0].field]).toEqual([400, 'note']);
    expect(await thingCount()).toBe(before);
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    expect((await post('/things', '{"name": ')).status).toBe(400);
    const large = await post('/things', { ...valid, name: 'x'.repeat(5000) });
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ code: 'REQUEST.TOO_LARGE' });
  });

  it('maps a domain rejection to 409 and a version mismatch under If-Match to 412', async () => {
    const rejected = await post('/things/decided/approve', {});
    expect(rejected.status).toBe(409);
    expect(await rejected.json()).toMatchObject({ code: 'THING.INVALID_TRANSITION', detail: 'already decided' });
    expect((await post('/things/t1/approve', {}, { 'if-match': '"2"' })).status).toBe(412);
    expect((await post('/things/t1/approve', {}, { 'if-match': '"3"' })).status).toBe(200);
    expect((await post('/things/t1/approve', {}, { 'if-match': 'garbage' })).status).toBe(400);
  });

  it('hides the details of an unexpected error behind a 500 problem', async () => {
    const response = await fetch(`${base}/things/boom`);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('1671010101900001');
  });

  it('answers 503 with Retry-After when the database cannot be reached', async () => {
    const response = await fetch(`${base}/things/database-down`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
  });

  it('carries the caller’s correlation id, or makes one', async () => {
    const given = await fetch(`${base}/things/boom`, { headers: { 'x-correlation-id': 'abc-123' } });
    expect(given.headers.get('x-correlation-id')).toBe('abc-123');
    expect(((await given.json()) as { correlationId: string }).correlationId).toBe('abc-123');
    expect((await fetch(`${base}/things/boom`)).headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('Idempotency-Key', () => {
    it('creates once and replays the same response for a retry', async () => {
      const before = await thingCount();
      const first = await post('/things', valid, { 'idempotency-key': 'key-1' });
      const retry = await post('/things', valid, { 'idempotency-key': 'key-1' });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await retry.json()).toEqual(await first.json());
      expect(await thingCount()).toBe(before + 1);
    });

    it('replays exactly what was sent: a text answer with its own Content-Type, and an empty one', async () => {
      const before = await thingCount();
      const first = await post('/things/xml', valid, { 'idempotency-key': 'key-xml' });
      const retry = await post('/things/xml', valid, { 'idempotency-key': 'key-xml' });
      expect(first.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect({ status: retry.status, type: retry.headers.get('content-type'), body: await retry.text() }).toEqual({ status: 201, type: 'text/xml', body: await first.text() });
      expect(first.headers.get('content-type')).toBe('text/xml');
      expect(await thingCount()).toBe(before + 1);

      const quiet = await post('/things/quiet', valid, { 'idempotency-key': 'key-quiet' });
      const quietRetry = await post('/things/quiet', valid, { 'idempotency-key': 'key-quiet' });
      expect(quietRetry.headers.get('idempotent-replayed')).toBe('true');
      expect({ status: quietRetry.status, type: quietRetry.headers.get('content-type'), body: await quietRetry.text() }).toEqual({ status: quiet.status, type: quiet.headers.get('content-type'), body: await quiet.text() });
    });

    it('never replays an empty answer for a handler that writes its own response: the key is released instead', async () => {
      const first = await post('/things/self-written', valid, { 'idempotency-key': 'key-self' });
      expect(first.status).toBe(201);
      const retry = await post('/things/self-written', valid, { 'idempotency-key': 'key-self' });
      expect(retry.headers.get('idempotent-replayed')).toBeNull();
      expect(await retry.json()).toEqual({ id: expect.any(String) });
    });

    it('stores what a handler that wrote its own answer hands it, with the status it sent', async () => {
      const first = await post('/things/secret', valid, { 'idempotency-key': 'key-secret' });
      expect(first.status).toBe(200);
      const { id } = (await first.json()) as { id: string };
      const retry = await post('/things/secret', valid, { 'idempotency-key': 'key-secret' });
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect({ status: retry.status, body: await retry.json() }).toEqual({ status: 200, body: { id, secret: null } });
    });

    it('refuses the same key with another body with 422', async () => {
      await post('/things', valid, { 'idempotency-key': 'key-2' });
      const reused = await post('/things', { ...valid, name: 'Other' }, { 'idempotency-key': 'key-2' });
      expect(reused.status).toBe(422);
      expect(await reused.json()).toMatchObject({ code: 'REQUEST.IDEMPOTENCY_KEY_REUSED' });
    });

    it('lets a failed request be retried with its key', async () => {
      expect((await post('/things', { ...valid, count: 99 }, { 'idempotency-key': 'key-3' })).status).toBe(400);
      expect((await post('/things', { ...valid, count: 99 }, { 'idempotency-key': 'key-3' })).status).toBe(400);
      expect((await post('/things', valid, { 'idempotency-key': 'key-4' })).status).toBe(201);
    });

    it('leaves nothing behind when the process dies mid-request: a retry runs afresh at once', async () => {
      const before = await thingCount();
      const dying = post('/things/slow', valid, { 'idempotency-key': 'key-dying', 'x-slow-ms': '1500' });
      // The request holds its key's lock in its transaction; its connection dies as with a kill -9 of the process.
      const holder = async () => (await dataSource.query(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)) as Array<{ pid: number }>;
      await eventually(async () => (await holder()).length === 1);
      await dataSource.query(`SELECT pg_terminate_backend($1)`, [(await holder())[0].pid]);
      const retry = await post('/things/slow', valid, { 'idempotency-key': 'key-dying', 'x-slow-ms': '0' });
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBeNull();
      // Had the process died, no answer would come; a connection lost to a database restart answers 503.
      expect((await dying).status).toBe(503);
      expect(await thingCount()).toBe(before + 1);
    });

    it('lets a retry that arrives while the first request runs wait for it and replay its answer', async () => {
      const first = post('/things/slow', valid, { 'idempotency-key': 'key-waiting', 'x-slow-ms': '700' });
      await eventually(async () => (await dataSource.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).length > 0);
      const retry = await post('/things/slow', valid, { 'idempotency-key': 'key-waiting', 'x-slow-ms': '0' });
      const answered = await first;
      expect(answered.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await retry.json()).toEqual(await answered.json());
    });

    it('answers 409 with Retry-After only while the first request is still running after the wait', async () => {
      const first = post('/things/slow', valid, { 'idempotency-key': 'key-long', 'x-slow-ms': '3500' });
      await eventually(async () => (await dataSource.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).length > 0);
      const retry = await post('/things/slow', valid, { 'idempotency-key': 'key-long', 'x-slow-ms': '0' });
      expect(retry.status).toBe(409);
      expect(retry.headers.get('retry-after')).toBe('1');
      expect((await first).status).toBe(201);
      expect((await post('/things/slow', valid, { 'idempotency-key': 'key-long', 'x-slow-ms': '0' })).headers.get('idempotent-replayed')).toBe('true');
    });

    it('lets a keyed request read back what it wrote before it commits', async () => {
      const answer = await post('/things/read-back', valid, { 'idempotency-key': 'key-read-back' });
      expect(answer.status).toBe(201);
      expect(await answer.json()).toMatchObject({ byQuery: valid.name, byManager: valid.name });
    });

    it('rolls back what a failing request wrote together with its key', async () => {
      const before = await thingCount();
      expect((await post('/things/failing', valid, { 'idempotency-key': 'key-failing' })).status).toBe(500);
      expect(await thingCount()).toBe(before);
      expect(await dataSource.query(`SELECT 1 FROM http_idempotency_keys WHERE idempotency_key = 'key-failing'`)).toHaveLength(0);
    });

    it('keeps what a refused request recorded, but frees its key for a corrected retry', async () => {
      const before = await thingCount();
      expect((await post('/things/refused', valid, { 'idempotency-key': 'key-refused' })).status).toBe(409);
      expect(await thingCount()).toBe(before + 1);
      expect(await dataSource.query(`SELECT 1 FROM http_idempotency_keys WHERE idempotency_key = 'key-refused'`)).toHaveLength(0);
      expect((await post('/things', valid, { 'idempotency-key': 'key-refused' })).status).toBe(201);
    });

    it('forgets a key after the retention: the same key then starts a new request, and the sweep deletes old keys', async () => {
      expect((await post('/things', valid, { 'idempotency-key': 'key-old' })).status).toBe(201);
      await dataSource.query(`UPDATE http_idempotency_keys SET created_at = now() - interval '8 days' WHERE idempotency_key = 'key-old'`);
      const reused = await post('/things', { ...valid, name: 'Next week' }, { 'idempotency-key': 'key-old' });
      expect(reused.status).toBe(201);
      expect(await reused.json()).toMatchObject({ name: 'Next week' });

      await dataSource.query(`UPDATE http_idempotency_keys SET created_at = now() - interval '8 days' WHERE idempotency_key IN ('key-1', 'key-2')`);
      const recent = Number((await dataSource.query(`SELECT count(*)::int AS n FROM http_idempotency_keys WHERE created_at > now() - interval '1 day'`))[0].n);
      expect(await app.get(IdempotencyInterceptor).deleteExpiredKeys()).toBe(2);
      expect(Number((await dataSource.query(`SELECT count(*)::int AS n FROM http_idempotency_keys`))[0].n)).toBe(recent);
    });

    it('creates one row for concurrent retries, each answered with it', async () => {
      const before = await thingCount();
      const responses = await Promise.all(Array.from({ length: 10 }, () => post('/things', valid, { 'idempotency-key': 'key-5' })));
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
      expect(responses.filter((response) => response.headers.get('idempotent-replayed') === 'true')).toHaveLength(9);
      expect(await thingCount()).toBe(before + 1);
    });
  });
});
