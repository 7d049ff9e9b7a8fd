import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEMO_HISTORY_SERVICES, ensureDemoHistory } from './demo-history';

/** A tenth of the year, so that the three compiled seed commands finish quickly on the shared infrastructure (SEED_HISTORY_SCALE=1 measures npm start's). */
const SCALE = process.env.SEED_HISTORY_SCALE ?? '0.1';
const SEED_ARGS = ['seed-history', '--seed=2026', '--until=2026-12-05', `--scale=${SCALE}`];

type Service = (typeof DEMO_HISTORY_SERVICES)[number];

// Written out here rather than taken from @palembang/platform/testing: the platform's tests use this tool, and Nx refuses the cycle.
const ROOT = join(__dirname, '..', '..', '..');

async function freshDatabase(service: Service): Promise<string> {
  const name = `${service}_demo_history_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = new Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL ?? '');
  url.pathname = `/${name}`;
  return url.toString();
}

describe("npm start's year of demo history: each service's seed-history command from its build, in parallel, once (real PostgreSQL and Kafka)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-history-'));
  const environments = new Map<Service, Record<string, string>>();
  const output = new Map<Service, string>();

  beforeAll(async () => {
    for (const service of DEMO_HISTORY_SERVICES) {
      environments.set(service, {
        DATABASE_URL: await freshDatabase(service),
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '',
        PERSONAL_DATA_KEY: randomBytes(32).toString('base64'),
        EVENT_CHAIN_KEY: process.env.EVENT_CHAIN_KEY ?? randomBytes(32).toString('base64'),
        GATEWAY_URL: 'http://127.0.0.1:9',
        // Read by every service's configuration; a command opens no port.
        PORT: '9',
        MIGRATIONS: '',
      });
      expect(await run(service, ['migrate'])).toBe(0);
    }
  }, 120_000);

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  function run(service: Service, args: readonly string[]): Promise<number | null> {
    const main = join(ROOT, 'dist', 'apps', service, 'apps', service, 'src', 'main.js');
    const child = spawn(process.execPath, [main, ...args], { cwd: ROOT, env: { PATH: process.env.PATH, ...environments.get(service) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => (text += chunk));
    child.stderr?.on('data', (chunk: Buffer) => (text += chunk));
    return new Promise((resolve) =>
      child.once('exit', (code) => {
        output.set(service, text);
        resolve(code);
      }),
    );
  }

  async function eventCounts(service: Service): Promise<Record<string, number>> {
    const client = new Client({ connectionString: environments.get(service)!.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ type: string; count: string }>('SELECT type, count(*) AS count FROM es_events GROUP BY type');
      return Object.fromEntries(rows.map((row) => [row.type, Number(row.count)]));
    } finally {
      await client.end();
    }
  }

  it('records each part through the services, keeps the marker, and a second run adds nothing', async () => {
    const lines: string[] = [];
    const marker = join(dataDir, 'demo-history.json');
    const record = await ensureDemoHistory(marker, (service) => run(service, SEED_ARGS), (line) => lines.push(line));
    expect(record.services).toEqual(DEMO_HISTORY_SERVICES);
    expect(record.seconds).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(marker, 'utf8'))).toEqual(record);
    expect(lines.at(-1)).toBe(`demo history seeded in ${record.seconds} s`);
    for (const service of DEMO_HISTORY_SERVICES) expect(output.get(service)).toContain(`(seed 2026, 365 days to 2026-12-05, scale ${SCALE})`);
    const seededLine = (service: Service) => (output.get(service) ?? '').split('\n').find((line) => line.includes('demo history seeded in')) ?? '';
    process.stdout.write(`npm start's seed step: ${record.seconds} s; ${DEMO_HISTORY_SERVICES.map((service) => JSON.parse(seededLine(service)).message).join(' | ')}\n`);

    const permits = await eventCounts('permits');
    const complaints = await eventCounts('complaints');
    const training = await eventCounts('training');
    for (const type of ['ApplicationSubmitted', 'ApplicationVerified', 'PermitIssued', 'ApplicationRejected', 'ApplicationDeemedApproved', 'SlaBreached', 'RevisionRequested']) expect(permits[type]).toBeGreaterThan(0);
    for (const type of ['ComplaintSubmitted', 'ComplaintVerified', 'ComplaintResolved', 'ResolutionConfirmed', 'ComplaintAutoClosed', 'FollowUpOverdue', 'SurveySubmitted']) expect(complaints[type]).toBeGreaterThan(0);
    for (const type of ['ProgramCreated', 'CohortScheduled', 'ParticipantCompleted', 'JpCredited']) expect(training[type]).toBeGreaterThan(0);

    // The command itself adds nothing to a database that holds the year (a start without the marker file).
    for (const service of DEMO_HISTORY_SERVICES) {
      expect(await run(service, SEED_ARGS)).toBe(0);
      expect(output.get(service)).toContain('demo history already seeded (seed 2026); nothing added');
    }
    expect(await eventCounts('permits')).toEqual(permits);
    expect(await eventCounts('complaints')).toEqual(complaints);
    expect(await eventCounts('training')).toEqual(training);

    // With the marker, npm start does not even run the commands.
    const seed = jest.fn();
    expect(await ensureDemoHistory(marker, seed, () => undefined)).toEqual(record);
    expect(seed).not.toHaveBeenCalled();
    expect(existsSync(marker)).toBe(true);
  }, 300_000);

  it('refuses an argument it does not know (exit 64), adding nothing', async () => {
    expect(await run('permits', ['seed-history', '--speed=fast'])).toBe(64);
    const [line] = (output.get('permits') ?? '').trim().split('\n');
    expect(JSON.parse(line).message).toContain('unknown argument "--speed=fast"');
  });
});
