import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Check } from './checks';
import { bearer, Credentials, sleep } from './http';
import { databaseOf, query } from './databases';
import type { DemoClientLike } from './platform-clients';

const ROOT = join(__dirname, '..', '..', '..');
/** This year in Asia/Jakarta (UTC+7), the platform's calendar. */
const YEAR = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 4);
const METRIC_PATHS = [
  '/v1/metrics/agencies',
  `/v1/metrics/agencies?period=${YEAR}`,
  '/v1/metrics/ranking',
  '/v1/metrics/agencies/dinas-pupr/services',
  '/v1/metrics/agencies/dpmptsp/services',
  '/v1/metrics/agencies/dinas-pupr?period=day',
];
const TABLES = ['permit_facts', 'complaint_facts', 'survey_facts', 'training_credits', 'civil_servants', 'stream_versions'];

/**
 * (6): the live metrics equal those of a rebuild from offset 0. The figures
 * are read through the gateway before and after `node main.js rebuild` (which
 * replays every domain topic into new tables and switches to them, keeping the
 * replaced live tables in metrics_previous), and the tables are compared too.
 */
export async function rebuildCheck(gatewayUrl: string, serverUrl: string, brokers: string, clients: DemoClientLike[], log: (line: string) => void): Promise<Check> {
  const dashboard = clients.find((client) => client.scopes.includes('metrics:read') && client.scopes.includes('agencies:all'));
  if (!dashboard) return { name: 'live metrics equal a rebuild from offset 0', passed: false, figures: 'no client with metrics:read' };
  const credentials = bearer(gatewayUrl, dashboard);
  const live = await readFigures(gatewayUrl, credentials);
  const startedAt = Date.now();
  const code = await runRebuild(databaseOf(serverUrl, 'accountability'), brokers, log);
  const took = ((Date.now() - startedAt) / 1000).toFixed(1);
  if (code !== 0) return { name: 'live metrics equal a rebuild from offset 0', passed: false, figures: `the rebuild exited with ${code}` };
  // The reader learns of the switch by a notification; give it a moment, then compare.
  let rebuilt = await readFigures(gatewayUrl, credentials);
  for (let tries = 0; tries < 20 && rebuilt !== live; tries += 1) {
    await sleep(500);
    rebuilt = await readFigures(gatewayUrl, credentials);
  }
  const differing = await differingTables(databaseOf(serverUrl, 'accountability'));
  const counts = await query<{ table_name: string; n: number }>(
    databaseOf(serverUrl, 'accountability'),
    TABLES.map((table) => `SELECT '${table}' AS table_name, count(*)::int AS n FROM metrics.${table}`).join(' UNION ALL '),
  );
  return {
    name: 'live metrics equal a rebuild from offset 0',
    passed: rebuilt === live && differing.length === 0,
    figures:
      `${METRIC_PATHS.length} metrics answers through the gateway ${rebuilt === live ? 'identical' : `DIFFERENT at ${firstDifference(JSON.parse(live), JSON.parse(rebuilt), '')}`} (generatedAt aside); ` +
      `tables ${differing.length === 0 ? 'identical' : `differing: ${differing.join(', ')}`} (${counts.map((row) => `${row.table_name} ${row.n}`).join(', ')}); rebuild took ${took} s`,
  };
}

async function readFigures(gatewayUrl: string, credentials: Credentials): Promise<string> {
  const answers: unknown[] = [];
  for (const path of METRIC_PATHS) {
    const response = await fetch(`${gatewayUrl}${path}`, { headers: { authorization: await credentials.authorization(), 'cache-control': 'no-cache' } });
    const body = withoutTimes(await response.json());
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    answers.push({ path, body });
  }
  return JSON.stringify(answers);
}

/** The answer without when it was generated (each read's own clock) and its correlation id. */
function withoutTimes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimes);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !['generatedAt', 'asOf', 'correlationId'].includes(key)).map(([key, inner]) => [key, withoutTimes(inner)]));
}

/** Where two answers first differ, as a JSON path with both values. */
function firstDifference(live: unknown, rebuilt: unknown, path: string): string {
  if (typeof live === 'object' && live !== null && typeof rebuilt === 'object' && rebuilt !== null) {
    const keys = new Set([...Object.keys(live), ...Object.keys(rebuilt)]);
    for (const key of keys) {
      const [a, b] = [(live as Record<string, unknown>)[key], (rebuilt as Record<string, unknown>)[key]];
      if (JSON.stringify(a) !== JSON.stringify(b)) return firstDifference(a, b, `${path}/${key}`);
    }
  }
  return `${path}: live ${JSON.stringify(live)?.slice(0, 120)}, rebuilt ${JSON.stringify(rebuilt)?.slice(0, 120)}`;
}

function runRebuild(databaseUrl: string, brokers: string, log: (line: string) => void): Promise<number | null> {
  const main = join(ROOT, 'dist', 'apps', 'accountability', 'apps', 'accountability', 'src', 'main.js');
  const child = spawn(process.execPath, [main, 'rebuild'], { env: { ...process.env, DATABASE_URL: databaseUrl, KAFKA_BROKERS: brokers }, stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((line) => log(`[rebuild] ${line}`));
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Tables whose rows differ between the rebuilt generation (metrics) and the live one it replaced (metrics_previous). */
async function differingTables(databaseUrl: string): Promise<string[]> {
  const differing: string[] = [];
  for (const table of TABLES) {
    const rows = await query<{ n: number }>(
      databaseUrl,
      `SELECT count(*)::int AS n FROM ((TABLE metrics.${table} EXCEPT ALL TABLE metrics_previous.${table}) UNION ALL (TABLE metrics_previous.${table} EXCEPT ALL TABLE metrics.${table})) AS difference`,
    );
    if (rows[0].n > 0) differing.push(`${table} (${rows[0].n} rows)`);
  }
  return differing;
}
