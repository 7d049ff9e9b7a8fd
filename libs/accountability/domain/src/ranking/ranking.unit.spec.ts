import { wilsonInterval } from '../statistics/wilson';
import { AgencyRankingInputs, DEFAULT_RANKING_RULES, Observation, rankAgencies, RankingRules, scoreAgency } from './ranking';

type Parts = Partial<Record<'permits' | 'complaints' | 'backlog' | 'satisfaction' | 'training', Observation>>;
const agency = (agencyId: string, parts: Parts): AgencyRankingInputs => ({
  agencyId,
  components: { permits: parts.permits ?? null, complaints: parts.complaints ?? null, backlog: parts.backlog ?? null, satisfaction: parts.satisfaction ?? null, training: parts.training ?? null },
});
const of = (successes: number, cases: number): Observation => ({ share: successes / cases, cases });

describe('the 95% Wilson score interval', () => {
  it('matches the published values of 8 of 10, 0 of 10 and 1 of 1', () => {
    // Wilson (1927); the textbook values: 8/10 -> 0.4902..0.9433, 0/10 -> 0..0.2775, 1/1 -> 0.2065..1.
    expect(wilsonInterval(0.8, 10)).toEqual({ low: expect.closeTo(0.4902, 4), high: expect.closeTo(0.9433, 4) });
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.2775, 4) });
    expect(wilsonInterval(1, 1)).toEqual({ low: expect.closeTo(0.2065, 4), high: 1 });
  });

  it('has no interval without cases and refuses shares outside 0..1', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(1.2, 5)).toThrow(RangeError);
    expect(() => wilsonInterval(0.5, 2.5)).toThrow(RangeError);
  });
});

describe('the cross-agency ranking', () => {
  // Every weight 1 (five components), at least 10 cases per component, coverage at least 0.4.
  const ranking = rankAgencies([
    agency('dinas-pupr', { permits: of(40, 50), complaints: of(18, 20), backlog: of(45, 50), satisfaction: { share: 0.8, cases: 100 }, training: of(30, 40) }),
    agency('disdukcapil', { permits: of(60, 100), backlog: of(60, 100) }), // permits only: 2 of 5 weights, ranked
    agency('dinkes', { satisfaction: { share: 1, cases: 200 } }), // one component of five: coverage 0.2
    agency('bkpsdm', { permits: of(9, 9), complaints: of(5, 5), backlog: of(9, 9) }), // 100% on too few cases
    agency('kecamatan-ilir-barat-i', {}),
  ]);
  const entry = (agencyId: string) => ranking.find((item) => item.agencyId === agencyId)!;

  it('ranks the agencies with enough data by score, the others follow unranked by agency id', () => {
    expect(ranking.map((item) => [item.rank, item.agencyId, item.status])).toEqual([
      [1, 'dinas-pupr', 'ranked'],
      [2, 'disdukcapil', 'ranked'],
      [null, 'bkpsdm', 'insufficient-data'],
      [null, 'dinkes', 'insufficient-data'],
      [null, 'kecamatan-ilir-barat-i', 'insufficient-data'],
    ]);
  });

  it('scores the weighted mean of the scored components, with the same mean of their intervals', () => {
    // (0.8 + 0.9 + 0.9 + 0.8 + 0.75) / 5 = 0.83
    expect(entry('dinas-pupr').score).toBeCloseTo(0.83, 12);
    expect(entry('dinas-pupr').coverage).toBe(1);
    const bounds = [wilsonInterval(0.8, 50)!, wilsonInterval(0.9, 20)!, wilsonInterval(0.9, 50)!, wilsonInterval(0.8, 100)!, wilsonInterval(0.75, 40)!];
    expect(entry('dinas-pupr').scoreInterval!.low).toBeCloseTo(bounds.reduce((sum, bound) => sum + bound.low, 0) / 5, 12);
    expect(entry('dinas-pupr').scoreInterval!.high).toBeCloseTo(bounds.reduce((sum, bound) => sum + bound.high, 0) / 5, 12);
    expect(entry('dinas-pupr').details.complaints).toEqual({ status: 'scored', share: 0.9, cases: 20, interval: wilsonInterval(0.9, 20) });
  });

  it('re-weights a missing component away and says so: no permits service is neither reward nor penalty', () => {
    // (0.6 + 0.6) / 2 = 0.6 over 2 of 5 weights.
    expect(entry('disdukcapil')).toMatchObject({ score: 0.6, coverage: 0.4, components: { permits: 0.6, backlog: 0.6, complaints: null, satisfaction: null, training: null } });
    expect(entry('disdukcapil').details.complaints).toEqual({ status: 'no-cases', share: null, cases: 0, interval: null });
  });

  it('does not rank one component of five at 100%: coverage 0.2 is below the minimum 0.4', () => {
    expect(entry('dinkes')).toMatchObject({ rank: null, score: null, scoreInterval: null, coverage: 0.2, reason: 'coverage 0.2 is below the minimum 0.4' });
    expect(entry('dinkes').details.satisfaction).toMatchObject({ status: 'scored', share: 1, cases: 200 });
  });

  it('lists an agency below the minimum number of cases as insufficient data, never at 100%', () => {
    expect(entry('bkpsdm')).toMatchObject({ rank: null, status: 'insufficient-data', score: null, coverage: 0, reason: 'no component has at least 10 cases', components: { permits: null } });
    // Its shares still come with their cases and interval: 9 of 9 is n / (n + z²) = 9 / 12.8415 = 70.1%..100%.
    expect(entry('bkpsdm').details.permits).toEqual({ status: 'too-few-cases', share: 1, cases: 9, interval: { low: expect.closeTo(0.70085, 4), high: 1 } });
    expect(entry('kecamatan-ilir-barat-i')).toMatchObject({ rank: null, score: null, coverage: 0, reason: 'no component has at least 10 cases' });
  });

  it('takes other rules when given', () => {
    const rules: RankingRules = { ...DEFAULT_RANKING_RULES, minimumCases: 5, minimumCoverage: 0.6, weights: { ...DEFAULT_RANKING_RULES.weights, permits: 2 } };
    // bkpsdm: 9, 5 and 9 cases now suffice; (2 x 1 + 1 + 1) / 4 = 1 over 4 of 6 weights.
    expect(scoreAgency(agency('bkpsdm', { permits: of(9, 9), complaints: of(5, 5), backlog: of(9, 9) }), rules)).toMatchObject({ status: 'ranked', score: 1, coverage: 4 / 6 });
    // disdukcapil: 3 of 6 weights is below 0.6.
    expect(scoreAgency(agency('disdukcapil', { permits: of(60, 100), backlog: of(60, 100) }), rules)).toMatchObject({ status: 'insufficient-data', coverage: 0.5 });
  });

  it('breaks exact ties by agency id and refuses duplicates, bad shares and bad rules', () => {
    const tied = rankAgencies([agency('dinkes', { permits: of(8, 10), backlog: of(8, 10) }), agency('bappeda', { permits: of(8, 10), backlog: of(8, 10) })]);
    expect(tied.map((item) => [item.rank, item.agencyId])).toEqual([[1, 'bappeda'], [2, 'dinkes']]);
    expect(() => rankAgencies([agency('dinkes', {}), agency('dinkes', {})])).toThrow(RangeError);
    expect(() => rankAgencies([agency('dinkes', { permits: { share: 1.5, cases: 10 } })])).toThrow(RangeError);
    expect(() => rankAgencies([], { ...DEFAULT_RANKING_RULES, minimumCases: 0 })).not.toThrow();
    expect(() => scoreAgency(agency('dinkes', {}), { ...DEFAULT_RANKING_RULES, minimumCases: 0 })).toThrow(RangeError);
    expect(() => scoreAgency(agency('dinkes', {}), { ...DEFAULT_RANKING_RULES, minimumCoverage: 0 })).toThrow(RangeError);
  });
});
