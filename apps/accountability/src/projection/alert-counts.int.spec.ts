import {
  AlertKey,
  alertStreamIdOf,
  ComplaintCaseFacts,
  complaintAlertCounts,
  complaintMetrics,
  PerformanceService,
  PermitCaseFacts,
  permitAlertCounts,
  permitMetrics,
  periodRange,
} from '@palembang/accountability-domain';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@palembang/events';
import { createTestDatabase, testChainKeys, testVault } from '@palembang/events/testing';
import { indonesianCalendar } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { decidedPermit } from '../testing/envelopes';
import { generatedHistory } from '../testing/generated-history';
import { applyAggregateDeltaAlong, NO_DELTA, permitDelta } from './aggregate-store';
import { alertCountsAsked, alertCountsRead, AlertEvaluator } from './alert-evaluator';
import { metricTablesDdl } from './metric-tables';
import { projectEvents } from './project-event';

const SCHEMA = 'metrics_under_test';
const AGENCIES = ['opd-alert-a', 'opd-alert-b', 'opd-alert-c'];
const MONTHS = ['2026-09', '2026-10', '2026-11', '2026-12'];
const NOW = '2026-12-31T12:00:00+07:00';

/**
 * An alert evaluation reads its month from the aggregates (real PostgreSQL): for every agency and
 * month of a generated history (decisions and resolutions spilling from one month into the next,
 * withdrawals, late cases), those counts equal permitAlertCounts / complaintAlertCounts of the
 * figures computed from every fact of the month, which is what the evaluator counted before.
 */
describe('the alert counts read from the aggregates', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await createTestDatabase('alert_counts');
    for (const statement of metricTablesDdl(SCHEMA)) await dataSource.query(statement);
    const target = { schema: SCHEMA, calendar: indonesianCalendar(), live: false };
    const histories = [...generatedHistory({ seed: 18, agencies: AGENCIES, firstDay: '2026-09-10', days: 80 }, 900)];
    for (let start = 0; start < histories.length; start += 150) {
      const events = histories.slice(start, start + 150).flatMap((history) => history.map(({ envelope }) => envelope));
      await dataSource.transaction((manager) => projectEvents(events, manager, target));
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  const keysOf = (service: PerformanceService): AlertKey[] => AGENCIES.flatMap((agencyId) => MONTHS.map((period) => ({ agencyId, service, serviceCode: null, period })));

  it('equal the counts of the permit facts for every agency and month', async () => {
    const facts = (await dataSource.query(`SELECT facts FROM ${SCHEMA}.permit_facts`)).map((row: { facts: PermitCaseFacts }) => row.facts);
    const keys = keysOf('permits');
    const expected = keys.map((key) => permitAlertCounts(permitMetrics(facts.filter((fact: PermitCaseFacts) => fact.agencyId === key.agencyId), periodRange(key.period), NOW)));

    const counted = await applyAggregateDeltaAlong(dataSource.manager, SCHEMA, NO_DELTA, { monthSums: alertCountsAsked('permits', keys) });

    expect(keys.map((key) => alertCountsRead(counted, alertStreamIdOf(key)))).toEqual(expected);
    expect(expected.filter((counts) => counts.decidedCases > counts.casesWithinStandard && counts.casesWithinStandard > 0).length).toBeGreaterThan(6);
  });

  it('equal the counts of the complaint facts for every agency and month', async () => {
    const facts = (await dataSource.query(`SELECT facts FROM ${SCHEMA}.complaint_facts`)).map((row: { facts: ComplaintCaseFacts }) => row.facts);
    const keys = keysOf('complaints');
    const expected = keys.map((key) => complaintAlertCounts(complaintMetrics(facts.filter((fact: ComplaintCaseFacts) => fact.agencyId === key.agencyId), periodRange(key.period), NOW)));

    const counted = await applyAggregateDeltaAlong(dataSource.manager, SCHEMA, NO_DELTA, { monthSums: alertCountsAsked('complaints', keys) });

    expect(keys.map((key) => alertCountsRead(counted, alertStreamIdOf(key)))).toEqual(expected);
    expect(expected.filter((counts) => counts.decidedCases > counts.casesWithinStandard && counts.casesWithinStandard > 0).length).toBeGreaterThan(6);
  });
});

/**
 * Two partitions deciding cases of one agency's month at once (real PostgreSQL): the second
 * evaluation waits for the first transaction and counts its case, so a month whose second decision
 * falls below the policy alerts, though each transaction alone counts only one decision.
 */
describe('evaluations of one month in concurrent transactions', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await createTestDatabase('alert_concurrent');
    for (const statement of metricTablesDdl(SCHEMA)) await dataSource.query(statement);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('are read as committed before the delta the same statement writes', async () => {
    const agency = `along-${randomUUID().slice(0, 8)}`;
    const key: AlertKey = { agencyId: agency, service: 'permits', serviceCode: null, period: '2026-11' };
    const envelopes = decidedPermit(agency, { withinStandard: true }).map(({ envelope }) => envelope);
    await dataSource.transaction((manager) => projectEvents(envelopes, manager, { schema: SCHEMA, calendar: indonesianCalendar(), live: false }));
    const [{ facts }]: Array<{ facts: PermitCaseFacts }> = await dataSource.query(`SELECT facts FROM ${SCHEMA}.permit_facts WHERE agency_id = $1`, [agency]);
    const asked = { monthSums: alertCountsAsked('permits', [key]) };

    const before = await applyAggregateDeltaAlong(dataSource.manager, SCHEMA, permitDelta([{ before: undefined, after: { ...facts, applicationId: randomUUID() } }]), asked);
    const after = await applyAggregateDeltaAlong(dataSource.manager, SCHEMA, NO_DELTA, asked);

    expect(alertCountsRead(before, alertStreamIdOf(key))).toEqual({ decidedCases: 1, casesWithinStandard: 1 });
    expect(alertCountsRead(after, alertStreamIdOf(key))).toEqual({ decidedCases: 2, casesWithinStandard: 2 });
  });

  it('count the decision the other one committed', async () => {
    const store = new PostgresEventStore({ dataSource, vault: testVault(), chainKeys: testChainKeys(), topic: 'accountability.alert-test.events' });
    const alerts = new AlertEvaluator(store, { threshold: 0.9, minimumDecidedCases: 2 }, () => '2026-11-25T03:00:00.000Z');
    const target = { schema: SCHEMA, calendar: indonesianCalendar(), alerts, live: true };
    const agency = `concurrent-${randomUUID().slice(0, 8)}`;
    const [late, onTime] = [false, true].map((withinStandard) => decidedPermit(agency, { withinStandard }).map(({ envelope }) => envelope));
    let firstProjected: () => void = () => undefined;
    const projected = new Promise<void>((resolve) => (firstProjected = resolve));

    const first = dataSource.transaction(async (manager) => {
      await projectEvents(late, manager, target);
      firstProjected();
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    await projected;
    const second = dataSource.transaction((manager) => projectEvents(onTime, manager, target));
    await Promise.all([first, second]);

    const recorded: Array<{ data: { decidedCases: number; casesWithinStandard: number } }> = await dataSource.query(
      `SELECT data FROM es_events WHERE type = 'ServicePerformanceBelowStandard' AND stream_id = $1`,
      [`alert-permits-${agency}-2026-11`],
    );
    expect(recorded.map((row) => row.data)).toEqual([expect.objectContaining({ decidedCases: 2, casesWithinStandard: 1 })]);
  });
});
