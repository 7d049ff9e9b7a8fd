import { addToSkmTally, emptySkmTally, IKM_GRADES, ikmGradeOf, ikmOf, ikmOfTally, mergeSkmTallies, NO_IKM_DATA, roundedIkmHundredths, SkmTally, skmTallyOf } from './ikm';
import { SKM_ELEMENT_CODES, SKM_ELEMENTS, SKM_SCORES, SkmScore, SkmScores } from './skm-elements';

const scores = (...values: SkmScore[]): SkmScores => Object.fromEntries(SKM_ELEMENT_CODES.map((code, index) => [code, values[index]])) as SkmScores;
const all = (score: SkmScore): SkmScores => scores(score, score, score, score, score, score, score, score, score);

/** A tally of `respondents` whose scores add up to `total`, spread as evenly as the elements allow. */
function tallyWithTotal(respondents: number, total: number): SkmTally {
  const base = Math.floor(total / 9);
  const sums = Object.fromEntries(SKM_ELEMENT_CODES.map((code, index) => [code, base + (index < total % 9 ? 1 : 0)])) as SkmTally['sums'];
  return { respondents, sums };
}

describe('the SKM elements and scores', () => {
  it('are the nine elements U1-U9 of PermenPANRB 14/2017, named in Indonesian and English', () => {
    expect(SKM_ELEMENTS.map((element) => element.code)).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9']);
    expect(SKM_ELEMENTS.map((element) => element.id)).toEqual([
      'Persyaratan',
      'Sistem, Mekanisme dan Prosedur',
      'Waktu Penyelesaian',
      'Biaya/Tarif',
      'Produk Spesifikasi Jenis Pelayanan',
      'Kompetensi Pelaksana',
      'Perilaku Pelaksana',
      'Penanganan Pengaduan, Saran dan Masukan',
      'Sarana dan Prasarana',
    ]);
    expect(SKM_ELEMENTS.every((element) => element.en.length > 0)).toBe(true);
  });

  it('are scored 1 to 4, each score with its label', () => {
    expect(SKM_SCORES.map(({ score, id }) => [score, id])).toEqual([[1, 'Tidak Baik'], [2, 'Kurang Baik'], [3, 'Baik'], [4, 'Sangat Baik']]);
  });
});

describe('the IKM', () => {
  /*
   * Worked by hand, four respondents:
   *              U1 U2 U3 U4 U5 U6 U7 U8 U9   total
   *   R1          4  4  3  4  3  4  4  3  3     32
   *   R2          3  3  3  4  3  3  4  3  3     29
   *   R3          4  3  2  4  3  4  4  2  3     29
   *   R4          3  3  3  4  4  4  4  3  2     30
   *   sum        14 13 11 16 13 15 16 11 11    120
   *   NRR = /4  3.5 3.25 2.75 4 3.25 3.75 4 2.75 2.75   (sum of NRRs 30)
   *   IKM = 30 x 1/9 x 25 = 83.333...  -> 83.33, B (76.61-88.30), Baik.
   *   (The regulation's worked examples use the weight 0.111: 30 x 0.111 x 25 = 83.25. We keep 1/9.)
   */
  const responses = [scores(4, 4, 3, 4, 3, 4, 4, 3, 3), scores(3, 3, 3, 4, 3, 3, 4, 3, 3), scores(4, 3, 2, 4, 3, 4, 4, 2, 3), scores(3, 3, 3, 4, 4, 4, 4, 3, 2)];

  it('is the mean of the nine NRRs times 25, worked example of four respondents', () => {
    const result = ikmOf(responses);
    expect(result).toEqual({
      status: 'measured',
      respondents: 4,
      nrrPerElement: { U1: 3.5, U2: 3.25, U3: 2.75, U4: 4, U5: 3.25, U6: 3.75, U7: 4, U8: 2.75, U9: 2.75 },
      ikmUnrounded: 3000 / 36,
      ikm: 83.33,
      grade: 'B',
      quality: 'Baik',
    });
  });

  it('keeps the NRRs at full precision', () => {
    const result = ikmOf([all(4), all(4), all(3)]);
    expect(result.nrrPerElement?.U1).toBe(11 / 3);
    expect(result.ikmUnrounded).toBe((99 * 25) / 27);
    expect(result.ikm).toBe(91.67);
  });

  it('runs from 25 (every score 1) to 100 (every score 4)', () => {
    expect(ikmOf([all(1), all(1)])).toMatchObject({ ikm: 25, grade: 'D', quality: 'Tidak Baik' });
    expect(ikmOf([all(4)])).toMatchObject({ ikm: 100, grade: 'A', quality: 'Sangat Baik' });
  });

  it('is "no data" without respondents, never NaN nor a grade', () => {
    expect(ikmOf([])).toEqual(NO_IKM_DATA);
    expect(ikmOf([])).toEqual({ status: 'no-data', respondents: 0, nrrPerElement: null, ikmUnrounded: null, ikm: null, grade: null, quality: null });
    expect(ikmOfTally(emptySkmTally())).toBe(NO_IKM_DATA);
  });

  it('refuses scores outside 1-4 or not whole, which validated surveys never carry', () => {
    expect(() => ikmOf([{ ...all(3), U3: 5 as SkmScore }])).toThrow(RangeError);
    expect(() => ikmOf([{ ...all(3), U3: 2.5 as SkmScore }])).toThrow(RangeError);
    expect(() => ikmOfTally({ respondents: 2, sums: { ...all(4), U9: 9 } })).toThrow(RangeError);
  });

  it('comes out the same from a tally kept event by event, or merged across agencies', () => {
    const kept = responses.reduce(addToSkmTally, emptySkmTally());
    expect(kept).toEqual(skmTallyOf(responses));
    expect(ikmOfTally(mergeSkmTallies(skmTallyOf(responses.slice(0, 1)), skmTallyOf(responses.slice(1))))).toEqual(ikmOf(responses));
  });
});

describe('the rounding of the IKM figure', () => {
  it('is half-up at two decimals: 189 points from 8 respondents is 65.625, published 65.63', () => {
    expect(ikmOfTally(tallyWithTotal(8, 189))).toMatchObject({ ikmUnrounded: 65.625, ikm: 65.63 });
    // Summing the weighted NRRs in floating point gives 65.62499999999997, which would round down.
    const naive = SKM_ELEMENT_CODES.reduce((sum, code) => sum + (tallyWithTotal(8, 189).sums[code] / 8) * (1 / 9), 0) * 25;
    expect(Math.round(naive * 100) / 100).toBe(65.62);
  });

  it('is exact where floating point is not: 88.305 is an A, not the B of 88.30499999999998', () => {
    const tally = tallyWithTotal(5000, 158949); // 158949 x 25 / 45000 = 88.305 exactly
    const naive = SKM_ELEMENT_CODES.reduce((sum, code) => sum + (tally.sums[code] / 5000) * (1 / 9), 0) * 25;
    expect(naive).toBeLessThan(88.305);
    expect(ikmOfTally(tally)).toMatchObject({ ikm: 88.31, grade: 'A' });
    expect(ikmOfTally(tallyWithTotal(5000, 137889))).toMatchObject({ ikm: 76.61, grade: 'B' }); // 76.605
    expect(ikmOfTally(tallyWithTotal(5000, 116991))).toMatchObject({ ikm: 65, grade: 'C' }); // 64.995
  });

  it('computes total x 2500 / (9 x respondents) in whole numbers, half-up', () => {
    expect(roundedIkmHundredths(120, 4)).toBe(8333); // 8333.33...
    expect(roundedIkmHundredths(189, 8)).toBe(6563); // 6562.5
    expect(roundedIkmHundredths(1049, 33)).toBe(8830); // 8829.96...
    expect(roundedIkmHundredths(36_000_000, 1_000_000)).toBe(10000);
    expect(() => roundedIkmHundredths(120, 0)).toThrow(RangeError);
  });
});

describe('the IKM grades', () => {
  it('follow the conversion table of PermenPANRB 14/2017', () => {
    expect(IKM_GRADES.map(({ grade, quality, min, max }) => [grade, quality, min, max])).toEqual([
      ['A', 'Sangat Baik', 88.31, 100],
      ['B', 'Baik', 76.61, 88.3],
      ['C', 'Kurang Baik', 65, 76.6],
      ['D', 'Tidak Baik', 25, 64.99],
    ]);
  });

  it.each([
    [88.31, 'A', 'Sangat Baik'],
    [88.3, 'B', 'Baik'],
    [76.61, 'B', 'Baik'],
    [76.6, 'C', 'Kurang Baik'],
    [65.0, 'C', 'Kurang Baik'],
    [64.99, 'D', 'Tidak Baik'],
    [100, 'A', 'Sangat Baik'],
    [25, 'D', 'Tidak Baik'],
  ])('grade %d as %s (%s)', (ikm, grade, quality) => {
    expect(ikmGradeOf(ikm)).toEqual({ grade, quality });
  });

  it('grade a figure at its two-decimal value: 88.305 is 88.31, an A', () => {
    expect(ikmGradeOf(88.305)).toEqual({ grade: 'A', quality: 'Sangat Baik' });
    expect(ikmGradeOf(88.304)).toEqual({ grade: 'B', quality: 'Baik' });
    expect(() => ikmGradeOf(24.99)).toThrow(RangeError);
    expect(() => ikmGradeOf(Number.NaN)).toThrow(RangeError);
  });

  it.each([
    [24, 763, 88.31, 'A'], // 88.3101...
    [43, 1367, 88.31, 'A'], // 88.3074...
    [33, 1049, 88.3, 'B'], // 88.2996...
    [19, 604, 88.3, 'B'], // 88.3040...
    [19, 524, 76.61, 'B'], // 76.6081...
    [26, 717, 76.6, 'C'], // 76.6025...
    [5, 117, 65, 'C'], // 65 exactly
    [48, 1123, 64.99, 'D'], // 64.9884...
  ])('from %d respondents scoring %d in all: IKM %d, grade %s', (respondents, total, ikm, grade) => {
    expect(ikmOfTally(tallyWithTotal(respondents, total))).toMatchObject({ respondents, ikm, grade });
  });
});
