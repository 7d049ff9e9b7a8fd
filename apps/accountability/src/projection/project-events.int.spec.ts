import { randomUUID } from 'node:crypto';
import { EventEnvelope, PostgresEventStore } from '@palembang/events';
import { createTestDatabase, testChainKeys, testVault } from '@palembang/events/testing';
import { indonesianCalendar } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { civilServant, decidedPermit, jpCredited, survey } from '../testing/envelopes';
import { AlertEvaluator } from './alert-evaluator';
import { metricTablesDdl } from './metric-tables';
import { projectEvents, ProjectionTarget } from './project-event';
import { metricTableContents } from '../testing/metric-table-contents';

const SCHEMA = 'metrics_under_test';

/**
 * The projection's batch form writes what one event at a time writes (real PostgreSQL): the same
 * facts, stream versions, aggregates and alerts, with a batch that holds every case's events in order, a
 * redelivered old version, and a month whose second decision alerts while its tenth would not.
 */
describe('the accountability projection, a batch at a time', () => {
  const databases: DataSource[] = [];

  afterAll(async () => {
    for (const dataSource of databases) await dataSource.destroy();
  });

  async function projectInto(events: readonly EventEnvelope[], oneByOne: boolean): Promise<DataSource> {
    const dataSource = await createTestDatabase('projection_batch');
    databases.push(dataSource);
    for (const statement of metricTablesDdl(SCHEMA)) await dataSource.query(statement);
    const store = new PostgresEventStore({ dataSource, vault: testVault(), chainKeys: testChainKeys(), topic: 'accountability.batch-test.events' });
    const alerts = new AlertEvaluator(store, { threshold: 0.9, minimumDecidedCases: 2 }, () => '2026-11-25T03:00:00.000Z');
    const target: ProjectionTarget = { schema: SCHEMA, calendar: indonesianCalendar(), alerts, live: true };
    if (oneByOne) {
      for (const event of events) await dataSource.transaction((manager) => projectEvents([event], manager, target));
    } else {
      await dataSource.transaction((manager) => projectEvents(events, manager, target));
    }
    return dataSource;
  }

  async function contents(dataSource: DataSource): Promise<Record<string, unknown[]>> {
    const tables = await metricTableContents(dataSource, SCHEMA);
    tables.alerts = await dataSource.query(`SELECT stream_id, data FROM es_events WHERE type = 'ServicePerformanceBelowStandard' ORDER BY stream_id`);
    return tables;
  }

  it('writes the same facts, versions and alerts as the events applied one at a time', async () => {
    const agency = `batch-${randomUUID().slice(0, 8)}`;
    // The month's first decision is on time, the second late (1 of 2 within: an alert), the next eight on time (9 of 10 would not alert).
    const cases = [true, false, true, true, true, true, true, true, true, true].map((withinStandard) => decidedPermit(agency, { withinStandard }).map(({ envelope }) => envelope));
    const redelivered = { ...cases[0][1], eventId: randomUUID() };
    const nip = `19800101200501${String(Math.floor(Math.random() * 9000) + 1000)}`;
    const events = [
      ...cases.flatMap((events) => events.slice(0, 2)),
      redelivered,
      ...cases.map((events) => events[2]),
      survey(agency, 2).envelope,
      civilServant(agency, nip).envelope,
      jpCredited(nip, 8).envelope,
    ];

    const oneByOne = await contents(await projectInto(events, true));
    const batched = await contents(await projectInto(events, false));

    expect(oneByOne.permit_facts).toHaveLength(10);
    expect(oneByOne.alerts).toHaveLength(1);
    expect(oneByOne.survey_facts).toHaveLength(1);
    expect(oneByOne.training_credits).toHaveLength(1);
    expect(oneByOne.aggregates.length).toBeGreaterThan(10);
    expect(batched).toEqual(oneByOne);
  });
});
