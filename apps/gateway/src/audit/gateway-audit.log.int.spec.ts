import { Logger } from '@nestjs/common';
import { createServiceDatabase } from '@palembang/platform/testing';
import { DataSource } from 'typeorm';
import { GatewayConfig } from '../gateway-config';
import { GatewayAuditLog } from './gateway-audit.log';
import { LoginFailureLog } from '../credentials/login-failure.log';
import { GatewayAuditRetention } from './gateway-audit.retention';
import { GatewayAuditSchema1764400000000 } from './gateway-audit.migration';
import { GatewayApiCredentials1764900000000 } from '../credentials/api-credentials.migration';
import { GatewayOAuthSchema1764375000000 } from '../oauth/oauth-schema.migration';

const call = (correlationId: string) => ({
  occurredAt: new Date('2026-11-29T01:02:03.004Z'),
  clientId: 'portal',
  agencyId: 'dpmptsp',
  method: 'GET',
  route: '/v1/permit-applications/:id',
  status: 200,
  durationMs: 12,
  correlationId,
});

describe('the gateway audit log (PostgreSQL)', () => {
  let dataSource: DataSource;
  let audit: GatewayAuditLog;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: await createServiceDatabase('gateway_audit') }).initialize();
  });

  afterAll(async () => {
    audit?.onModuleDestroy();
    await dataSource?.destroy();
  });

  it('keeps the rows it could not write, logs the failure, and writes them once the database takes them', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    audit = new GatewayAuditLog(dataSource);
    audit.onModuleDestroy(); // flushed by hand below, not by the timer
    audit.record(call('first'));
    await expect(audit.flush()).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('audit rows not written (1 of 1 queued, retried later)'));
    logged.mockRestore();

    const runner = dataSource.createQueryRunner();
    await new GatewayAuditSchema1764400000000().up(runner);
    await runner.release();
    audit.record(call('second'));
    await audit.flush();
    const rows = await dataSource.query(`SELECT occurred_at, client_id, agency_id, method, route, status, duration_ms, correlation_id FROM gateway_audit ORDER BY id`);
    expect(rows).toEqual([
      { occurred_at: new Date('2026-11-29T01:02:03.004Z'), client_id: 'portal', agency_id: 'dpmptsp', method: 'GET', route: '/v1/permit-applications/:id', status: 200, duration_ms: 12, correlation_id: 'first' },
      expect.objectContaining({ correlation_id: 'second' }),
    ]);
  });

  it('writes a large backlog in batches, in order', async () => {
    for (let index = 0; index < 1_200; index++) audit.record(call(`bulk-${index}`));
    await audit.flush();
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM gateway_audit WHERE correlation_id LIKE 'bulk-%'`);
    expect(count).toBe(1_200);
  });

  it('deletes the rows older than the retention period, in batches, and keeps the rest, failed logins too', async () => {
    await dataSource.query(`DELETE FROM gateway_audit`);
    const runner = dataSource.createQueryRunner();
    await new GatewayOAuthSchema1764375000000().up(runner);
    await new GatewayApiCredentials1764900000000().up(runner);
    await runner.release();
    const now = new Date('2026-11-29T00:00:00Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60_000);
    for (let index = 0; index < 10_050; index++) audit.record({ ...call(`old-${index}`), occurredAt: daysAgo(31) });
    audit.record({ ...call('just-kept'), occurredAt: daysAgo(29) });
    audit.record({ ...call('today'), occurredAt: now });
    await audit.flush();
    await dataSource.query(
      `INSERT INTO login_failures (occurred_at, api, client_id, address, outcome, correlation_id) VALUES ($1, 'oauth', 'portal', '198.51.100.7', 'refused', 'old-login'), ($2, 'oauth', 'portal', '198.51.100.7', 'refused', 'new-login')`,
      [daysAgo(31), daysAgo(1)],
    );

    const retention = new GatewayAuditRetention(dataSource, { auditRetentionDays: 30 } as GatewayConfig);
    expect(await retention.prune(now)).toBe(10_051);
    expect(await dataSource.query(`SELECT correlation_id FROM gateway_audit ORDER BY occurred_at`)).toEqual([{ correlation_id: 'just-kept' }, { correlation_id: 'today' }]);
    expect(await dataSource.query(`SELECT correlation_id FROM login_failures`)).toEqual([{ correlation_id: 'new-login' }]);
    expect(await retention.prune(now)).toBe(0);
  });

  it('writes every queued failed login in one flush (as at shutdown), not only the first batch', async () => {
    const failures = new LoginFailureLog(dataSource);
    failures.onModuleDestroy();
    for (let index = 0; index < 2_500; index++) {
      failures.record({ occurredAt: new Date(), api: 'oauth', clientId: `guess-${index}`, address: '198.51.100.7', outcome: 'refused', correlationId: `guess-${index}` });
    }
    await failures.beforeApplicationShutdown();
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM login_failures WHERE client_id LIKE 'guess-%'`);
    expect(count).toBe(2_500);
  });
});
