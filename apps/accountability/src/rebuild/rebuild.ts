import { randomUUID } from 'node:crypto';
import { EventConsumer, KafkaConnection, KafkaSubscription, MessagePublisher } from '@palembang/events';
import { describeError, loadWorkingDayCalendar } from '@palembang/platform';
import { DataSource } from 'typeorm';
import { LIVE_CONSUMER } from '../accountability-settings';
import { PROJECTED_TOPICS } from '../projection/domain-events.consumer';
import { FACTS_CHANGED_CHANNEL, METRIC_TABLES, metricTablesDdl, METRICS_SCHEMA, NEXT_SCHEMA, PREVIOUS_SCHEMA } from '../projection/metric-tables';
import { PROJECTION_SWITCH_LOCK, projectEvents } from '../projection/project-event';

export type RebuildOptions = Readonly<{
  dataSource: DataSource;
  kafka: KafkaConnection;
  /** Gives up (and leaves the live tables as they are) after this long. */
  timeoutMs?: number;
  log?: (message: string) => void;
}>;

const REBUILD_LOCK = 7_364_220_012;

export type RebuildResult = Readonly<{ events: number; rows: Readonly<Record<string, number>>; durationMs: number }>;

/**
 * Rebuilds the read model without downtime:
 *
 * 1. creates the tables of the next generation in the schema `metrics_next`;
 * 2. replays permits.events, complaints.events and training.events from offset 0
 *    into them, through the shared consumer on a consumer group and inbox name of
 *    its own (alerts are not evaluated again: they were emitted once, live);
 * 3. switches when it has caught up with the live projection: under the switch
 *    lock taken exclusively (the live projection holds it shared in each of its
 *    transactions, so none is half-way), once every event in the live inbox is
 *    also in the rebuild's, it renames `metrics` to `metrics_previous` and
 *    `metrics_next` to `metrics` in one transaction. Queries keep being answered
 *    throughout (renaming a schema takes no lock on its tables); the live
 *    projection's next transaction writes the new tables. Facts are idempotent
 *    (stream versions), so an event the rebuild also applied changes nothing.
 *
 * The replaced generation stays in `metrics_previous` until the next rebuild (to
 * compare, or to switch back by hand).
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
  await dataSource.query(`DROP SCHEMA IF EXISTS ${NEXT_SCHEMA} CASCADE`);
  for (const statement of metricTablesDdl(NEXT_SCHEMA)) await dataSource.query(statement);
  let events = 0;
  // The calendar as the live projection knows it now, so a rebuild computes what the live projection does.
  const calendar = await loadWorkingDayCalendar(dataSource.manager);
  const consumer = new EventConsumer({
    name,
    dataSource,
    subscription: new KafkaSubscription(options.kafka, { groupId: name, topics: [...PROJECTED_TOPICS], fromBeginning: true, partitionsConcurrently: 3 }),
    // A message the live projection dead-lettered is dead-lettered here too; it is not published again.
    deadLetters: discardingPublisher(log),
    handleBatch: async (batch, { manager }) => {
      await projectEvents(batch.map(({ event }) => event), manager, { schema: NEXT_SCHEMA, calendar, live: false });
      events += batch.length;
    },
    // The consumer keeps trying to join (Kafka down, topics missing) until the timeout: say so.
    observer: {
      processed: () => undefined,
      failed: () => undefined,
      deadLettered: () => undefined,
      startFailed: (error, retryInMs) => log(`could not join the topics yet (${describeError(error)}), retrying in ${retryInMs} ms`),
      crashed: (error, restarting) => log(`the replay consumer failed (${describeError(error)})${restarting ? ', restarting' : ''}`),
    },
  });
  const consuming = consumer.start();
  consuming.catch((error: unknown) => log(`replay failed: ${String(error)}`));
  try {
    await switchWhenCaughtUp(dataSource, name, options.timeoutMs ?? 30 * 60_000, log);
  } finally {
    await consumer.stop().catch(() => undefined);
    await dataSource.query(`DELETE FROM es_inbox WHERE consumer = $1`, [name]).catch(() => undefined);
  }
  const rows: Record<string, number> = {};
  for (const table of METRIC_TABLES) rows[table] = Number((await dataSource.query(`SELECT count(*) AS count FROM ${METRICS_SCHEMA}.${table}`))[0].count);
  return { events, rows, durationMs: Date.now() - started };
}

async function switchWhenCaughtUp(dataSource: DataSource, rebuildConsumer: string, timeoutMs: number, log: (message: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastBehind = -1;
  for (;;) {
    const behind = await dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [PROJECTION_SWITCH_LOCK]);
      const [{ count }]: Array<{ count: string }> = await manager.query(
        `SELECT count(*) AS count FROM es_inbox live WHERE live.consumer = $1
         AND NOT EXISTS (SELECT 1 FROM es_inbox replayed WHERE replayed.consumer = $2 AND replayed.event_id = live.event_id)`,
        [LIVE_CONSUMER, rebuildConsumer],
      );
      if (Number(count) > 0) return Number(count);
      await manager.query(`DROP SCHEMA IF EXISTS ${PREVIOUS_SCHEMA} CASCADE`);
      await manager.query(`ALTER SCHEMA ${METRICS_SCHEMA} RENAME TO ${PREVIOUS_SCHEMA}`);
      await manager.query(`ALTER SCHEMA ${NEXT_SCHEMA} RENAME TO ${METRICS_SCHEMA}`);
      // Renaming changes no row: tell the metrics readers their kept facts are the old generation's.
      await manager.query(`SELECT pg_notify($1, '')`, [FACTS_CHANGED_CHANNEL]);
      return 0;
    });
    if (behind === 0) return;
    if (behind !== lastBehind) log(`replaying: ${behind} event(s) of the live projection not replayed yet`);
    lastBehind = behind;
    if (Date.now() > deadline) throw new Error(`the rebuild did not catch up within ${timeoutMs} ms (${behind} event(s) behind); the live tables are unchanged`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function discardingPublisher(log: (message: string) => void): MessagePublisher {
  return {
    publish: async (messages) => log(`${messages.length} message(s) could not be replayed (dead-lettered live as well)`),
    close: async () => undefined,
  };
}
