import {
  ComplaintCaseFacts,
  complaintMetrics,
  periodRange,
  PermitCaseFacts,
  permitMetrics,
  rankAgencies,
  rankingInputsOf,
  satisfactionMetrics,
  SurveyFacts,
  trainingMetricsByAgency,
  DEFAULT_RANKING_RULES,
} from '@palembang/accountability-domain';
import { EventEnvelope } from '@palembang/events';
import { createTestDatabase } from '@palembang/events/testing';
import { indonesianCalendar } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { AgenciesView1796100000000 } from '../agencies/agencies-view.migration';
import { AccountabilityAggregates1797000000000, backfillAggregates } from '../projection/aggregates.migration';
import { AccountabilityFactsChanged1764700000000 } from '../projection/facts-changed.migration';
import { METRIC_TABLES, metricTablesDdl, METRICS_SCHEMA } from '../projection/metric-tables';
import { AccountabilityMetricTables1764600000000 } from '../projection/metric-tables.migration';
import { projectEvents } from '../projection/project-event';
import { generatedHistory, randomOf } from '../testing/generated-history';
import { civilServant, jpCredited, transferred } from '../testing/envelopes';
import { MetricsReader } from './metrics-reader';

/**
 * The metrics answers read aggregates only (real PostgreSQL): every figure of every agency, its
 * services and the ranking equals what the domain library computes from the facts themselves,
 * for generated histories at many periods and instants; and a rebuild (the same events in other
 * batches and order across cases) and the migration's backfill from the facts give identical tables.
 */
describe('metrics from aggregates', () => {
  const agencies = ['dinas-a', 'dinas-b', 'dinas-c'];
  const calendar = indonesianCalendar();
  let dataSource: DataSource;
  let reader: MetricsReader;
  let streams: EventEnvelope[][];

  beforeAll(async () => {
    dataSource = await createTestDatabase('aggregates', [AccountabilityMetricTables1764600000000, AccountabilityFactsChanged1764700000000, AgenciesView1796100000000, AccountabilityAggregates1797000000000]);
    await dataSource.query(`INSERT INTO registered_agencies (agency_id, name, short_name, kind, status, registered_at, version) VALUES ('dinas-a', 'Dinas A', 'DA', 'dinas', 'active', now(), 1), ('dinas-kosong', 'Dinas Kosong', 'DK', 'dinas', 'active', now(), 1)`);
    streams = [...generatedHistory({ seed: 18, agencies, firstDay: '2026-06-01', days: 180 }, 900)].map((events) => events.map((event) => event.envelope));
    const nips = ['198001012005011001', '198001012005011002', '198001012005011003'];
    streams.push(
      [civilServant('dinas-a', nips[0]).envelope, transferred(nips[0], 'dinas-a', 'dinas-b', 2).envelope],
      [civilServant('dinas-a', nips[1]).envelope],
      [civilServant('dinas-c', nips[2]).envelope],
      [jpCredited(nips[0], 24).envelope, jpCredited(nips[0], 4, 2).envelope],
      [jpCredited(nips[1], 12).envelope],
    );
    reader = new MetricsReader(dataSource, () => new Date().toISOString());
    await projectInBatches(METRICS_SCHEMA, interleaved(streams, 1), 37);
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
  });

  async function projectInBatches(schema: string, events: readonly EventEnvelope[], size: number): Promise<void> {
    for (let start = 0; start < events.length; start += size) {
      await dataSource.transaction((manager) => projectEvents(events.slice(start, start + size), manager, { schema, calendar, live: false }));
    }
  }

  /** Every stream's events in order, streams interleaved at random. */
  function interleaved(all: readonly EventEnvelope[][], seed: number): EventEnvelope[] {
    const next = randomOf(seed);
    const queues = all.map((events) => [...events]);
    const out: EventEnvelope[] = [];
    while (queues.some((queue) => queue.length > 0)) {
      const open = queues.filter((queue) => queue.length > 0);
      out.push(open[Math.floor(next() * open.length)].shift() as EventEnvelope);
    }
    return out;
  }

  async function facts<T>(table: string): Promise<T[]> {
    return ((await dataSource.query(`SELECT facts FROM ${METRICS_SCHEMA}.${table}`)) as Array<{ facts: T }>).map((row) => row.facts);
  }

  const PERIODS = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2026', '2026-08-17', '2026-09-30'];
  // An answer's instant is the clock rounded up to the minute: no case has an instant after it. The backlog is kept per
  // day, so a case opened or closed later on the answer's own day would already count; these instants end their day.
  const NOWS = ['2026-12-31T23:59:59.999+07:00', '2026-09-15T23:59:00.000+07:00', '2026-07-31T23:59:59.999+07:00'];

  it.each(NOWS)('gives every figure the facts give, at %s', async (now) => {
    const permits = await facts<PermitCaseFacts>('permit_facts');
    const complaints = await facts<ComplaintCaseFacts>('complaint_facts');
    const surveys = await facts<SurveyFacts>('survey_facts');
    const credits: Array<{ nip: string; agencyId: string; jp: number; creditedAt: string }> = (
      await dataSource.query(`SELECT person_key, agency_id, jp, credited_at FROM ${METRICS_SCHEMA}.training_credits ORDER BY person_key, reference`)
    ).map((row: { person_key: string; agency_id: string; jp: number; credited_at: Date }) => ({ nip: row.person_key, agencyId: row.agency_id, jp: Number(row.jp), creditedAt: row.credited_at.toISOString() }));
    const roster: Array<{ nip: string; agencyId: string }> = (await dataSource.query(`SELECT person_key, agency_id FROM ${METRICS_SCHEMA}.civil_servants`)).map((row: { person_key: string; agency_id: string }) => ({ nip: row.person_key, agencyId: row.agency_id }));
    expect(permits.length).toBeGreaterThan(400);
    for (const period of PERIODS) {
      const range = periodRange(period);
      const items = await reader.agencyFigures(period, now, () => true);
      expect(items.map((item) => item.agencyId)).toEqual(['dinas-a', 'dinas-b', 'dinas-c', 'dinas-kosong']);
      expect(items[0]).toMatchObject({ name: 'Dinas A', shortName: 'DA' });
      expect(items[1]).toMatchObject({ name: null, shortName: null });
      const year = Number(period.slice(0, 4));
      const training = trainingMetricsByAgency(credits, roster, year);
      const satisfaction = satisfactionMetrics(surveys, range);
      for (const item of items) {
        const own = <T extends { agencyId: string }>(all: readonly T[]) => all.filter((fact) => fact.agencyId === item.agencyId);
        expect(item.permits).toEqual(permitMetrics(own(permits), range, now));
        expect(item.complaints).toEqual(complaintMetrics(own(complaints), range, now));
        const ikm = satisfaction.agencies.find((agency) => agency.agencyId === item.agencyId);
        expect(item.satisfaction).toEqual({
          respondents: ikm?.ikm.respondents ?? 0, elementAverages: ikm?.ikm.nrrPerElement ?? null, ikm: ikm?.ikm.ikm ?? null, grade: ikm?.ikm.grade ?? null,
          services: (ikm?.services ?? []).map((service) => ({ serviceKind: service.serviceKind, serviceCode: service.serviceCode, respondents: service.ikm.respondents, elementAverages: service.ikm.nrrPerElement, ikm: service.ikm.ikm, grade: service.ikm.grade })),
        });
        const expectedTraining = training.find((agency) => agency.agencyId === item.agencyId) ?? { agencyId: item.agencyId, year, civilServants: 0, totalJp: 0, jpPerCivilServant: null, meeting20Jp: 0, shareMeeting20Jp: null, completions: 0 };
        expect({ agencyId: item.agencyId, ...item.training }).toEqual(expectedTraining);
        const services = await reader.services(item.agencyId, period, now);
        for (const { serviceCode, figures } of services.permits) expect(figures).toEqual(permitMetrics(own(permits).filter((fact) => fact.permitTypeCode === serviceCode), range, now));
        for (const { serviceCode, figures } of services.complaints) expect(figures).toEqual(complaintMetrics(own(complaints).filter((fact) => fact.categoryCode === serviceCode), range, now));
        expect(services.permits.map((entry) => entry.serviceCode)).toEqual([...new Set(own(permits).map((fact) => fact.permitTypeCode))].sort());
      }
      const expectedRanking = rankAgencies(
        items.map((item) => {
          const own = <T extends { agencyId: string }>(all: readonly T[]) => all.filter((fact) => fact.agencyId === item.agencyId);
          const ikm = satisfaction.agencies.find((agency) => agency.agencyId === item.agencyId)?.ikm;
          return rankingInputsOf(
            { agencyId: item.agencyId, permits: own(permits), complaints: own(complaints), satisfaction: ikm?.ikmUnrounded == null ? null : { ikm: ikm.ikmUnrounded, respondents: ikm.respondents }, training: { meeting20Jp: item.training.meeting20Jp, civilServants: item.training.civilServants } },
            range,
            now,
          );
        }),
        DEFAULT_RANKING_RULES,
      );
      expect((await reader.ranking(period, now, DEFAULT_RANKING_RULES)).map(({ name: _n, shortName: _s, ...agency }) => agency)).toEqual(expectedRanking);
      for (const item of items) {
        const backlog = expectedRanking.find((agency) => agency.agencyId === item.agencyId)?.details.backlog;
        expect(item.backlogPastDeadline.share).toBe(backlog?.share ?? null);
        expect(item.backlogPastDeadline.closed + item.backlogPastDeadline.permitsPending + item.backlogPastDeadline.complaintsPending).toBe(backlog?.cases ?? 0);
      }
    }
  }, 120_000);

  it('are the same after a rebuild in other batches and order, and after a backfill from the facts', async () => {
    for (const statement of metricTablesDdl('metrics_rebuilt')) await dataSource.query(statement);
    await projectInBatches('metrics_rebuilt', interleaved(streams, 2), 500);
    for (const statement of metricTablesDdl('metrics_backfilled')) await dataSource.query(statement);
    for (const table of ['permit_facts', 'complaint_facts', 'survey_facts', 'training_credits', 'civil_servants']) {
      await dataSource.query(`INSERT INTO metrics_backfilled.${table} SELECT * FROM ${METRICS_SCHEMA}.${table}`);
    }
    await dataSource.transaction((manager) => backfillAggregates(manager, 'metrics_backfilled'));
    const contents = async (schema: string) => ({
      aggregates: await dataSource.query(`SELECT period, agency_id, service_kind, service_code, measure, value, amount::text FROM ${schema}.aggregates ORDER BY 1, 2, 3, 4, 5, 6`),
      pending: await dataSource.query(`SELECT agency_id, service_kind, service_code, measure, since_day::text, deadline, amount FROM ${schema}.pending_deadlines ORDER BY 1, 2, 3, 4, 5, 6`),
    });
    const live = await contents(METRICS_SCHEMA);
    expect(live.aggregates.length).toBeGreaterThan(1000);
    expect(live.pending.length).toBeGreaterThan(10);
    expect(await contents('metrics_rebuilt')).toEqual(live);
    expect(await contents('metrics_backfilled')).toEqual(live);
    expect(METRIC_TABLES).toEqual(expect.arrayContaining(['aggregates', 'pending_deadlines']));
  }, 120_000);
});
