import { defineContract, EventContract } from '@palembang/events/core';
import { SurveyEvent, SurveySubmitted } from './survey';

/**
 * One contract per event type; a new event type without a contract breaks the build here.
 *
 * Surveys carry no personal data (UU 27/2022): no NIK, name, contact or citizen
 * account id, only the rated interaction, the scores and an optional profile of
 * enumerated values (age group, gender, education, occupation), so there is no
 * personal-data subject and nothing to seal. The free-text suggestion is the one
 * place a respondent could type something personal; the portal asks them not to.
 */
const contracts: { readonly [Type in SurveyEvent['type']]: EventContract } = {
  SurveySubmitted: defineContract<SurveySubmitted>({ type: 'SurveySubmitted', schemaVersion: 1 }),
};

/** Every event contract of the satisfaction surveys, for the owning service's contract registry. */
export const surveyEventContracts: readonly EventContract[] = Object.values(contracts);

export const SURVEY_EVENT_TYPES = Object.keys(contracts) as readonly SurveyEvent['type'][];
