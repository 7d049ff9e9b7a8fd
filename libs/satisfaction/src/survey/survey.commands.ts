import { Command } from '@palembang/events/core';
import { RespondentProfileInput } from '../skm/respondent-profile';
import { SkmScores } from '../skm/skm-elements';
import { ServiceInteraction } from './survey';

/**
 * A citizen rates a finished complaint or permit application, sent by the citizen portal.
 * The calling service finds the interaction from the citizen's proof, the tracking code of
 * the finished case, in its own records. `metadata.agencyId` is the sending client's agency:
 * the rated agency cannot rate itself.
 */
export type SubmitSurvey = Command<'SubmitSurvey', {
  surveyId: string;
  interaction: ServiceInteraction;
  /** The nine element scores, each an integer 1-4. */
  scores: SkmScores;
  /** Optional SKM respondent profile: enumerated values, never names or contact details. */
  respondent?: RespondentProfileInput | null;
  /** At most 1000 characters. */
  suggestion?: string | null;
}>;

export type SurveyCommand = SubmitSurvey;

export const MAX_SUGGESTION_LENGTH = 1000;

/**
 * Rejection codes of the survey, with the HTTP status they suggest:
 * ALREADY_SUBMITTED 409; INVALID_INPUT 400 (with `field`, such as `scores.U3`);
 * FORBIDDEN 403 (a client of the rated agency rating its own service).
 */
export const SurveyRejectionCodes = {
  ALREADY_SUBMITTED: 'SURVEY.ALREADY_SUBMITTED',
  FORBIDDEN: 'SURVEY.FORBIDDEN',
  INVALID_INPUT: 'SURVEY.INVALID_INPUT',
} as const;

export type SurveyRejectionCode = (typeof SurveyRejectionCodes)[keyof typeof SurveyRejectionCodes];
