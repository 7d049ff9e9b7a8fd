import { MINIMUM_JP_PER_YEAR, jakartaYearOf } from '../shared/rules';
import { CreditSource } from './development';

/** A credit as a projection receives it, from JpCredited or ParticipantCompleted events. */
export type CreditInput = Readonly<{
  nip: string;
  source: CreditSource;
  programId: string;
  jp: number;
  /** When the learning was completed; its Asia/Jakarta year is the year it counts for. */
  creditedAt: string;
  /** Cohort id or xAPI statement id, when known. */
  reference?: string;
}>;

export type CountedCredit = Readonly<{
  source: CreditSource;
  programId: string;
  /** JP counted: 0 for a second credit of the same program in the same year. */
  jp: number;
  creditedAt: string;
  reference: string | null;
  /** True when the program was already credited that year: counts 0 JP. */
  duplicate: boolean;
}>;

/** A civil servant's competency development in one year, against the PP 17/2020 minimum of 20 JP. */
export type DevelopmentRecord = Readonly<{
  nip: string;
  year: number;
  jpEarned: number;
  minimumJp: number;
  met: boolean;
  remainingJp: number;
  credits: readonly CountedCredit[];
}>;

/**
 * The development record of `nip` in `year`, from any list of credits (others' and other years'
 * are ignored). A program counts once a year: the earliest credit of a program counts, any later
 * one of the same program that year counts 0 JP, so retried, duplicated or double-sourced (cohort
 * and xAPI) credits never count twice. Credits with no JP (a failed completion) are left out.
 */
export function developmentRecordOf(nip: string, year: number, credits: readonly CreditInput[]): DevelopmentRecord {
  const ofYear = credits
    .map((credit, index) => ({ credit, index }))
    .filter(({ credit }) => credit.nip === nip && credit.jp > 0 && jakartaYearOf(credit.creditedAt) === year)
    .sort((a, b) => Date.parse(a.credit.creditedAt) - Date.parse(b.credit.creditedAt) || a.index - b.index)
    .map(({ credit }) => credit);
  const seen = new Set<string>();
  const counted = ofYear.map((credit): CountedCredit => {
    const duplicate = seen.has(credit.programId);
    seen.add(credit.programId);
    return { source: credit.source, programId: credit.programId, jp: duplicate ? 0 : credit.jp, creditedAt: credit.creditedAt, reference: credit.reference ?? null, duplicate };
  });
  const jpEarned = counted.reduce((sum, credit) => sum + credit.jp, 0);
  return { nip, year, jpEarned, minimumJp: MINIMUM_JP_PER_YEAR, met: jpEarned >= MINIMUM_JP_PER_YEAR, remainingJp: Math.max(0, MINIMUM_JP_PER_YEAR - jpEarned), credits: counted };
}
