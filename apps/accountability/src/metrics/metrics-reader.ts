import { Inject, Injectable } from '@nestjs/common';
import {
  CivilServant,
  ComplaintCaseFacts,
  complaintMetrics,
  Granularity,
  latestPerNip,
  PermitCaseFacts,
  permitMetrics,
  periodOf,
  periodRange,
  RankedAgency,
  rankAgencies,
  satisfactionMetrics,
  SurveyFacts,
  TrainingCredit,
  trainingMetrics,
} from '@palembang/accountability-domain';
import { AgencyFiguresDto, AgencyServiceFiguresDto } from '@palembang/accountability-api';
import { IkmResult } from '@palembang/satisfaction';
import { Clock } from '@palembang/working-days';
import { DataSource } from 'typeorm';
import { METRICS_SCHEMA } from '../projection/metric-tables';

export const ACCOUNTABILITY_CLOCK = Symbol('ACCOUNTABILITY_CLOCK');

/** Every fact of the current generation, read in one snapshot. */
export type FactsSnapshot = Readonly<{
  permits: readonly PermitCaseFacts[];
  complaints: readonly ComplaintCaseFacts[];
  surveys: readonly SurveyFacts[];
  /** `nip` holds the pseudonym (person_key), never a NIP. */
  credits: readonly TrainingCredit[];
  roster: readonly CivilServant[];
}>;

/**
 * Reads the facts and computes the figures with the domain library. The whole
 * fact set is read per request (city scale: tens of thousands of cases); the
 * figures of a period are computed from it, so every period and agency is
 * consistent with the others of the same answer.
 */
@Injectable()
export class MetricsReader {
  private reading?: Promise<FactsSnapshot>;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ACCOUNTABILITY_CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The instant the figures are computed at: the clock rounded up to the next
   * whole minute, so an answer (and its ETag) stays the same within a minute
   * unless a fact changes; nothing has happened after it yet.
   */
  asOf(): string {
    const millis = Date.parse(this.clock());
    return new Date(Math.ceil(millis / 60_000) * 60_000).toISOString();
  }

  /** The current period of a granularity, in Jakarta time. */
  currentPeriod(granularity: Granularity): string {
    return periodOf(this.clock(), granularity);
  }

  /**
   * Requests that arrive while a read is running share it instead of starting
   * their own: they see the facts as of a few hundred milliseconds before they
   * came, and a burst of dashboard requests costs one read, not one each.
   */
  snapshot(): Promise<FactsSnapshot> {
    this.reading ??= this.readSnapshot().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readSnapshot(): Promise<FactsSnapshot> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const schema = METRICS_SCHEMA;
      const facts = async <T>(table: string): Promise<T[]> => ((await manager.query(`SELECT facts FROM ${schema}.${table}`)) as Array<{ facts: T }>).map((row) => row.facts);
      const permits = await facts<PermitCaseFacts>('permit_facts');
      const complaints = await facts<ComplaintCaseFacts>('complaint_facts');
      const surveys = await facts<SurveyFacts>('survey_facts');
      const credits: Array<{ person_key: string; agency_id: string; jp: number; credited_at: Date }> = await manager.query(
        `SELECT person_key, agency_id, jp, credited_at FROM ${schema}.training_credits ORDER BY person_key, reference`,
      );
      const roster: Array<{ person_key: string; agency_id: string }> = await manager.query(`SELECT person_key, agency_id FROM ${schema}.civil_servants ORDER BY person_key`);
      return {
        permits,
        complaints,
        surveys,
        credits: credits.map((row) => ({ nip: row.person_key, agencyId: row.agency_id, jp: Number(row.jp), creditedAt: row.credited_at.toISOString() })),
        roster: roster.map((row) => ({ nip: row.person_key, agencyId: row.agency_id })),
      };
    });
  }
}

const computed = new WeakMap<FactsSnapshot, Map<string, unknown>>();

/**
 * Computes `key`'s value once per snapshot: requests sharing a snapshot (see
 * MetricsReader.snapshot) share the figures computed from it too. The cache
 * lives as long as the snapshot does.
 */
export function onceForSnapshot<T>(snapshot: FactsSnapshot, key: string, compute: () => T): T {
  let values = computed.get(snapshot);
  if (!values) computed.set(snapshot, (values = new Map()));
  if (!values.has(key)) values.set(key, compute());
  return values.get(key) as T;
}

/** Every agency the facts name, in id order. */
export function agenciesOf(snapshot: FactsSnapshot): string[] {
  const ids = new Set<string>();
  for (const fact of [...snapshot.permits, ...snapshot.complaints, ...snapshot.surveys, ...snapshot.roster]) ids.add(fact.agencyId);
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The facts of one agency (complaints by the agency responsible now, training by the roster). */
export function factsOfAgency(snapshot: FactsSnapshot, agencyId: string): FactsSnapshot {
  const own = <T extends { agencyId: string }>(facts: readonly T[]) => facts.filter((fact) => fact.agencyId === agencyId);
  return { permits: own(snapshot.permits), complaints: own(snapshot.complaints), surveys: own(snapshot.surveys), credits: snapshot.credits, roster: own(latestPerNip(snapshot.roster)) };
}

/** One agency's figures of one period, from that agency's facts (see factsOfAgency). */
export function agencyFigures(agencyId: string, facts: FactsSnapshot, period: string, asOf: string): AgencyFiguresDto {
  const range = periodRange(period);
  const satisfaction = satisfactionMetrics(facts.surveys, range).agencies.find((agency) => agency.agencyId === agencyId);
  return {
    agencyId,
    period,
    from: range.from,
    to: range.to,
    permits: permitMetrics(facts.permits, range, asOf),
    complaints: complaintMetrics(facts.complaints, range, asOf),
    satisfaction: {
      respondents: satisfaction?.ikm.respondents ?? 0,
      elementAverages: satisfaction?.ikm.nrrPerElement ?? null,
      ikm: satisfaction?.ikm.ikm ?? null,
      grade: satisfaction?.ikm.grade ?? null,
      services: (satisfaction?.services ?? []).map((service) => ({ serviceKind: service.serviceKind, serviceCode: service.serviceCode, ...ikmFigures(service.ikm) })),
    },
    training: trainingMetrics(facts.credits, facts.roster, Number(period.slice(0, 4))),
  };
}

/** One agency's permit figures per permit type and complaint figures per category, of one period. */
export function serviceFigures(agencyId: string, facts: FactsSnapshot, period: string, asOf: string): AgencyServiceFiguresDto {
  const range = periodRange(period);
  const byCode = <T>(items: readonly T[], codeOf: (item: T) => string): Array<[string, T[]]> => {
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const group = groups.get(codeOf(item));
      if (group) group.push(item);
      else groups.set(codeOf(item), [item]);
    }
    return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  return {
    agencyId,
    period,
    from: range.from,
    to: range.to,
    generatedAt: asOf,
    permits: byCode(facts.permits, (fact) => fact.permitTypeCode).map(([serviceCode, cases]) => ({ serviceCode, figures: permitMetrics(cases, range, asOf) })),
    complaints: byCode(facts.complaints, (fact) => fact.categoryCode).map(([serviceCode, cases]) => ({ serviceCode, figures: complaintMetrics(cases, range, asOf) })),
  };
}

/** The ranking of every agency for the period, on its figures. */
export function rankingOf(snapshot: FactsSnapshot, period: string, asOf: string): readonly RankedAgency[] {
  const range = periodRange(period);
  return rankAgencies(
    agenciesOf(snapshot).map((agencyId) => {
      const facts = factsOfAgency(snapshot, agencyId);
      const figures = agencyFigures(agencyId, facts, period, asOf);
      const ikm = satisfactionMetrics(facts.surveys, range).agencies.find((agency) => agency.agencyId === agencyId)?.ikm.ikmUnrounded ?? null;
      return {
        agencyId,
        permitShareWithinStandard: figures.permits.shareWithinStandard,
        complaintShareResolvedWithinDeadline: figures.complaints.shareResolvedWithinDeadline,
        ikm,
        trainingShareMeeting20Jp: figures.training.shareMeeting20Jp,
      };
    }),
  );
}

function ikmFigures(ikm: IkmResult): { respondents: number; elementAverages: Record<string, number> | null; ikm: number | null; grade: string | null } {
  return { respondents: ikm.respondents, elementAverages: ikm.nrrPerElement, ikm: ikm.ikm, grade: ikm.grade };
}
