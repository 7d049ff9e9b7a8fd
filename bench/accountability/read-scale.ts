/**
 * How long metrics answers take over a large fact set: 100,000 synthetic permit
 * facts (FACTS=n to change) written straight into the accountability service's
 * fact table, then the metrics routes through the gateway, one at a time and 8
 * dashboard requests at once. A diagnostic, not a benchmark (no baseline):
 * figures in docs/architecture.md. Needs the built services and
 * DATABASE_URL / KAFKA_BROKERS: `npx tsx bench/accountability/read-scale.ts`.
 */
import { Client } from 'pg';
import { accessToken, registerClient, startBehindGateway } from '@palembang/platform/testing';

const N = Number(process.env.FACTS ?? 100_000);
async function main() {
  const platform = await startBehindGateway(['accountability'], { RATE_LIMIT_PER_MINUTE: '100000' });
  try {
    const db = new Client({ connectionString: platform.services.accountability.databaseUrl });
    await db.connect();
    const agencies = ['dpmptsp', 'dinas-pupr', 'dlh', 'dishub', 'dinkes', 'disdik', 'dinsos'];
    const t0 = Date.now();
    await db.query(`INSERT INTO metrics.permit_facts (application_id, agency_id, submitted_at, decided_at, version, facts)
      SELECT 'app-' || i, ($2::text[])[1 + i % 7], ts, ts + interval '5 days', 5,
        jsonb_build_object('applicationId', 'app-' || i, 'agencyId', ($2::text[])[1 + i % 7], 'permitTypeCode', 'T' || (i % 20), 'submittedAt', ts, 'verifiedAt', ts + interval '1 day',
          'decidedAt', ts + interval '5 days', 'decision', 'approved', 'issuedAt', ts + interval '6 days', 'processingDays', 5, 'slaDeadline', ts + interval '8 days', 'pausedWorkingDays', 0,
          'pausedSince', null, 'workingDaysToDecision', 3 + i % 5, 'withinStandard', (i % 5) < 4, 'slaBreached', (i % 5) = 4, 'slaBreachedAt', null, 'version', 5)
      FROM (SELECT i, timestamptz '2025-01-01T02:00:00Z' + (i % 690) * interval '1 day' + (i % 17) * interval '1 hour' AS ts FROM generate_series(1, $1::int) i) s`, [N, agencies]);
    console.log(`inserted ${N} permit facts in ${Date.now() - t0} ms`);
    await db.end();
    const token = await accessToken(platform.gateway.baseUrl, await registerClient(platform.gateway.baseUrl, platform.adminToken, 'inspektorat', ['metrics:read', 'agencies:all']));
    for (const path of ['/v1/metrics/agencies', '/v1/metrics/agencies?period=year', '/v1/metrics/ranking', '/v1/metrics/agencies/dpmptsp?period=month&from=2025-01&to=2026-11', '/dashboard/data/agencies']) {
      const times: number[] = [];
      let status = 0;
      for (let i = 0; i < 3; i++) {
        const start = Date.now();
        const r = await fetch(`${platform.gateway.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
        status = r.status; await r.arrayBuffer();
        times.push(Date.now() - start);
      }
      console.log(path, status, times.join(' / '), 'ms');
    }
    for (const path of ['/v1/metrics/agencies/dpmptsp/services?period=2026-11', '/v1/metrics/agencies/dpmptsp/services?period=2025']) {
      const start = Date.now();
      const r = await fetch(`${platform.gateway.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      await r.arrayBuffer();
      console.log(path, r.status, Date.now() - start, 'ms');
    }
    for (const concurrency of [8]) {
      const start = Date.now();
      const answers = await Promise.all(Array.from({ length: concurrency }, () => fetch(`${platform.gateway.baseUrl}/dashboard/data/agencies`).then(async (r) => (await r.arrayBuffer(), r.status))));
      console.log(`${concurrency} concurrent /dashboard/data/agencies`, answers.join(','), Date.now() - start, 'ms in all');
    }
  } finally {
    await platform.stop();
  }
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
