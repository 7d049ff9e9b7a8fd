import { randomUUID } from 'node:crypto';
import { Infrastructure, startInfrastructure } from '@palembang/infra';
import { PermitsBehindGateway, startPermitsBehindGateway } from '@palembang/platform/testing';
import { Client } from 'pg';
import { applicantNamed, TDUP_DOCUMENTS } from './testing/applications';

type Attempt = { status: number | 'connection-error'; ms: number; retryAfter: string | null };
type Command = { key: string; marker: string; started: number; acknowledged?: number; attempts: Attempt[] };

const WORKERS = 6;
const DOWN_MS = 5_000;
/** The gateway's request deadline is 10 s; an answer takes at most that, plus a margin for a loaded machine. */
const LONGEST_ANSWER_MS = 15_000;

/**
 * Issue 14, point 3: the permits service on a PostgreSQL of its own, restarted immediately (as
 * a crash: every connection cut) and kept down for five seconds while clients submit through
 * the gateway, each retrying with the same Idempotency-Key. While it is down, commands answer
 * 503 with Retry-After, never 500 and never after the request deadline; the service recovers by
 * itself; every command lands exactly once, within the outage plus 10 s; the outbox drains.
 */
describe('commands while PostgreSQL restarts (permits on a PostgreSQL of its own, real Kafka)', () => {
  let infra: Infrastructure;
  let platform: PermitsBehindGateway;
  let databaseUrl: string;
  let token: string;

  beforeAll(async () => {
    infra = await startInfrastructure({ env: { KAFKA_BROKERS: process.env.KAFKA_BROKERS } });
    databaseUrl = await createDatabase(infra.databaseUrl, `permits_restart_${randomUUID().slice(0, 8)}`);
    platform = await startPermitsBehindGateway({}, { DATABASE_URL: databaseUrl });
    token = await platform.tokenFor('dinas-pariwisata', ['permits:read', 'permits:write']);
  }, 180_000);

  afterAll(async () => {
    await platform?.stop();
    await infra?.stop();
  });

  async function attempt(command: Command): Promise<Attempt> {
    const started = Date.now();
    try {
      const response = await fetch(`${platform.gateway.baseUrl}/v1/permit-applications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': command.key },
        body: JSON.stringify({ permitTypeCode: 'TDUP', applicant: applicantNamed('Rina Marlina', command.marker), documents: TDUP_DOCUMENTS }),
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      return { status: response.status, ms: Date.now() - started, retryAfter: response.headers.get('retry-after') };
    } catch {
      return { status: 'connection-error', ms: Date.now() - started, retryAfter: null };
    }
  }

  /** Sends the command until it is acknowledged, with the same key, backing off on 5xx, 409 and connection errors. */
  async function send(command: Command): Promise<void> {
    for (let delay = 200; Date.now() - command.started < 60_000; delay = Math.min(delay * 2, 2_000)) {
      const answer = await attempt(command);
      command.attempts.push(answer);
      if (answer.status === 201) {
        command.acknowledged = Date.now();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  it('answers 503 with Retry-After while it is down and lands every retried command once when it returns', async () => {
    const commands: Command[] = [];
    let loading = true;
    const workers = Array.from({ length: WORKERS }, async () => {
      while (loading) {
        const command: Command = { key: randomUUID(), marker: `restart-${randomUUID()}`, started: Date.now(), attempts: [] };
        commands.push(command);
        await send(command);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const pid = platform.services.permits.process.pid;
    const down = Date.now();
    await infra.postgres!.restart({ immediate: true, downForMs: DOWN_MS });
    const back = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    loading = false;
    await Promise.all(workers);

    const attempts = commands.flatMap((command) => command.attempts);
    expect(attempts.filter((answer) => answer.status === 500)).toEqual([]);
    expect(attempts.filter((answer) => answer.ms > LONGEST_ANSWER_MS)).toEqual([]);
    const unavailable = attempts.filter((answer) => answer.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable.every((answer) => answer.retryAfter !== null)).toBe(true);
    // The service recovered by itself, in the same process.
    expect(platform.services.permits.process.exitCode).toBeNull();
    expect(platform.services.permits.process.pid).toBe(pid);

    // Every command was acknowledged, none later than the outage plus 10 s (and the last answer's time).
    expect(commands.filter((command) => command.acknowledged === undefined).map((command) => command.attempts.map((a) => a.status))).toEqual([]);
    const outage = back - down;
    const late = commands.filter((command) => command.acknowledged! - command.started > outage + 10_000 + LONGEST_ANSWER_MS);
    expect(late.map((command) => command.attempts.map((a) => a.status))).toEqual([]);

    // Each exactly once in the event store, and the relay has published everything.
    const database = new Client({ connectionString: databaseUrl });
    await database.connect();
    try {
      const rows: Array<{ marker: string; count: number }> = await database.query(
        `SELECT data #>> '{applicant,applicantId}' AS marker, count(*)::int AS count FROM es_events WHERE type = 'ApplicationSubmitted' GROUP BY 1`,
      ).then((result) => result.rows);
      const counts = new Map(rows.map((row) => [row.marker, row.count]));
      expect(commands.filter((command) => counts.get(command.marker) !== 1).map((command) => [command.marker, counts.get(command.marker) ?? 0])).toEqual([]);
      await until(async () => Number((await database.query('SELECT count(*) AS n FROM es_outbox')).rows[0].n) === 0);
    } finally {
      await database.end();
    }
  }, 180_000);
});

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the outbox did not drain');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
