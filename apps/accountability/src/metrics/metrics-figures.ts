import { complaintMetrics, Interval, periodRange, permitMetrics, RankedAgency, rankAgencies, rankingInputsOf, RankingRules, satisfactionMetrics, trainingMetrics } from '@palembang/accountability-domain';
import { AgencyFiguresDto, AgencyServiceFiguresDto } from '@palembang/accountability-api';
import { IkmResult } from '@palembang/satisfaction';
import { agenciesOf, factsOfAgency, FactsSnapshot } from './metrics-snapshot';

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

/** The ranking of every agency for the period: its cases, pending ones past their deadline included (see rankingInputsOf). */
export function rankingOf(snapshot: FactsSnapshot, period: string, asOf: string, rules: RankingRules): readonly RankedAgency[] {
  const range = periodRange(period);
  const year = Number(period.slice(0, 4));
  return rankAgencies(
    agenciesOf(snapshot).map((agencyId) => {
      const facts = factsOfAgency(snapshot, agencyId);
      const ikm = satisfactionMetrics(facts.surveys, range).agencies.find((agency) => agency.agencyId === agencyId)?.ikm;
      const training = trainingMetrics(facts.credits, facts.roster, year);
      return rankingInputsOf(
        {
          agencyId,
          permits: facts.permits,
          complaints: facts.complaints,
          satisfaction: ikm?.ikmUnrounded == null ? null : { ikm: ikm.ikmUnrounded, respondents: ikm.respondents },
          training: { meeting20Jp: training.meeting20Jp, civilServants: training.civilServants },
        },
        range,
        asOf,
      );
    }),
    rules,
  );
}

/**
 * One CSV row of the ranking, the same columns in every row: CSV takes its header from the
 * first row, and an agency with insufficient data has null where others have intervals.
 */
export function rankingRow(period: string, agency: RankedAgency): object {
  const bounds = (interval: Interval | null) => ({ low: interval?.low ?? null, high: interval?.high ?? null });
  const details = Object.fromEntries(Object.entries(agency.details).map(([component, result]) => [component, { ...result, interval: bounds(result.interval) }]));
  const { rank, agencyId, score, coverage, components, status, reason, scoreInterval } = agency;
  return { period, rank, agencyId, score, coverage, components, status, reason, scoreInterval: bounds(scoreInterval), details };
}

function ikmFigures(ikm: IkmResult): { respondents: number; elementAverages: Record<string, number> | null; ikm: number | null; grade: string | null } {
  return { respondents: ikm.respondents, elementAverages: ikm.nrrPerElement, ikm: ikm.ikm, grade: ikm.grade };
}
