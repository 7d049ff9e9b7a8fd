import { isSkmScore, SKM_ELEMENT_CODES, SKM_ELEMENTS, SkmElementCode, SkmScores } from './skm-elements';

/**
 * The Indeks Kepuasan Masyarakat (IKM) of PermenPANRB 14/2017:
 *
 *   NRR per element      = sum of the element's scores / respondents      (1-4)
 *   weighted NRR         = NRR x 1/9                                      (nine elements, equal weight)
 *   IKM                  = sum of the weighted NRRs x 25                  (25-100)
 *
 * Grades by the IKM figure (two decimals): A 88.31-100, B 76.61-88.30, C 65.00-76.60, D 25.00-64.99.
 */

export type IkmGrade = 'A' | 'B' | 'C' | 'D';
export type IkmQuality = 'Sangat Baik' | 'Baik' | 'Kurang Baik' | 'Tidak Baik';

/** The conversion table, best grade first; `min`/`max` are the IKM figures (two decimals) the grade covers. */
export const IKM_GRADES = [
  { grade: 'A', quality: 'Sangat Baik', en: 'Very good', min: 88.31, max: 100 },
  { grade: 'B', quality: 'Baik', en: 'Good', min: 76.61, max: 88.3 },
  { grade: 'C', quality: 'Kurang Baik', en: 'Less than good', min: 65, max: 76.6 },
  { grade: 'D', quality: 'Tidak Baik', en: 'Poor', min: 25, max: 64.99 },
] as const satisfies readonly { grade: IkmGrade; quality: IkmQuality; en: string; min: number; max: number }[];

/** Per-element sums over a number of respondents: all the IKM needs, and what a projection keeps. */
export type SkmTally = Readonly<{
  respondents: number;
  sums: Readonly<Record<SkmElementCode, number>>;
}>;

export type NrrPerElement = Readonly<Record<SkmElementCode, number>>;

export type IkmResult =
  | Readonly<{
      status: 'measured';
      respondents: number;
      /** Nilai rata-rata per element, at full precision (sum / respondents). */
      nrrPerElement: NrrPerElement;
      /** The index at full precision, for analysis; publish `ikm`. */
      ikmUnrounded: number;
      /** The IKM figure: rounded half-up to two decimals, see `roundedIkmHundredths`. */
      ikm: number;
      grade: IkmGrade;
      quality: IkmQuality;
    }>
  /** Nobody answered: there is no index, rather than NaN or a zero that reads as "Tidak Baik". */
  | Readonly<{
      status: 'no-data';
      respondents: 0;
      nrrPerElement: null;
      ikmUnrounded: null;
      ikm: null;
      grade: null;
      quality: null;
    }>;

export const NO_IKM_DATA: IkmResult = Object.freeze({
  status: 'no-data',
  respondents: 0,
  nrrPerElement: null,
  ikmUnrounded: null,
  ikm: null,
  grade: null,
  quality: null,
});

const zeroSums = (): Record<SkmElementCode, number> => ({ U1: 0, U2: 0, U3: 0, U4: 0, U5: 0, U6: 0, U7: 0, U8: 0, U9: 0 });

export const emptySkmTally = (): SkmTally => ({ respondents: 0, sums: zeroSums() });

/** Adds one respondent. Scores were validated when the survey was submitted, so a bad one here is a bug: it throws. */
export function addToSkmTally(tally: SkmTally, scores: SkmScores): SkmTally {
  const sums = zeroSums();
  for (const code of SKM_ELEMENT_CODES) {
    const score: unknown = scores[code];
    if (!isSkmScore(score)) throw new RangeError(`SKM score ${code} must be an integer 1-4, got ${String(score)}`);
    sums[code] = tally.sums[code] + score;
  }
  return { respondents: tally.respondents + 1, sums };
}

/** Two groups of respondents as one, e.g. every agency's tally for the city-wide index. */
export function mergeSkmTallies(first: SkmTally, second: SkmTally): SkmTally {
  const sums = zeroSums();
  for (const code of SKM_ELEMENT_CODES) sums[code] = first.sums[code] + second.sums[code];
  return { respondents: first.respondents + second.respondents, sums };
}

export function skmTallyOf(responses: readonly SkmScores[]): SkmTally {
  return responses.reduce(addToSkmTally, emptySkmTally());
}

/** The IKM of a set of responses (each one respondent's nine scores). */
export function ikmOf(responses: readonly SkmScores[]): IkmResult {
  return ikmOfTally(skmTallyOf(responses));
}

/**
 * The IKM of a tally.
 *
 * Rounding decision: with equal weights, sum(NRR_i x 1/9) x 25 equals
 * (total of all scores) x 25 / (9 x respondents) exactly, so nothing is rounded
 * on the way (the regulation's worked examples round the weight to 0.111 and
 * the NRRs to two or three decimals; that loses up to ~0.1 point and can move
 * a unit across a grade boundary, so we do not). The published figure is that
 * exact fraction rounded half-up to two decimals in integer (bigint)
 * arithmetic, because doing it in floating point can turn 88.305 into
 * 88.30499999... and grade an A as a B. The grade is read from the rounded
 * figure, as the regulation's table lists two-decimal bounds with no gaps.
 */
export function ikmOfTally(tally: SkmTally): IkmResult {
  assertConsistent(tally);
  const { respondents, sums } = tally;
  if (respondents === 0) return NO_IKM_DATA;
  const total = SKM_ELEMENT_CODES.reduce((sum, code) => sum + sums[code], 0);
  const nrrPerElement = Object.fromEntries(SKM_ELEMENT_CODES.map((code) => [code, sums[code] / respondents])) as NrrPerElement;
  const hundredths = roundedIkmHundredths(total, respondents);
  const { grade, quality } = gradeOfHundredths(hundredths);
  return {
    status: 'measured',
    respondents,
    nrrPerElement,
    ikmUnrounded: (total * 25) / (SKM_ELEMENTS.length * respondents),
    ikm: hundredths / 100,
    grade,
    quality,
  };
}

/** round_half_up(total x 25 x 100 / (9 x respondents)), exactly: the IKM in hundredths of a point. */
export function roundedIkmHundredths(totalScore: number, respondents: number): number {
  if (!Number.isSafeInteger(totalScore) || !Number.isSafeInteger(respondents) || respondents <= 0 || totalScore < 0) {
    throw new RangeError(`Cannot compute an IKM from a total of ${totalScore} over ${respondents} respondents`);
  }
  const numerator = BigInt(totalScore) * 2500n;
  const denominator = BigInt(SKM_ELEMENTS.length) * BigInt(respondents);
  // Both positive: floor((2a + b) / 2b) is a / b rounded half-up.
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/** The grade of an IKM figure; the figure is taken to two decimals (half-up) first. */
export function ikmGradeOf(ikm: number): { grade: IkmGrade; quality: IkmQuality } {
  if (!Number.isFinite(ikm) || ikm < 25 || ikm > 100) throw new RangeError(`An IKM lies between 25 and 100, got ${ikm}`);
  // toFixed(3) absorbs the binary error of a two-decimal figure (88.31 * 100 = 8830.999...).
  return gradeOfHundredths(Math.round(Number((ikm * 100).toFixed(3))));
}

function gradeOfHundredths(hundredths: number): { grade: IkmGrade; quality: IkmQuality } {
  const row = IKM_GRADES.find((candidate) => hundredths >= Math.round(candidate.min * 100)) ?? IKM_GRADES[IKM_GRADES.length - 1];
  return { grade: row.grade, quality: row.quality };
}

function assertConsistent({ respondents, sums }: SkmTally): void {
  if (!Number.isSafeInteger(respondents) || respondents < 0) throw new RangeError(`Respondents must be a whole number, got ${respondents}`);
  for (const code of SKM_ELEMENT_CODES) {
    const sum = sums[code];
    if (!Number.isSafeInteger(sum) || sum < respondents || sum > 4 * respondents) {
      throw new RangeError(`The sum of ${code} (${sum}) cannot come from ${respondents} respondents scoring 1-4`);
    }
  }
}
