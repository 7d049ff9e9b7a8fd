import { SkmScores } from '@palembang/satisfaction';
import { periodRange } from '../periods/period';
import { streamOf } from '../testing/envelopes';
import { satisfactionMetrics, satisfactionMetricsOfTallies, satisfactionTallies, SurveyFacts, surveyFactsOf } from './satisfaction-metrics';

const all = (score: 1 | 2 | 3 | 4): SkmScores => ({ U1: score, U2: score, U3: score, U4: score, U5: score, U6: score, U7: score, U8: score, U9: score });

function survey(surveyId: string, agencyId: string, serviceKind: 'permit' | 'complaint', serviceCode: string, scores: SkmScores, submittedAt = '2026-08-20T10:00:00+07:00'): SurveyFacts {
  const [envelope] = streamOf(`survey-${serviceKind}-${surveyId}`, [[
    'SurveySubmitted',
    { surveyId, interaction: { kind: serviceKind, id: surveyId, agencyId, serviceCode, finishedAt: submittedAt }, scores, respondent: null, suggestion: null, submittedAt },
  ]]);
  return surveyFactsOf(envelope) as SurveyFacts;
}

/*
 * By hand. Public works (dinas-pupr), three respondents in August:
 *   R1 PBG          4 4 4 3 4 4 4 4 4   total 35
 *   R2 PBG          3 3 3 3 3 3 3 3 3   total 27
 *   R3 JALAN-RUSAK  3 2 2 2 2 2 2 2 2   total 19
 * NRR U1 = (4 + 3 + 3) / 3 = 10/3, U4 = (3 + 3 + 2) / 3 = 8/3, the other seven (4 + 3 + 2) / 3 = 3.
 * IKM = sum(NRR x 1/9) x 25 = (10/3 + 8/3 + 7 x 3) / 9 x 25 = 27 / 9 x 25 = 75.00: grade C (65.00-76.60).
 *   (the same as total x 25 / (9 x respondents) = 81 x 25 / 27 = 75)
 * PBG alone: 62 x 25 / 18 = 86.111... -> 86.11, B. JALAN-RUSAK alone: 19 x 25 / 9 = 52.777... -> 52.78, D.
 * Disdukcapil, one respondent scoring 4 everywhere: 100, A.
 * The city: (81 + 36) x 25 / (9 x 4) = 81.25, B.
 */
const surveys = [
  survey('R1', 'dinas-pupr', 'permit', 'PBG', { ...all(4), U4: 3 }),
  survey('R2', 'dinas-pupr', 'permit', 'PBG', all(3)),
  survey('R3', 'dinas-pupr', 'complaint', 'JALAN-RUSAK', { ...all(2), U1: 3 }),
  survey('R4', 'disdukcapil', 'complaint', 'ADMINDUK', all(4)),
  survey('R5', 'dinas-pupr', 'permit', 'PBG', all(1), '2026-09-01T00:00:00+07:00'),
];

describe('satisfaction (IKM) in August 2026', () => {
  const figures = satisfactionMetrics(surveys, periodRange('2026-08'));
  const publicWorks = figures.agencies.find((agency) => agency.agencyId === 'dinas-pupr');

  it('pools an agency\'s respondents into its IKM, grade and nine NRRs', () => {
    expect(publicWorks?.ikm).toMatchObject({ status: 'measured', respondents: 3, ikm: 75, grade: 'C', quality: 'Kurang Baik' });
    expect(publicWorks?.ikm.ikmUnrounded).toBeCloseTo(75, 12);
    expect(publicWorks?.ikm.nrrPerElement).toEqual({ U1: 10 / 3, U2: 3, U3: 3, U4: 8 / 3, U5: 3, U6: 3, U7: 3, U8: 3, U9: 3 });
  });

  it('gives each service of the agency its own IKM', () => {
    expect(publicWorks?.services.map((service) => [service.serviceKind, service.serviceCode, service.ikm.ikm, service.ikm.grade])).toEqual([
      ['complaint', 'JALAN-RUSAK', 52.78, 'D'],
      ['permit', 'PBG', 86.11, 'B'],
    ]);
  });

  it('gives every agency and the city an IKM, leaving out surveys of other months', () => {
    expect(figures.agencies.map((agency) => [agency.agencyId, agency.ikm.ikm, agency.ikm.grade])).toEqual([['dinas-pupr', 75, 'C'], ['disdukcapil', 100, 'A']]);
    expect(figures.city).toMatchObject({ respondents: 4, ikm: 81.25, grade: 'B' });
  });

  it('has no index, rather than NaN, without respondents', () => {
    const empty = satisfactionMetrics(surveys, periodRange('2026-07'));
    expect(empty.agencies).toEqual([]);
    expect(empty.city).toMatchObject({ status: 'no-data', ikm: null, grade: null });
  });

  it('gives the same figures from the tallies a projection keeps', () => {
    const rows = satisfactionTallies(surveys, periodRange('2026-08'));
    expect(rows).toHaveLength(3);
    expect(satisfactionMetricsOfTallies([...rows].reverse())).toEqual(figures);
  });

  it('reads only survey envelopes', () => {
    const [other] = streamOf('x', [['ComplaintSubmitted', { agencyId: 'dinas-kominfo' }]]);
    expect(surveyFactsOf(other)).toBeUndefined();
  });
});
