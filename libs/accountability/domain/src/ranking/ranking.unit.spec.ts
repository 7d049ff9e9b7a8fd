import { AgencyFigures, compositeScore, rankAgencies } from './ranking';

const figures = (agencyId: string, permits: number | null, complaints: number | null, ikm: number | null, training: number | null): AgencyFigures => ({
  agencyId,
  permitShareWithinStandard: permits,
  complaintShareResolvedWithinDeadline: complaints,
  ikm,
  trainingShareMeeting20Jp: training,
});

describe('the cross-agency ranking', () => {
  const ranking = rankAgencies([
    figures('dinas-pupr', 0.6, 0.5, 75, 1), // (0.6 + 0.5 + 0.75 + 1) / 4 = 0.7125
    figures('bkpsdm', null, null, null, null), // nothing to score
    figures('disdukcapil', null, 1, 100, 0.5), // no permits: (1 + 1 + 0.5) / 3 = 0.8333...
    figures('dinkes', 0.9, 0.7, 80, 0.5), // (0.9 + 0.7 + 0.8 + 0.5) / 4 = 0.725
    figures('dinas-perhubungan', 0.6, 0.5, 75, 1), // the same as public works: the agency id decides
  ]);

  it('orders by composite score, re-weighting a missing component, ties by agency id, the unscored last', () => {
    expect(ranking.map((agency) => [agency.rank, agency.agencyId])).toEqual([
      [1, 'disdukcapil'],
      [2, 'dinkes'],
      [3, 'dinas-perhubungan'],
      [4, 'dinas-pupr'],
      [5, 'bkpsdm'],
    ]);
  });

  it('shows the score, its components and how much of it stands on data', () => {
    expect(ranking[0].score).toBeCloseTo(2.5 / 3, 12);
    expect(ranking[0]).toMatchObject({ coverage: 0.75, components: { permits: null, complaints: 1, satisfaction: 1, training: 0.5 } });
    expect(ranking[1].score).toBeCloseTo(0.725, 12);
    expect(ranking[3].score).toBeCloseTo(0.7125, 12);
    expect(ranking[4]).toMatchObject({ score: null, coverage: 0 });
  });

  it('takes other weights when given', () => {
    // Permits count 2, the rest 1: (2 x 0.6 + 0.5 + 0.75 + 1) / 5 = 0.69.
    expect(compositeScore({ permits: 0.6, complaints: 0.5, satisfaction: 0.75, training: 1 }, { permits: 2, complaints: 1, satisfaction: 1, training: 1 }).score).toBeCloseTo(0.69, 12);
  });

  it('refuses figures that are no fractions and agencies listed twice', () => {
    expect(() => rankAgencies([figures('dinkes', 1.2, null, null, null)])).toThrow(RangeError);
    expect(() => rankAgencies([figures('dinkes', 1, null, null, null), figures('dinkes', 0.5, null, null, null)])).toThrow(RangeError);
  });
});
