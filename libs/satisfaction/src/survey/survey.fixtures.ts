// Shared test data of the survey specifications (not part of the public API).
import { deciderSpecification } from '@palembang/events/core';
import { SkmScores } from '../skm/skm-elements';
import { ServiceInteraction, SurveySubmitted } from './survey';
import { SubmitSurvey } from './survey.commands';
import { surveyDecider } from './survey.decide';

export const spec = deciderSpecification(surveyDecider);

export const CLOSED_AT = '2026-09-07T14:00:00+07:00';
export const NOW = '2026-09-08T10:15:00+07:00';

/** A pothole complaint closed by the public works agency. */
export const complaint: ServiceInteraction = {
  kind: 'complaint',
  id: '3f1f6a52-8f0e-4c47-9d6b-2f1f0b9a7c11',
  agencyId: 'dinas-pupr',
  serviceCode: 'jalan-rusak',
  finishedAt: CLOSED_AT,
};

export const scores: SkmScores = { U1: 4, U2: 3, U3: 3, U4: 4, U5: 3, U6: 4, U7: 4, U8: 3, U9: 2 };

type SubmitData = SubmitSurvey['data'];

/** SubmitSurvey as the portal sends it, at NOW, with `overrides` (which may be malformed, as JSON input can be). */
export function submit(overrides: { [Key in keyof SubmitData]?: unknown } = {}, now = NOW): SubmitSurvey {
  const data = { surveyId: 'survey-1', interaction: complaint, scores, ...overrides } as SubmitData;
  return { type: 'SubmitSurvey', data, metadata: { now, agencyId: 'diskominfo', actor: 'portal', correlationId: 'corr-1' } };
}

export function submitted(data: Partial<SurveySubmitted['data']> = {}): SurveySubmitted {
  return {
    type: 'SurveySubmitted',
    data: { surveyId: 'survey-1', interaction: complaint, scores, respondent: null, suggestion: null, submittedAt: NOW, ...data },
  };
}
