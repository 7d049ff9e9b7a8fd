import { compareText } from '../statistics/compare';

/**
 * The cross-agency ranking.
 *
 * Each agency gets up to four components, each a fraction 0..1 where more is better:
 *   permits       share of permit decisions within the service standard   (PermitFigures.shareWithinStandard)
 *   complaints    share of complaint resolutions within their deadline    (ComplaintFigures.shareResolvedWithinDeadline)
 *   satisfaction  IKM / 100 (the unrounded IKM, 25-100, so 0.25-1)        (IkmResult.ikmUnrounded)
 *   training      share of civil servants with at least 20 JP in the year (TrainingFigures.shareMeeting20Jp)
 *
 *   score = sum(w_i x c_i) / sum(w_i), over the components the agency HAS
 *
 * with the weights of DEFAULT_RANKING_WEIGHTS (equal, 1 each) unless others are
 * given. A missing component (null: the agency handles no permits, had no resolved
 * complaint, no survey, no roster) drops out and the remaining weights are scaled
 * up, so it neither rewards nor punishes; `coverage` = sum of the weights present /
 * sum of all weights says how much of the score stands on data. An agency with no
 * component at all has score null and ranks after every scored agency.
 *
 * Order: score descending; equal scores (compared exactly) by agency id ascending.
 * Ranks are 1, 2, 3, ... in that order, so ties get distinct ranks by agency id.
 */
export type RankingComponent = 'permits' | 'complaints' | 'satisfaction' | 'training';
export const RANKING_COMPONENTS: readonly RankingComponent[] = ['permits', 'complaints', 'satisfaction', 'training'];

export type RankingWeights = Readonly<Record<RankingComponent, number>>;
export const DEFAULT_RANKING_WEIGHTS: RankingWeights = { permits: 1, complaints: 1, satisfaction: 1, training: 1 };

/** An agency's figures for the period, as the metric functions produce them; null where there is no figure. */
export type AgencyFigures = Readonly<{
  agencyId: string;
  permitShareWithinStandard: number | null;
  complaintShareResolvedWithinDeadline: number | null;
  /** The IKM, 25-100 (pass `ikmUnrounded` for full precision). */
  ikm: number | null;
  trainingShareMeeting20Jp: number | null;
}>;

export type RankingComponents = Readonly<Record<RankingComponent, number | null>>;

export type RankedAgency = Readonly<{
  rank: number;
  agencyId: string;
  score: number | null;
  coverage: number;
  components: RankingComponents;
}>;

export function rankingComponentsOf(figures: AgencyFigures): RankingComponents {
  return {
    permits: fraction(figures.permitShareWithinStandard, 'permitShareWithinStandard'),
    complaints: fraction(figures.complaintShareResolvedWithinDeadline, 'complaintShareResolvedWithinDeadline'),
    satisfaction: figures.ikm === null ? null : fraction(figures.ikm / 100, 'ikm / 100'),
    training: fraction(figures.trainingShareMeeting20Jp, 'trainingShareMeeting20Jp'),
  };
}

/** The composite score of the components present, re-weighted; null when none is. */
export function compositeScore(components: RankingComponents, weights: RankingWeights = DEFAULT_RANKING_WEIGHTS): { score: number | null; coverage: number } {
  assertWeights(weights);
  let weighted = 0;
  let present = 0;
  let total = 0;
  for (const component of RANKING_COMPONENTS) {
    total += weights[component];
    const value = components[component];
    if (value === null) continue;
    weighted += weights[component] * value;
    present += weights[component];
  }
  return { score: present === 0 ? null : weighted / present, coverage: present / total };
}

export function rankAgencies(figures: readonly AgencyFigures[], weights: RankingWeights = DEFAULT_RANKING_WEIGHTS): readonly RankedAgency[] {
  const ids = figures.map((figure) => figure.agencyId);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) throw new RangeError(`Agency ${duplicate} appears twice in the ranking input`);
  return figures
    .map((figure) => {
      const components = rankingComponentsOf(figure);
      return { agencyId: figure.agencyId, components, ...compositeScore(components, weights) };
    })
    .sort((a, b) => byScoreDescending(a.score, b.score) || compareText(a.agencyId, b.agencyId))
    .map((agency, index) => ({ rank: index + 1, agencyId: agency.agencyId, score: agency.score, coverage: agency.coverage, components: agency.components }));
}

function byScoreDescending(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

function fraction(value: number | null, name: string): number | null {
  if (value === null) return null;
  if (!(Number.isFinite(value) && value >= 0 && value <= 1)) throw new RangeError(`${name} must be a fraction 0..1, got ${value}`);
  return value;
}

function assertWeights(weights: RankingWeights): void {
  for (const component of RANKING_COMPONENTS) {
    const weight = weights[component];
    if (!(Number.isFinite(weight) && weight >= 0)) throw new RangeError(`The weight of ${component} must be a number >= 0, got ${weight}`);
  }
  if (RANKING_COMPONENTS.every((component) => weights[component] === 0)) throw new RangeError('At least one ranking weight must be positive');
}
