import { EventEnvelope } from '@palembang/events';
import { createTestDatabase } from '@palembang/events/testing';
import { indonesianCalendar } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { civilServant, jpCredited, transferred } from '../testing/envelopes';
import { generatedHistory, randomOf } from '../testing/generated-history';
import { BulkProjection } from './bulk-projection';
import { metricTablesDdl } from './metric-tables';
import { projectEvents } from './project-event';
import { metricTableContents } from '../testing/metric-table-contents';


/**
 * The bulk projection (a rebuild's and the scale benchmark's path) writes exactly the tables the
 * live projection writes (real PostgreSQL): the same facts, stream versions and aggregates, with
 * cases spread over many batches and flushes, flushes overlapping the next batches, cases flushed
 * and then changed again, redelivered events, and training events in between.
 */
describe('the bulk projection', () => {
  const calendar = indonesianCalendar();
  let dataSource: DataSource;
  let events: EventEnvelope[];

  beforeAll(async () => {
    dataSource = await createTestDatabase('bulk_projection');
    const streams = [...generatedHistory({ seed: 7, agencies: ['dinas-a', 'dinas-b', 'dinas-c'], firstDay: '2026-03-01', days: 200 }, 700)].map((history) => history.map((event) => event.envelope));
    const nips = ['198001012005011001', '198001012005011002'];
    streams.push(
      [civilServant('dinas-a', nips[0]).envelope, transferred(nips[0], 'dinas-a', 'dinas-b', 2).envelope],
      [civilServant('dinas-c', nips[1]).envelope],
      [jpCredited(nips[0], 24).envelope, jpCredited(nips[0], 4, 2).envelope],
    );
    events = interleaved(streams, 5);
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
  });

  /** Every stream's events in order, streams interleaved at random. */
  function interleaved(all: readonly EventEnvelope[][], seed: number): EventEnvelope[] {
    const next = randomOf(seed);
    const queues = all.map((stream) => [...stream]);
    const out: EventEnvelope[] = [];
    while (queues.some((queue) => queue.length > 0)) {
      const open = queues.filter((queue) => queue.length > 0);
      out.push(open[Math.floor(next() * open.length)].shift() as EventEnvelope);
    }
    return out;
  }

  async function contents(schema: string): Promise<Record<string, unknown[]>> {
    return metricTableContents(dataSource, schema);
  }

  let liveTables: Promise<Record<string, unknown[]>> | undefined;

  /** The live projection's tables for the events, 41 at a time (built once). */
  function projectedLive(): Promise<Record<string, unknown[]>> {
    liveTables ??= (async () => {
      for (const statement of metricTablesDdl('metrics_live')) await dataSource.query(statement);
      for (let start = 0; start < events.length; start += 41) {
        await dataSource.transaction((manager) => projectEvents(events.slice(start, start + 41), manager, { schema: 'metrics_live', calendar, live: false }));
      }
      return contents('metrics_live');
    })();
    return liveTables;
  }

  // startsEmpty (a rebuild's): it looks up only what it wrote itself, so the redelivered events must be found in what it remembers.
  it.each([
    ['looking every unknown id up', 'metrics_bulk', false],
    ['on an empty schema, looking up only what it wrote', 'metrics_bulk_empty', true],
  ])('gives the tables the live projection gives, flushing as it goes and redelivered events included (%s)', async (_, schema, startsEmpty) => {
    const live = await projectedLive();
    for (const statement of metricTablesDdl(schema)) await dataSource.query(statement);
    // Few aggregate rows held: some are written in the middle, by two transactions side by side.
    const bulk = new BulkProjection({ schema, calendar, heldAggregateRows: 800, startsEmpty });
    let flushing: Promise<void> = Promise.resolve();
    // A third of the events again after the rest: redelivered, they change nothing.
    const delivered = [...events, ...events.slice(0, Math.floor(events.length / 3))];
    for (let start = 0; start < delivered.length; start += 150) {
      await bulk.add(delivered.slice(start, start + 150), dataSource.manager);
      if (bulk.heldCases < 200) continue;
      await flushing;
      flushing = bulk.flush((work) => dataSource.transaction(work), { writers: 2 });
    }
    await flushing;
    await bulk.flush((work) => dataSource.transaction(work), { everything: true });

    expect(live.permit_facts.length).toBeGreaterThan(300);
    expect(live.aggregates.length).toBeGreaterThan(1000);
    expect(live.pending_deadlines.length).toBeGreaterThan(10);
    expect(live.training_credits.length).toBe(2);
    expect(await contents(schema)).toEqual(live);
  }, 120_000);
});
