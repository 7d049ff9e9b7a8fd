import { compareText } from '../statistics/compare';
import { Interval, wilsonInterval } from '../statistics/wilson';

/**
 * The cross-agency ranking, built so that it cannot be gamed by doing little:
 *
 * - Every component is a share 0..1 (more is better) observed over a number of cases,
 *   and comes with those cases and its 95% Wilson interval (see wilsonInterval).
 * - A component with fewer cases than `minimumCases` is not scored ("too-few-cases"):
 *   one decided application out of 1,700 received says nothing at 100%.
 * - A component without cases ("no-cases") or with too few is left out of the score and
 *   lowers `coverage` = the weights of the scored components / the weights of all.
 *   The score re-weights the scored components (an agency that runs no permit service is
 *   neither rewarded nor punished for it), which is only fair while most of the score
 *   stands on data: an agency whose coverage is below `minimumCoverage` is listed as
 *   "insufficient-data", with no rank and no score.
 * - Pending cases past their deadline are failures (see rankingInputsOf): they enter the
 *   permits and complaints components and make up the backlog component.
 *
 *   score         = sum(w_i x c_i) / sum(w_i)       over the scored components
 *   scoreInterval = the same weighted mean of the components' interval bounds
 *
 * Order: ranked agencies by score descending, equal scores (exactly) by agency id; then
 * the agencies with insufficient data by agency id, without a rank.
 */
export type RankingComponent = 'permits' | 'complaints' | 'backlog' | 'satisfaction' | 'training';
export const RANKING_COMPONENTS: readonly RankingComponent[] = ['permits', 'complaints', 'backlog', 'satisfaction', 'training'];

export type RankingWeights = Readonly<Record<RankingComponent, number>>;

export type RankingRules = Readonly<{
  weights: RankingWeights;
  /** A component with fewer cases is not scored. */
  minimumCases: number;
  /** An agency whose scored weights are a smaller share of all weights is not ranked. */
  minimumCoverage: number;
}>;

export const DEFAULT_RANKING_RULES: RankingRules = {
  weights: { permits: 1, complaints: 1, backlog: 1, satisfaction: 1, training: 1 },
  minimumCases: 10,
  // Two of five equal components: an agency that only handles permits (permits and backlog) is ranked, one with a single component is not.
  minimumCoverage: 0.4,
};

/** A share observed over a number of cases; for the IKM, IKM / 100 over its respondents. */
export type Observation = Readonly<{ share: number; cases: number }>;

export type AgencyRankingInputs = Readonly<{
  agencyId: string;
  components: Readonly<Record<RankingComponent, Observation | null>>;
}>;

export type ComponentStatus = 'scored' | 'too-few-cases' | 'no-cases';

export type ComponentResult = Readonly<{
  status: ComponentStatus;
  share: number | null;
  cases: number;
  interval: Interval | null;
}>;

export type AgencyStatus = 'ranked' | 'insufficient-data';

export type RankedAgency = Readonly<{
  rank: number | null;
  agencyId: string;
  status: AgencyStatus;
  /** Why an agency is not ranked; null when it is. */
  reason: string | null;
  score: number | null;
  scoreInterval: Interval | null;
  coverage: number;
  /** The share of each scored component; null where it is not scored. */
  components: Readonly<Record<RankingComponent, number | null>>;
  details: Readonly<Record<RankingComponent, ComponentResult>>;
}>;

/** The share `successes / cases` as an observation; null without cases. */
export function countedShare(successes: number, cases: number): Observation | null {
  if (!(Number.isInteger(successes) && Number.isInteger(cases) && successes >= 0 && successes <= cases)) throw new RangeError(`A counted share needs whole 0 <= successes <= cases, got ${successes} of ${cases}`);
  return cases === 0 ? null : { share: successes / cases, cases };
}

export function componentResult(observation: Observation | null, rules: RankingRules): ComponentResult {
  if (observation === null || observation.cases === 0) return { status: 'no-cases', share: null, cases: 0, interval: null };
  const interval = wilsonInterval(observation.share, observation.cases);
  const status = observation.cases < rules.minimumCases ? 'too-few-cases' : 'scored';
  return { status, share: observation.share, cases: observation.cases, interval };
}

/** One agency's score, before the order: its components, coverage, and whether it may be ranked. */
export function scoreAgency(inputs: AgencyRankingInputs, rules: RankingRules = DEFAULT_RANKING_RULES): Omit<RankedAgency, 'rank'> {
  assertRules(rules);
  const details = mapComponents((component) => componentResult(inputs.components[component], rules));
  const scored = RANKING_COMPONENTS.filter((component) => details[component].status === 'scored');
  const totalWeight = sum(RANKING_COMPONENTS.map((component) => rules.weights[component]));
  const scoredWeight = sum(scored.map((component) => rules.weights[component]));
  const coverage = scoredWeight / totalWeight;
  const components = mapComponents((component) => (details[component].status === 'scored' ? details[component].share : null));
  const reason = insufficiency(scored.length, coverage, rules);
  if (reason !== null) return { agencyId: inputs.agencyId, status: 'insufficient-data', reason, score: null, scoreInterval: null, coverage, components, details };
  const weightedMean = (valueOf: (result: ComponentResult) => number) => sum(scored.map((component) => rules.weights[component] * valueOf(details[component]))) / scoredWeight;
  return {
    agencyId: inputs.agencyId,
    status: 'ranked',
    reason: null,
    score: weightedMean((result) => result.share as number),
    scoreInterval: { low: weightedMean((result) => (result.interval as Interval).low), high: weightedMean((result) => (result.interval as Interval).high) },
    coverage,
    components,
    details,
  };
}

export function rankAgencies(inputs: readonly AgencyRankingInputs[], rules: RankingRules = DEFAULT_RANKING_RULES): readonly RankedAgency[] {
  const ids = inputs.map((input) => input.agencyId);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) throw new RangeError(`Agency ${duplicate} appears twice in the ranking input`);
  const scored = inputs.map((input) => scoreAgency(input, rules));
  const ranked = scored.filter((agency) => agency.score !== null).sort((a, b) => (b.score as number) - (a.score as number) || compareText(a.agencyId, b.agencyId));
  const unranked = scored.filter((agency) => agency.score === null).sort((a, b) => compareText(a.agencyId, b.agencyId));
  return [...ranked.map((agency, index) => ({ rank: index + 1, ...agency })), ...unranked.map((agency) => ({ rank: null, ...agency }))];
}

/** The formula and its reasons as text, with the rules in force. */
export function rankingFormula(rules: RankingRules = DEFAULT_RANKING_RULES): string {
  const weights = RANKING_COMPONENTS.map((component) => `${component} ${rules.weights[component]}`).join(', ');
  return (
    'Components, each a share 0..1 where more is better, with its case count and 95% Wilson score interval: ' +
    'permits = permit decisions within the service standard / (decisions measured + verified applications still undecided whose deadline passed in the period); ' +
    'complaints = resolutions within their deadline / (resolutions + complaints still unverified, or verified and unresolved, whose verification or follow-up deadline passed in the period); ' +
    'backlog = cases closed in the period / (cases closed in the period + cases still pending whose deadline passed before the period ended), permits and complaints together; ' +
    'satisfaction = IKM / 100 (unrounded) over its respondents; ' +
    'training = civil servants with at least 20 JP in the year / civil servants on the roster. ' +
    `A component with fewer than ${rules.minimumCases} cases, or none, is not scored: it lowers coverage = sum of the weights scored / sum of all weights (weights: ${weights}). ` +
    'score = sum(w_i x c_i) / sum(w_i) over the scored components (a missing component is re-weighted away, neither reward nor penalty); ' +
    'scoreInterval = the same weighted mean of the components\' interval bounds. ' +
    `An agency with coverage below ${rules.minimumCoverage} is listed as insufficient-data, with no rank and no score, so a few cases can never rank at 100%. ` +
    'Order: score descending, then agency id; ranks 1..n (ties get distinct ranks); the agencies with insufficient data follow, by agency id.'
  );
}

function insufficiency(scoredComponents: number, coverage: number, rules: RankingRules): string | null {
  if (scoredComponents === 0) return `no component has at least ${rules.minimumCases} cases`;
  if (coverage < rules.minimumCoverage) return `coverage ${coverage} is below the minimum ${rules.minimumCoverage}`;
  return null;
}

function mapComponents<T>(valueOf: (component: RankingComponent) => T): Record<RankingComponent, T> {
  return Object.fromEntries(RANKING_COMPONENTS.map((component) => [component, valueOf(component)])) as Record<RankingComponent, T>;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function assertRules(rules: RankingRules): void {
  for (const component of RANKING_COMPONENTS) {
    const weight = rules.weights[component];
    if (!(Number.isFinite(weight) && weight >= 0)) throw new RangeError(`The weight of ${component} must be a number >= 0, got ${weight}`);
  }
  if (RANKING_COMPONENTS.every((component) => rules.weights[component] === 0)) throw new RangeError('At least one ranking weight must be positive');
  if (!(Number.isInteger(rules.minimumCases) && rules.minimumCases >= 1)) throw new RangeError(`minimumCases must be a whole number >= 1, got ${rules.minimumCases}`);
  if (!(Number.isFinite(rules.minimumCoverage) && rules.minimumCoverage > 0 && rules.minimumCoverage <= 1)) throw new RangeError(`minimumCoverage must lie in (0, 1], got ${rules.minimumCoverage}`);
}
