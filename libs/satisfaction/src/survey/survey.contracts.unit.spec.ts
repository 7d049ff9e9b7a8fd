import { contractsAsTable, declaredIn, EventContractTable, EventContracts, EveryFieldListed } from '@palembang/events/core';
import { SurveyEvent } from './survey';
import { SURVEY_EVENT_TYPES, surveyEventContracts } from './survey.contracts';

/**
 * The survey events as accountability reads them off `complaints.events`, written out here rather
 * than taken from the contracts: a contract or an event's fields changed without this table fails.
 */
const SURVEY_EVENTS = {
  SurveySubmitted: { schemaVersion: 1, fields: ['surveyId', 'interaction', 'scores', 'respondent', 'suggestion', 'submittedAt'], personal: [] },
} as const satisfies EventContractTable<SurveyEvent>;

/** Compile-time: every data field of the survey event is in the table above. */
const everyFieldListed: EveryFieldListed<SurveyEvent, typeof SURVEY_EVENTS> = true;

describe('the survey event contracts', () => {
  it('declare exactly the event types, schema versions and personal fields written out above, each type once', () => {
    expect(everyFieldListed).toBe(true);
    expect(contractsAsTable(surveyEventContracts)).toEqual(declaredIn(SURVEY_EVENTS));
    expect(SURVEY_EVENT_TYPES).toEqual(['SurveySubmitted']);
    const registry = new EventContracts(surveyEventContracts);
    expect(registry.schemaVersionOf('SurveySubmitted')).toBe(1);
  });

  it('declare no personal data: a survey names no person', () => {
    expect(surveyEventContracts).toHaveLength(1);
    expect(surveyEventContracts.every((contract) => contract.personalData === undefined)).toBe(true);
  });
});
