import { assertNever, Event } from '@palembang/events/core';
import { RespondentProfile } from '../skm/respondent-profile';
import { SkmScores } from '../skm/skm-elements';

/** The finished service interactions a survey may be about. */
export const INTERACTION_KINDS = ['complaint', 'permit'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

/** The finished service interaction the survey rates. */
export type ServiceInteraction = Readonly<{
  kind: InteractionKind;
  /** The complaintId or applicationId. */
  id: string;
  /** The agency that delivered the service: the unit the IKM is measured for. */
  agencyId: string;
  /** The complaint category or the permit type code: the service (jenis pelayanan) rated. */
  serviceCode: string;
  /** When the complaint was closed or the permit decided, ISO 8601 with offset. */
  finishedAt: string;
}>;

/**
 * The citizen's proof of a finished interaction is its tracking code: a permit
 * application's `PLG-...`, a complaint's `LPR-...`. Undefined for anything else.
 */
export function interactionKindOfTrackingCode(trackingCode: string): InteractionKind | undefined {
  if (/^PLG-[A-Z0-9]{4,36}$/.test(trackingCode)) return 'permit';
  if (/^LPR-[A-Z0-9]{4,36}$/.test(trackingCode)) return 'complaint';
  return undefined;
}

/** One survey per interaction, so the interaction names the stream: `survey-complaint-<id>`, `survey-permit-<id>`. */
export const surveyStreamIdOf = (interaction: Pick<ServiceInteraction, 'kind' | 'id'>): string => `survey-${interaction.kind}-${interaction.id}`;

export type SurveySubmitted = Event<'SurveySubmitted', {
  surveyId: string;
  interaction: ServiceInteraction;
  scores: SkmScores;
  /** The optional SKM respondent profile, enumerated values only; null when none was given. */
  respondent: RespondentProfile | null;
  suggestion: string | null;
  submittedAt: string;
}>;

export type SurveyEvent = SurveySubmitted;

export type Survey =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'submitted'; surveyId: string; interaction: ServiceInteraction; scores: SkmScores; submittedAt: string }>;

export type SurveyStatus = Survey['status'];

export const initialSurvey = (): Survey => ({ status: 'absent' });

/** Folds one event into the state. Events are facts: one the state does not expect leaves it unchanged. */
export function evolveSurvey(state: Survey, event: SurveyEvent): Survey {
  switch (event.type) {
    case 'SurveySubmitted': {
      if (state.status !== 'absent') return state;
      const { surveyId, interaction, scores, submittedAt } = event.data;
      return { status: 'submitted', surveyId, interaction, scores, submittedAt };
    }
    default:
      return assertNever(event.type);
  }
}
