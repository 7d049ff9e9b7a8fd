import { deciderSpecification, foldEvents } from '@palembang/events/core';
import { trainingCommand } from '../fixtures/training.fixtures';
import { AgreementTerms } from './partner';
import { ProposeResearch, ResearchEvent, researchDecider } from './research';

const decider = researchDecider();
const spec = deciderSpecification(decider);
const AGREEMENT: AgreementTerms = { agreementId: 'pks-unsri-2026', partnerId: 'unsri', scope: ['internship', 'research'], validFrom: '2026-01-01', validUntil: '2028-12-31', terminatedOn: null };
const NOW = '2026-02-10T09:00:00+07:00';
const AGENCY = 'dpmptsp';
const ref = { projectId: 'rsc-ikm-dpmptsp-2026', agencyId: AGENCY, partnerId: 'unsri' };
const projectId = ref.projectId;
const propose = (overrides: Partial<ProposeResearch['data']> = {}, agency = 'bkpsdm', now = NOW) =>
  trainingCommand('ProposeResearch', { projectId, partnerId: 'unsri', agreementId: AGREEMENT.agreementId, agreement: AGREEMENT, agencyId: AGENCY, title: 'Survei Kepuasan Layanan Perizinan 2026', kind: 'satisfaction-study', ...overrides }, now, agency);
const proposed: ResearchEvent = { type: 'ResearchProposed', data: { ...ref, agreementId: AGREEMENT.agreementId, title: 'Survei Kepuasan Layanan Perizinan 2026', kind: 'satisfaction-study', proposedAt: NOW } };
const JUN = '2026-06-30T10:00:00+07:00';
const findings: ResearchEvent = { type: 'ResearchFindingsRecorded', data: { ...ref, summary: 'IKM 78,4 (B); unsur waktu pelayanan terendah.', recordedAt: JUN } };
const added = (id: string): ResearchEvent => ({ type: 'RecommendationAdded', data: { ...ref, recommendationId: id, text: `Rekomendasi ${id}`, addedAt: JUN } });
const reported = [proposed, findings, added('r1'), added('r2')];
const answer = (type: 'AcceptRecommendation' | 'RejectRecommendation' | 'MarkRecommendationImplemented', recommendationId: string, agency = AGENCY, extra: object = {}) =>
  trainingCommand(type, { projectId, recommendationId, reason: 'Anggaran tidak tersedia', ...extra } as never, JUN, agency);

describe('a research project', () => {
  it('is proposed by the agency studied or BKPSDM under an agreement covering research, in force today', () => {
    spec.given([]).when(propose()).then([proposed]);
    spec.given([]).when(propose({}, AGENCY)).then([proposed]);
    spec.given([]).when(propose({}, 'dinas-kominfo')).thenRejects('RESEARCH.FORBIDDEN');
    spec.given([]).when(propose({ agreement: { ...AGREEMENT, scope: ['internship'] } })).thenRejects('RESEARCH.AGREEMENT_NOT_VALID');
    spec.given([]).when(propose({ agreement: { ...AGREEMENT, terminatedOn: '2026-02-01' } })).thenRejects('RESEARCH.AGREEMENT_NOT_VALID');
    spec.given([]).when(propose({}, 'bkpsdm', '2029-01-02T09:00:00+07:00')).thenRejects('RESEARCH.AGREEMENT_NOT_VALID');
    spec.given([]).when(propose({ agreement: null })).thenRejects('RESEARCH.INVALID_INPUT');
    spec.given([]).when(propose({ title: '' })).thenRejects('RESEARCH.INVALID_INPUT');
    spec.given([]).when(propose({ kind: 'gossip' as never })).thenRejects('RESEARCH.INVALID_INPUT');
    spec.given([proposed]).when(propose()).thenRejects('RESEARCH.ALREADY_EXISTS');
  });

  it('records its findings once, before recommendations are added', () => {
    const record = (summary = findings.data.summary as string, agency = 'bkpsdm') => trainingCommand('RecordFindings', { projectId, summary }, JUN, agency);
    spec.given([]).when(record()).thenRejects('RESEARCH.NOT_FOUND');
    spec.given([proposed]).when(record()).then([findings]);
    spec.given([proposed]).when(record(' ')).thenRejects('RESEARCH.INVALID_INPUT');
    spec.given([proposed]).when(record(undefined, 'dinas-kominfo')).thenRejects('RESEARCH.FORBIDDEN');
    spec.given([proposed, findings]).when(record()).thenRejects('RESEARCH.INVALID_TRANSITION');
    spec.given([proposed]).when(trainingCommand('AddRecommendation', { projectId, recommendationId: 'r1', text: 'x' }, JUN, 'bkpsdm')).thenRejects('RESEARCH.INVALID_TRANSITION');
  });

  it('takes each recommendation once, with a text', () => {
    const add = (recommendationId: string, text = `Rekomendasi ${recommendationId}`) => trainingCommand('AddRecommendation', { projectId, recommendationId, text }, JUN, 'bkpsdm');
    spec.given([proposed, findings]).when(add('r1')).then([added('r1')]);
    spec.given(reported).when(add('r1')).thenRejects('RESEARCH.RECOMMENDATION_EXISTS');
    spec.given(reported).when(add('r3', '')).thenRejects('RESEARCH.INVALID_INPUT');
  });
});

describe('the answers of the agency to the recommendations', () => {
  const accepted: ResearchEvent = { type: 'RecommendationAccepted', data: { ...ref, recommendationId: 'r1', acceptedAt: JUN } };

  it('accept or reject an open recommendation, a rejection with its reason', () => {
    spec.given(reported).when(answer('AcceptRecommendation', 'r1')).then([accepted]);
    spec.given(reported).when(answer('RejectRecommendation', 'r2')).then([{ type: 'RecommendationRejected', data: { ...ref, recommendationId: 'r2', reason: 'Anggaran tidak tersedia', rejectedAt: JUN } }]);
    spec.given(reported).when(answer('RejectRecommendation', 'r2', AGENCY, { reason: ' ' })).thenRejects('RESEARCH.INVALID_INPUT');
  });

  it('mark implemented only what was accepted', () => {
    spec.given(reported).when(answer('MarkRecommendationImplemented', 'r1')).thenRejects('RESEARCH.RECOMMENDATION_ANSWERED');
    spec.given([...reported, accepted]).when(answer('MarkRecommendationImplemented', 'r1', AGENCY, { note: 'SOP baru berlaku 1 Juli' })).then([
      { type: 'RecommendationImplemented', data: { ...ref, recommendationId: 'r1', note: 'SOP baru berlaku 1 Juli', implementedAt: JUN } },
    ]);
    spec.given([...reported, accepted]).when(answer('MarkRecommendationImplemented', 'r1', AGENCY, { note: null })).then([
      { type: 'RecommendationImplemented', data: { ...ref, recommendationId: 'r1', note: null, implementedAt: JUN } },
    ]);
  });

  it('answer each recommendation once', () => {
    spec.given([...reported, accepted]).when(answer('AcceptRecommendation', 'r1')).thenRejects('RESEARCH.RECOMMENDATION_ANSWERED');
    spec.given([...reported, accepted]).when(answer('RejectRecommendation', 'r1')).thenRejects('RESEARCH.RECOMMENDATION_ANSWERED');
    const state = foldEvents(decider, [...reported, accepted]);
    expect(state.status === 'reported' && state.recommendations).toEqual({ r1: 'accepted', r2: 'open' });
  });

  it('come from the agency studied only, about recommendations that exist, once findings are in', () => {
    spec.given(reported).when(answer('AcceptRecommendation', 'r1', 'bkpsdm')).thenRejects('RESEARCH.FORBIDDEN');
    spec.given(reported).when(answer('AcceptRecommendation', 'r9')).thenRejects('RESEARCH.RECOMMENDATION.NOT_FOUND');
    spec.given([proposed]).when(answer('AcceptRecommendation', 'r1')).thenRejects('RESEARCH.INVALID_TRANSITION');
  });
});
