import { EventContracts } from '@palembang/events/core';
import { SURVEY_EVENT_TYPES, surveyEventContracts } from './survey.contracts';

describe('the survey event contracts', () => {
  it('cover every event type once, at schema version 1', () => {
    const registry = new EventContracts(surveyEventContracts);
    expect(SURVEY_EVENT_TYPES).toEqual(['SurveySubmitted']);
    for (const type of SURVEY_EVENT_TYPES) expect(registry.schemaVersionOf(type)).toBe(1);
  });

  it('declare no personal data: a survey names no person', () => {
    expect(surveyEventContracts.every((contract) => contract.personalData === undefined)).toBe(true);
  });
});
