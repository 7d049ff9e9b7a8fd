import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { NewEvent, PostgresEventStore } from '@palembang/events';
import { createTestDatabase, testChainKeys, testVault } from '@palembang/events/testing';
import { checkDeadline, Cleanup, combine, now, permitEvent, Rate, rate, rawPgClient, registerDatabase } from './common';

/**
 * Appends per second through PostgresEventStore.append (a fixed set of streams,
 * each append at the stream's correct expected version, one client awaiting each
 * append) against raw `pg` INSERTs of the same JSON into a plain
 * (bigserial, jsonb) table, one statement per transaction, same single loop.
 * Rounds alternate which side goes first, so drift over time hits both alike.
 */
export interface AppendScenario {
  eventsPerTransaction: number;
  transactionsPerRound: number;
  rounds: number;
  warmUpTransactions: number;
  streams: number;
  timeLimitMs: number;
}

export type AppendResult = Readonly<{ store: Rate; raw: Rate; payloadBytes: number }>;

export async function measureAppends(scenario: AppendScenario, cleanup: Cleanup): Promise<AppendResult> {
  const deadline = now() + scenario.timeLimitMs;
  const dataSource = await createTestDatabase('bench_append');
  registerDatabase(dataSource, cleanup);
  const store = new PostgresEventStore({ dataSource, vault: testVault(), chainKeys: testChainKeys(), topic: 'bench.appends.events' });
  const client = await rawPgClient(dataSource, cleanup);
  await client.query(`CREATE TABLE raw_events (id bigserial PRIMARY KEY, payload jsonb NOT NULL)`);
  const rawInsert = insertStatement(scenario.eventsPerTransaction);

  let counter = 0;
  const nextEvents = (transactions: number) =>
    Array.from({ length: transactions }, () => Array.from({ length: scenario.eventsPerTransaction }, () => permitEvent(counter++)));

  const warmStreams = new Streams(`warm-${randomUUID().slice(0, 8)}`, scenario.streams);
  const streams = new Streams(`permit-${randomUUID().slice(0, 8)}`, scenario.streams);

  await appendThroughStore(store, warmStreams, nextEvents(scenario.warmUpTransactions), deadline);
  await insertRaw(client, rawInsert, nextEvents(scenario.warmUpTransactions), deadline);

  const storeRounds: Rate[] = [];
  const rawRounds: Rate[] = [];
  for (let round = 0; round < scenario.rounds; round++) {
    const storeEvents = nextEvents(scenario.transactionsPerRound);
    const rawEvents = nextEvents(scenario.transactionsPerRound);
    const runStore = async () => storeRounds.push(await appendThroughStore(store, streams, storeEvents, deadline));
    const runRaw = async () => rawRounds.push(await insertRaw(client, rawInsert, rawEvents, deadline));
    if (round % 2 === 0) {
      await runStore();
      await runRaw();
    } else {
      await runRaw();
      await runStore();
    }
  }

  await verifyCounts(dataSource, client, streams, rawRounds, storeRounds);
  return { store: combine(storeRounds), raw: combine(rawRounds), payloadBytes: Buffer.byteLength(JSON.stringify(permitEvent(0))) };
}

/** A fixed set of streams used round-robin, each with the version it is at. */
class Streams {
  private readonly ids: string[];
  private readonly versions = new Map<string, number>();
  private next = 0;

  constructor(prefix: string, count: number) {
    this.ids = Array.from({ length: count }, (_, n) => `${prefix}-${n}`);
    for (const id of this.ids) this.versions.set(id, 0);
  }

  take(): [string, number] {
    const id = this.ids[this.next++ % this.ids.length];
    return [id, this.versions.get(id) ?? 0];
  }

  advance(id: string, by: number): void {
    this.versions.set(id, (this.versions.get(id) ?? 0) + by);
  }

  total(): number {
    return [...this.versions.values()].reduce((sum, version) => sum + version, 0);
  }
}

async function appendThroughStore(store: PostgresEventStore, streams: Streams, transactions: NewEvent[][], deadline: number): Promise<Rate> {
  const started = now();
  for (const events of transactions) {
    const [streamId, version] = streams.take();
    await store.append(streamId, version, events);
    streams.advance(streamId, events.length);
    checkDeadline('store appends', deadline);
  }
  return rate(transactions.length * (transactions[0]?.length ?? 0), now() - started);
}

/** One INSERT of `rows` rows: `($1::jsonb), ($2::jsonb), ...` (autocommit: its own transaction). */
function insertStatement(rows: number): string {
  const values = Array.from({ length: rows }, (_, n) => `($${n + 1}::jsonb)`).join(', ');
  return `INSERT INTO raw_events (payload) VALUES ${values}`;
}

async function insertRaw(client: Client, statement: string, transactions: NewEvent[][], deadline: number): Promise<Rate> {
  const started = now();
  for (const events of transactions) {
    await client.query(statement, events.map((event) => JSON.stringify(event)));
    checkDeadline('raw inserts', deadline);
  }
  return rate(transactions.length * (transactions[0]?.length ?? 0), now() - started);
}

/** Both sides really wrote what they were timed for. */
async function verifyCounts(dataSource: DataSource, client: Client, streams: Streams, raw: Rate[], store: Rate[]): Promise<void> {
  const timedStore = store.reduce((sum, part) => sum + part.events, 0);
  if (streams.total() !== timedStore) throw new Error(`benchmark: streams hold ${streams.total()} events, expected ${timedStore}`);
  const storedRows: Array<{ count: string }> = await dataSource.query(`SELECT count(*)::text AS count FROM es_events WHERE stream_id LIKE 'permit-%'`);
  if (Number(storedRows[0].count) !== timedStore) throw new Error(`benchmark: es_events holds ${storedRows[0].count}, expected ${timedStore}`);
  const rawRows = await client.query<{ count: string }>(`SELECT count(*)::text AS count FROM raw_events`);
  const timedRaw = raw.reduce((sum, part) => sum + part.events, 0);
  if (Number(rawRows.rows[0].count) < timedRaw) throw new Error(`benchmark: raw_events holds ${rawRows.rows[0].count}, expected ≥ ${timedRaw}`);
}
