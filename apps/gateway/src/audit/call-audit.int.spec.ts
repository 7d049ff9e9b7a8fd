import { Logger } from '@nestjs/common';
import { correlateRequest } from '@palembang/http';
import { platformMetrics } from '@palembang/platform';
import { createServiceDatabase } from '@palembang/platform/testing';
import fastify from 'fastify';
import { DataSource } from 'typeorm';
import { CallAuditMiddleware } from './call-audit.middleware';
import { AuditedCall, GatewayAuditLog, GatewayAuditSettings } from './gateway-audit.log';
import { GatewayAuditSchema1764400000000 } from './gateway-audit.migration';

const call = (correlationId: string): AuditedCall => ({ occurredAt: new Date(), clientId: 'portal', agencyId: 'dpmptsp', method: 'GET', route: '/v1/things', status: 200, durationMs: 1, correlationId });

/** A fresh database; the audit table is created only when `migrated` (until then every insert fails, as with the database down). */
async function database(migrated: boolean): Promise<DataSource> {
  const dataSource = await new DataSource({ type: 'postgres', url: await createServiceDatabase('gateway_audit_buffer') }).initialize();
  if (migrated) await migrate(dataSource);
  return dataSource;
}

async function migrate(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await new GatewayAuditSchema1764400000000().up(runner);
  await runner.release();
}

const auditedIds = async (dataSource: DataSource): Promise<string[]> =>
  (await dataSource.query(`SELECT correlation_id FROM gateway_audit ORDER BY id`)).map((row: { correlation_id: string }) => row.correlation_id);

function auditLog(dataSource: DataSource, settings: GatewayAuditSettings): GatewayAuditLog {
  const audit = new GatewayAuditLog(dataSource, settings);
  audit.onModuleDestroy(); // no timer: each test flushes when it means to
  return audit;
}

/** The audit in front of one route, on a real HTTP server. */
async function serve(audit: GatewayAuditLog): Promise<{ url: string; server: { close(): void } }> {
  const app = fastify();
  app.addHook('onRequest', correlateRequest);
  new CallAuditMiddleware(audit).install(app);
  app.get('/v1/things', async () => ({ ok: true }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, server: { close: () => void app.close() } };
}

describe('the call audit buffer (PostgreSQL)', () => {
  const opened: DataSource[] = [];
  const open = async (migrated: boolean) => {
    const dataSource = await database(migrated);
    opened.push(dataSource);
    return dataSource;
  };
  let logged: jest.SpyInstance;

  beforeEach(() => (logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined)));
  afterEach(() => logged.mockRestore());
  afterAll(() => Promise.all(opened.map((dataSource) => dataSource.destroy())));

  it('refuses new calls with 503 while the database takes no rows and the queue is full, keeps every admitted call, and writes them all once it is back', async () => {
    const dataSource = await open(false);
    const audit = auditLog(dataSource, { maxPending: 3, batchSize: 100 });
    const { url, server } = await serve(audit);
    try {
      const send = (id: string) => fetch(`${url}/v1/things`, { headers: { 'x-correlation-id': id } });
      // Admitted while there is room; their rows wait (every insert fails).
      for (const id of ['a1', 'a2', 'a3']) expect((await send(id)).status).toBe(200);
      await audit.flush();
      expect(audit.pendingCount).toBe(3);
      const refused = await send('refused');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await refused.json()).toMatchObject({ status: 503, code: 'AUDIT.UNAVAILABLE' });
      expect(audit.pendingCount).toBe(3);
      const metrics = await platformMetrics().registry.metrics();
      expect(metrics).toMatch(/^gateway_audit_pending_rows 3$/m);
      expect(Number(/^gateway_audit_refused_calls_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);

      await migrate(dataSource);
      await audit.flush();
      expect(await auditedIds(dataSource)).toEqual(['a1', 'a2', 'a3']);
      expect((await send('after')).status).toBe(200);
      await audit.flush();
      expect(await auditedIds(dataSource)).toEqual(['a1', 'a2', 'a3', 'after']);
    } finally {
      server.close();
    }
  });

  it('keeps a call admitted just before the queue filled: rows are never dropped, only new work refused', async () => {
    const dataSource = await open(false);
    const audit = auditLog(dataSource, { maxPending: 2 });
    ['b1', 'b2', 'b3', 'b4'].forEach((id) => audit.record(call(id)));
    expect(audit.hasRoom()).toBe(false);
    expect(audit.pendingCount).toBe(4);
    await migrate(dataSource);
    await audit.flush();
    expect(await auditedIds(dataSource)).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(audit.hasRoom()).toBe(true);
  });

  it('writes a full batch at once, without waiting for the timer', async () => {
    const dataSource = await open(true);
    const audit = auditLog(dataSource, { batchSize: 5 });
    ['c1', 'c2', 'c3', 'c4'].forEach((id) => audit.record(call(id)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await auditedIds(dataSource)).toEqual([]);
    audit.record(call('c5'));
    await audit.flush();
    expect(await auditedIds(dataSource)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
  });

  it('at shutdown, retries a database that refuses the rows and writes them once it takes them', async () => {
    const dataSource = await open(false);
    const audit = auditLog(dataSource, { shutdownRetryMs: 10_000 });
    ['d1', 'd2'].forEach((id) => audit.record(call(id)));
    const recovery = new Promise((resolve) => setTimeout(resolve, 1_200)).then(() => migrate(dataSource));
    await audit.beforeApplicationShutdown();
    await recovery;
    expect(await auditedIds(dataSource)).toEqual(['d1', 'd2']);
  });

  it('at shutdown, logs every row it still could not write, in full, rather than losing it', async () => {
    const dataSource = await open(false);
    const audit = auditLog(dataSource, { shutdownRetryMs: 600 });
    ['e1', 'e2'].forEach((id) => audit.record(call(id)));
    await audit.beforeApplicationShutdown();
    const lines = logged.mock.calls.map(([message]) => String(message));
    expect(lines).toContainEqual(expect.stringContaining('2 audit rows could not be written before shutdown'));
    for (const id of ['e1', 'e2']) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^unwritten audit rows: .*"correlationId":"${id}"`)));
  });
});
