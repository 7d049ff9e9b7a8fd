import {
  backlogPastDeadlineOfTallies,
  compareText,
  complaintFiguresOfTallies,
  Interval,
  periodRange,
  permitFiguresOfTallies,
  RankedAgency,
  rankAgencies,
  rankingInputsOfTallies,
  RankingRules,
  skmTallyOfTallies,
  Tallies,
  trainingFiguresOfTotals,
} from '@palembang/accountability-domain';
import { AgencyFiguresDto, AgencyServiceFiguresDto } from '@palembang/accountability-api';
import { ikmOfTally, IkmResult } from '@palembang/satisfaction';
import { AgencyTallies } from './aggregate-queries';

/** An agency as the answers name it: its id, and its name and short name from the register (null when it is not registered). */
export type AgencyName = Readonly<{ agencyId: string; name: string | null; shortName: string | null }>;

/** The tallies of an agency without any case, survey or civil servant. */
export function noTallies(): AgencyTallies {
  return { all: new Tallies(), surveysPerService: new Map(), training: { civilServants: 0, totalJp: 0, meeting20Jp: 0, completions: 0 } };
}

const NO_TALLIES = noTallies();

/** One agency's figures of one period, from its tallies (an agency without any: every count 0, every figure null). */
export function agencyFigures(agency: AgencyName, tallies: AgencyTallies | undefined, period: string, asOf: string): AgencyFiguresDto {
  const range = periodRange(period);
  const { all, surveysPerService, training } = tallies ?? NO_TALLIES;
  const ikm = ikmOfTally(skmTallyOfTallies(all));
  return {
    agencyId: agency.agencyId,
    period,
    from: range.from,
    to: range.to,
    permits: permitFiguresOfTallies(all, range, asOf),
    complaints: complaintFiguresOfTallies(all),
    satisfaction: {
      respondents: ikm.respondents,
      elementAverages: ikm.nrrPerElement,
      ikm: ikm.ikm,
      grade: ikm.grade,
      services: [...surveysPerService]
        .map(([key, own]) => ({ service: key.split('|'), own }))
        .sort((a, b) => compareText(a.service[0], b.service[0]) || compareText(a.service[1], b.service[1]))
        .map(({ service: [serviceKind, serviceCode], own }) => ({ serviceKind, serviceCode, ...ikmFigures(ikmOfTally(skmTallyOfTallies(own))) })),
    },
    training: trainingFiguresOfTotals(Number(period.slice(0, 4)), training),
    backlogPastDeadline: backlogPastDeadlineOfTallies(all, range, asOf),
    // Last, so a CSV keeps the columns it always had first.
    name: agency.name,
    shortName: agency.shortName,
  };
}

/** One agency's permit figures per permit type and complaint figures per category, of one period. */
export function serviceFigures(agency: AgencyName, perService: ReadonlyMap<string, Tallies>, period: string, asOf: string): AgencyServiceFiguresDto {
  const range = periodRange(period);
  const ofKind = (kind: string) =>
    [...perService]
      .filter(([key]) => key.startsWith(`${kind}|`))
      .map(([key, tallies]) => [key.slice(kind.length + 1), tallies] as const)
      .sort(([a], [b]) => compareText(a, b));
  return {
    agencyId: agency.agencyId,
    name: agency.name,
    shortName: agency.shortName,
    period,
    from: range.from,
    to: range.to,
    generatedAt: asOf,
    permits: ofKind('permit').map(([serviceCode, tallies]) => ({ serviceCode, figures: permitFiguresOfTallies(tallies, range, asOf) })),
    complaints: ofKind('complaint').map(([serviceCode, tallies]) => ({ serviceCode, figures: complaintFiguresOfTallies(tallies) })),
  };
}

/** The ranking of the agencies for the period: their cases, pending ones past their deadline included (see rankingInputsOfTallies). */
export function rankingOf(agencies: readonly AgencyName[], tallies: ReadonlyMap<string, AgencyTallies>, period: string, asOf: string, rules: RankingRules): readonly (RankedAgency & AgencyName)[] {
  const range = periodRange(period);
  const names = new Map(agencies.map((agency) => [agency.agencyId, agency]));
  const ranked = rankAgencies(
    agencies.map(({ agencyId }) => {
      const { all, training } = tallies.get(agencyId) ?? NO_TALLIES;
      const ikm = ikmOfTally(skmTallyOfTallies(all));
      const satisfaction = ikm.ikmUnrounded == null ? null : { ikm: ikm.ikmUnrounded, respondents: ikm.respondents };
      return rankingInputsOfTallies(agencyId, all, satisfaction, { meeting20Jp: training.meeting20Jp, civilServants: training.civilServants }, range, asOf);
    }),
    rules,
  );
  return ranked.map((agency) => ({ ...agency, ...(names.get(agency.agencyId) as AgencyName) }));
}

/**
 * One CSV row of the ranking, the same columns in every row: CSV takes its header from the
 * first row, and an agency with insufficient data has null where others have intervals.
 */
export function rankingRow(period: string, agency: RankedAgency & Partial<AgencyName>): object {
  const bounds = (interval: Interval | null) => ({ low: interval?.low ?? null, high: interval?.high ?? null });
  const details = Object.fromEntries(Object.entries(agency.details).map(([component, result]) => [component, { ...result, interval: bounds(result.interval) }]));
  const { rank, agencyId, score, coverage, components, status, reason, scoreInterval } = agency;
  return { period, rank, agencyId, score, coverage, components, status, reason, scoreInterval: bounds(scoreInterval), details, name: agency.name ?? null, shortName: agency.shortName ?? null };
}

function ikmFigures(ikm: IkmResult): { respondents: number; elementAverages: Record<string, number> | null; ikm: number | null; grade: string | null } {
  return { respondents: ikm.respondents, elementAverages: ikm.nrrPerElement, ikm: ikm.ikm, grade: ikm.grade };
}
