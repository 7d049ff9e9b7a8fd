import { jakartaDateOf } from '@palembang/working-days';
import { compareText } from '../statistics/compare';
import { share } from '../statistics/statistics';
import { CivilServant, TrainingCredit } from '../published-language/training-inputs';

/** PP 17/2020: at least 20 JP of competency development per civil servant per year. */
export const MINIMUM_JP_PER_YEAR = 20;

/**
 * The training figures of one calendar year (Jakarta) over a roster of civil servants:
 * - civilServants: distinct NIPs on the roster (the last entry of a NIP wins);
 * - totalJp: the JP credited in the year to people on the roster (credits of others
 *   are ignored: the roster is the population);
 * - jpPerCivilServant = totalJp / civilServants;
 * - meeting20Jp: people with at least 20 JP in the year; shareMeeting20Jp = meeting20Jp / civilServants;
 * - completions: the credits counted (each a passed completion or a direct credit).
 * An empty roster has no per-head figures: null.
 */
export type TrainingFigures = Readonly<{
  year: number;
  civilServants: number;
  totalJp: number;
  jpPerCivilServant: number | null;
  meeting20Jp: number;
  shareMeeting20Jp: number | null;
  completions: number;
}>;

export function trainingMetrics(credits: readonly TrainingCredit[], civilServants: readonly CivilServant[], year: number): TrainingFigures {
  const jpByNip = new Map<string, number>(civilServants.map((servant) => [servant.nip, 0]));
  let completions = 0;
  for (const credit of credits) {
    const sofar = jpByNip.get(credit.nip);
    if (sofar === undefined || !creditedIn(credit, year)) continue;
    if (!(Number.isFinite(credit.jp) && credit.jp >= 0)) throw new RangeError(`JP must be a number >= 0, got ${credit.jp} for ${credit.nip}`);
    jpByNip.set(credit.nip, sofar + credit.jp);
    completions++;
  }
  const totals = [...jpByNip.values()];
  const totalJp = totals.reduce((sum, jp) => sum + jp, 0);
  const meeting20Jp = totals.filter((jp) => jp >= MINIMUM_JP_PER_YEAR).length;
  return {
    year,
    civilServants: jpByNip.size,
    totalJp,
    jpPerCivilServant: jpByNip.size === 0 ? null : totalJp / jpByNip.size,
    meeting20Jp,
    shareMeeting20Jp: share(meeting20Jp, jpByNip.size),
    completions,
  };
}

/** The training figures of every agency on the roster, by agency id; the roster's agency decides where a person counts. */
export function trainingMetricsByAgency(credits: readonly TrainingCredit[], civilServants: readonly CivilServant[], year: number): readonly (TrainingFigures & { agencyId: string })[] {
  const roster = latestPerNip(civilServants);
  const agencies = [...new Set(roster.map((servant) => servant.agencyId))].sort(compareText);
  return agencies.map((agencyId) => ({ agencyId, ...trainingMetrics(credits, roster.filter((servant) => servant.agencyId === agencyId), year) }));
}

/** One entry per NIP, the last one given. */
export function latestPerNip(civilServants: readonly CivilServant[]): readonly CivilServant[] {
  return [...new Map(civilServants.map((servant) => [servant.nip, servant])).values()];
}

function creditedIn(credit: TrainingCredit, year: number): boolean {
  return jakartaDateOf(credit.creditedAt).startsWith(`${year}-`);
}
