import { countedShare, rankAgencies } from '@palembang/accountability-domain';
import { csvOf, flatten } from './csv';
import { rankingRow } from './metrics-figures';

describe('a CSV row of the ranking', () => {
  const ranking = rankAgencies([
    { agencyId: 'bkpsdm', components: { permits: countedShare(2, 2), complaints: null, backlog: null, satisfaction: null, training: null } },
    { agencyId: 'dinas-pupr', components: { permits: countedShare(8, 10), complaints: null, backlog: countedShare(9, 10), satisfaction: null, training: null } },
  ]);

  it('has the same columns for a ranked agency and one with insufficient data, so the first row can name them', () => {
    const [ranked, unranked] = ranking.map((agency) => flatten(rankingRow('2026-11', agency) as Record<string, unknown>));
    expect(unranked.agencyId).toBe('bkpsdm');
    expect(Object.keys(unranked)).toEqual(Object.keys(ranked));
    expect(ranked).toMatchObject({ rank: 1, 'scoreInterval.low': expect.any(Number), 'details.permits.cases': 10, 'details.complaints.interval.low': null });
    expect(unranked).toMatchObject({ rank: null, status: 'insufficient-data', 'scoreInterval.low': null, 'details.permits.cases': 2, 'details.permits.status': 'too-few-cases' });
  });

  it('starts with the columns the ranking CSV has always had', () => {
    expect(csvOf(ranking.map((agency) => rankingRow('2026-11', agency))).split('\r\n')[0]).toMatch(/^period,rank,agencyId,score,coverage,components\.permits,components\.complaints,components\.backlog,/);
  });
});
