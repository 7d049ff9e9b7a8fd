import { addToSkmTally, emptySkmTally, IkmResult, ikmOfTally, InteractionKind, mergeSkmTallies, SkmScores, SkmTally, SurveySubmitted } from '@palembang/satisfaction';
import { AnyEnvelope, ConsumedEnvelope, isEnvelopeOf } from '../published-language/envelope';
import { isWithin, PeriodRange } from '../periods/period';
import { compareText } from '../statistics/compare';

/**
 * Satisfaction is a shared library (scope:shared), so its SurveySubmitted event is
 * imported as it is rather than redeclared. The unit measured is the agency that
 * delivered the service (`interaction.agencyId`), the service being the permit type
 * or complaint category (`interaction.serviceCode`).
 */
export type SurveyFacts = Readonly<{
  surveyId: string;
  agencyId: string;
  serviceKind: InteractionKind;
  serviceCode: string;
  submittedAt: string;
  scores: SkmScores;
}>;

/** The facts of a survey, or undefined for an envelope of another type. */
export function surveyFactsOf(envelope: AnyEnvelope): SurveyFacts | undefined {
  if (!isEnvelopeOf<SurveySubmitted>(['SurveySubmitted'], envelope)) return undefined;
  const { data } = envelope as ConsumedEnvelope<SurveySubmitted>;
  return { surveyId: data.surveyId, agencyId: data.interaction.agencyId, serviceKind: data.interaction.kind, serviceCode: data.interaction.serviceCode, submittedAt: data.submittedAt, scores: data.scores };
}

/** The per-element sums of one service of one agency: the row a projection keeps per period. */
export type SatisfactionTallyRow = Readonly<{ agencyId: string; serviceKind: InteractionKind; serviceCode: string; tally: SkmTally }>;

export type ServiceSatisfaction = Readonly<{ serviceKind: InteractionKind; serviceCode: string; ikm: IkmResult }>;
/** An agency's IKM over all its services, its nine NRRs (`ikm.nrrPerElement`) and grade, and each service's. */
export type AgencySatisfaction = Readonly<{ agencyId: string; ikm: IkmResult; services: readonly ServiceSatisfaction[] }>;
export type SatisfactionFigures = Readonly<{ city: IkmResult; agencies: readonly AgencySatisfaction[] }>;

/** The tallies of the surveys submitted in the period, one row per (agency, service kind, service code), sorted. */
export function satisfactionTallies(surveys: readonly SurveyFacts[], period: PeriodRange): readonly SatisfactionTallyRow[] {
  const rows = new Map<string, SatisfactionTallyRow>();
  for (const survey of surveys) {
    if (!isWithin(survey.submittedAt, period)) continue;
    const key = JSON.stringify([survey.agencyId, survey.serviceKind, survey.serviceCode]);
    const row = rows.get(key) ?? { agencyId: survey.agencyId, serviceKind: survey.serviceKind, serviceCode: survey.serviceCode, tally: emptySkmTally() };
    rows.set(key, { ...row, tally: addToSkmTally(row.tally, survey.scores) });
  }
  return [...rows.values()].sort(byServiceKey);
}

/**
 * IKM per agency and per service, and for the city. Respondents are pooled: an
 * agency's IKM is that of all its respondents together (every respondent weighs the
 * same), not the mean of its services' indexes. Full precision until `ikmOfTally`
 * rounds the published figure.
 */
export function satisfactionMetricsOfTallies(rows: readonly SatisfactionTallyRow[]): SatisfactionFigures {
  const sorted = [...rows].sort(byServiceKey);
  const agencyIds = [...new Set(sorted.map((row) => row.agencyId))];
  const agencies = agencyIds.map((agencyId) => {
    const own = sorted.filter((row) => row.agencyId === agencyId);
    return {
      agencyId,
      ikm: ikmOfTally(own.map((row) => row.tally).reduce(mergeSkmTallies, emptySkmTally())),
      services: own.map((row) => ({ serviceKind: row.serviceKind, serviceCode: row.serviceCode, ikm: ikmOfTally(row.tally) })),
    };
  });
  return { city: ikmOfTally(sorted.map((row) => row.tally).reduce(mergeSkmTallies, emptySkmTally())), agencies };
}

export function satisfactionMetrics(surveys: readonly SurveyFacts[], period: PeriodRange): SatisfactionFigures {
  return satisfactionMetricsOfTallies(satisfactionTallies(surveys, period));
}

function byServiceKey(a: SatisfactionTallyRow, b: SatisfactionTallyRow): number {
  return compareText(a.agencyId, b.agencyId) || compareText(a.serviceKind, b.serviceKind) || compareText(a.serviceCode, b.serviceCode);
}
