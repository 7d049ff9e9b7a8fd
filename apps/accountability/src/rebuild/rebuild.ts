import { randomUUID } from 'node:crypto';
import { KafkaConnection, KafkaSubscription } from '@palembang/events';
import { describeError, loadWorkingDayCalendar } from '@palembang/platform';
import { DataSource, EntityManager } from 'typeorm';
import { PROJECTED_TOPICS } from '../projection/domain-events.consumer';
import { METRIC_TABLES, metricTablesDdl, METRICS_SCHEMA, NEXT_SCHEMA, PREVIOUS_SCHEMA } from '../projection/metric-tables';
import { BulkProjection, FlushOptions, InTransaction } from '../projection/bulk-projection';
import { PROJECTION_SWITCH_LOCK } from '../projection/project-event';
import { ReplayReader } from './replay-reader';
import { notifyEverythingChanged } from '../projection/metrics-changes';

export type RebuildOptions = Readonly<{
  dataSource: DataSource;
  kafka: KafkaConnection;
  /** Gives up (and leaves the live tables as they are) after this long. */
  timeoutMs?: number;
  log?: (message: string) => void;
}>;

const REBUILD_LOCK = 7_364_220_012;

/** Cases held in memory at most: the reading waits for the flush in flight beyond this. */
const CASES_PER_FLUSH = 20_000;
/**
 * A flush starts whenever none is in flight and this many cases are held, so the writes keep up
 * with the reading (their size grows when PostgreSQL is the slower side) and what is left to write
 * once the replay has caught up, before the switch, is small.
 */
const CASES_PER_EAGER_FLUSH = 1_000;

/** `durationMs`: from the start to the switch committed (leaving the consumer group and counting `rows` come after). */
export type RebuildResult = Readonly<{ events: number; rows: Readonly<Record<string, number>>; durationMs: number }>;

/**
 * Rebuilds the read model without downtime:
 *
 * 1. creates the tables of the next generation in the schema `metrics_next`;
 * 2. replays permits.events, complaints.events and training.events from offset 0
 *    into them on a consumer group of its own (ReplayReader; alerts are not
 *    evaluated again: they were emitted once, live), with the bulk projection
 *    (BulkProjection: the live projection's fold and contributions, cases held in
 *    memory and written by one flush after another while the next batches are
 *    read, looked up only when it wrote them itself). No inbox row per event and offsets committed before the facts: safe
 *    only because a rebuild that stops is never resumed (the next one starts again
 *    from offset 0 on new tables and a new group), and facts are idempotent by
 *    stream version;
 * 3. switches when it has caught up with the live projection: under the switch
 *    lock taken exclusively (the live projection holds it shared in each of its
 *    transactions, so none is half-way and none commits meanwhile), once its group's
 *    lag is 0 on every partition (every event the live projection applied lies
 *    below the ends of the logs read then), it writes what the bulk projection still
 *    holds and renames `metrics` to `metrics_previous` and `metrics_next` to
 *    `metrics` in one transaction. Queries keep being answered throughout (renaming
 *    a schema takes no lock on its tables); the live projection's next transaction
 *    writes the new tables. Facts are idempotent (stream versions), so an event the
 *    rebuild also applied changes nothing.
 *
 * The replaced generation stays in `metrics_previous` until the next rebuild starts
 * (to compare, or to switch back by hand).
 */
export async function rebuildMetrics(options: RebuildOptions): Promise<RebuildResult> {
  const started = Date.now();
  const { dataSource } = options;
  const log = options.log ?? (() => undefined);
  const name = `accountability.rebuild-${randomUUID()}`;
  // One rebuild at a time: a session lock on a connection of its own, released when it ends (or dies).
  const session = dataSource.createQueryRunner();
  await session.connect();
  let locked = false;
  try {
    [{ locked }] = (await session.query(`SELECT pg_try_advisory_lock($1) AS locked`, [REBUILD_LOCK])) as Array<{ locked: boolean }>;
    if (!locked) throw new Error('another rebuild is running');
    return await replayAndSwitch(options, name, log, started);
  } finally {
    if (locked) await session.query(`SELECT pg_advisory_unlock($1)`, [REBUILD_LOCK]).catch(() => undefined);
    await session.release();
  }
}

async function replayAndSwitch(options: RebuildOptions, name: string, log: (message: string) => void, started: number): Promise<RebuildResult> {
  const { dataSource } = options;
  // The calendar as the live projection knows it now, so a rebuild computes what the live projection does.
  const calendar = await loadWorkingDayCalendar(dataSource.manager);
  // Created while the consumer joins its group and the first cases are folded: nothing is read from or written to them before the first flush, which waits for them.
  const tables = createNextTables(dataSource);
  // Reported by the first flush, which every rebuild makes before its switch; not an unhandled rejection until then.
  tables.catch(() => undefined);
  const projection = new BulkProjection({ schema: NEXT_SCHEMA, calendar, startsEmpty: true });
  const writes = new BulkWrites(projection, dataSource, tables);
  const reader = new ReplayReader({
    subscription: new KafkaSubscription(options.kafka, { groupId: name, topics: [...PROJECTED_TOPICS], fromBeginning: true, partitionsConcurrently: 3 }),
    projection,
    manager: dataSource.manager,
    afterBatch: () => writes.flushWhenFull(),
    log,
  });
  const reading = reader.start();
  let switchedAt: number;
  try {
    await switchWhenCaughtUp(dataSource, reader, writes, options.timeoutMs ?? 30 * 60_000, log);
    switchedAt = Date.now();
  } finally {
    await reader.stop().catch(() => undefined);
    await reading.catch(() => undefined);
    await writes.settled();
  }
  const rows: Record<string, number> = {};
  for (const table of METRIC_TABLES) rows[table] = Number((await dataSource.query(`SELECT count(*) AS count FROM ${METRICS_SCHEMA}.${table}`))[0].count);
  return { events: reader.read, rows, durationMs: switchedAt - started };
}

/**
 * Drops the generation before the live one (kept until this rebuild) and what a rebuild that died
 * left, and creates the next generation's tables: here rather than in the switch, whose lock the live
 * projection waits for, as dropping a city's generation takes a while. In one round trip (one text of
 * statements): it runs while the replay keeps the event loop busy, and each answer would wait for it.
 */
async function createNextTables(dataSource: DataSource): Promise<void> {
  await dataSource.query([`DROP SCHEMA IF EXISTS ${PREVIOUS_SCHEMA} CASCADE`, `DROP SCHEMA IF EXISTS ${NEXT_SCHEMA} CASCADE`, ...metricTablesDdl(NEXT_SCHEMA)].join(';\n'));
}

/**
 * The bulk projection's flushes: one at a time, each overlapping the next batches. A flush that
 * failed lost what it held, so the rebuild fails (its tables would miss those cases).
 */
class BulkWrites {
  private inFlight: Promise<void> = Promise.resolve();
  private writing = false;
  private failure: unknown;

  /** `tables`: the next generation's tables, created meanwhile (a flush starts once they are there). */
  constructor(
    private readonly projection: BulkProjection,
    private readonly dataSource: DataSource,
    private readonly tables: Promise<void>,
  ) {}

  /** Starts a flush when none is in flight and enough is held; waits for the one in flight when too much is held (memory stays bounded). */
  async flushWhenFull(): Promise<void> {
    if (this.projection.heldCases >= CASES_PER_FLUSH) await this.inFlight;
    if (!this.writing && this.projection.heldCases >= CASES_PER_EAGER_FLUSH) this.start((work) => this.dataSource.transaction(work), { writers: 2 });
  }

  /** Writes what is held in the transaction `manager` belongs to (the switch's), after any flush in flight. */
  async flushIn(manager: EntityManager): Promise<void> {
    this.throwIfFailed();
    await this.start((work) => work(manager), { everything: true });
    this.throwIfFailed();
  }

  /** Writes what is held in a transaction of its own: most of it, before the switch takes its lock. */
  async flushNow(): Promise<void> {
    this.throwIfFailed();
    await this.start((work) => this.dataSource.transaction(work), { everything: true, writers: 2 });
    this.throwIfFailed();
  }

  async settled(): Promise<void> {
    await this.inFlight;
  }

  private start(inTransaction: InTransaction, options: FlushOptions): Promise<void> {
    this.writing = true;
    const flight: Promise<void> = this.tables
      .then(() => this.projection.flush(inTransaction, options))
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => {
        if (this.inFlight === flight) this.writing = false;
      });
    this.inFlight = flight;
    return flight;
  }

  throwIfFailed(): void {
    if (this.failure !== undefined) throw new Error(`writing the replayed cases failed (${describeError(this.failure)}); the live tables are unchanged`);
  }
}

async function switchWhenCaughtUp(dataSource: DataSource, reader: ReplayReader, writes: BulkWrites, timeoutMs: number, log: (message: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let reported = false;
  for (;;) {
    // Without the lock first, and what is held written outside it, so the live projection waits only for the last few events.
    writes.throwIfFailed();
    if (await reader.caughtUp()) {
      await writes.flushNow();
      const switched = await dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock($1)`, [PROJECTION_SWITCH_LOCK]);
        // Under the lock no live transaction commits: every event it applied is below the ends of the logs read now.
        if (!(await reader.caughtUp())) return false;
        await writes.flushIn(manager);
        // Dropped at the start (createNextTables); nothing made it since, as one rebuild runs at a time.
        await manager.query(`ALTER SCHEMA ${METRICS_SCHEMA} RENAME TO ${PREVIOUS_SCHEMA}`);
        await manager.query(`ALTER SCHEMA ${NEXT_SCHEMA} RENAME TO ${METRICS_SCHEMA}`);
        // Renaming changes no row: tell the metrics readers their kept facts are the old generation's.
        await notifyEverythingChanged(manager, METRICS_SCHEMA);
        return true;
      });
      if (switched) return;
    }
    if (!reported) log(`replaying: ${reader.read} message(s) read so far`);
    reported = true;
    if (Date.now() > deadline) throw new Error(`the rebuild did not catch up within ${timeoutMs} ms (${reader.read} message(s) read); the live tables are unchanged`);
    // Often, and at once when the reader reaches the ends of the logs: the lag is a few requests to the broker, and every pause here is time the switch waits after the last event.
    await reader.waitForProgress(25);
  }
}
