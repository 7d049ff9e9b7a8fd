import { foldEvents } from '@palembang/events/core';
import { surveyDecider } from './survey.decide';
import { interactionKindOfTrackingCode, surveyStreamIdOf } from './survey';
import { complaint, NOW, scores, spec, submit, submitted } from './survey.fixtures';

const rejectionOf = (command: ReturnType<typeof submit>) => surveyDecider.decide(command, surveyDecider.initialState());

describe('a finished interaction not yet rated', () => {
  it('takes one survey: the interaction, the nine scores and the time it was submitted', () => {
    spec.given([]).when(submit()).then([submitted()]);
  });

  it('records the optional respondent profile, a missing field as null, and the suggestion trimmed', () => {
    spec
      .given([])
      .when(submit({ respondent: { ageGroup: '30-39', gender: 'P' }, suggestion: '  Mohon jalan di Jl. Kapten Rivai diperbaiki lebih cepat.  ' }))
      .then([submitted({ respondent: { ageGroup: '30-39', gender: 'P', education: null, occupation: null }, suggestion: 'Mohon jalan di Jl. Kapten Rivai diperbaiki lebih cepat.' })]);
  });

  it('records no profile and no suggestion when they are empty', () => {
    spec.given([]).when(submit({ respondent: {}, suggestion: '   ' })).then([submitted()]);
    spec.given([]).when(submit({ respondent: { gender: null }, suggestion: null })).then([submitted()]);
  });

  it('keeps only the interaction fields and the nine scores, in element order', () => {
    const interaction = { ...complaint, citizenName: 'Siti' };
    const reordered = { U9: 2, U8: 3, U7: 4, U6: 4, U5: 3, U4: 4, U3: 3, U2: 3, U1: 4 };
    spec.given([]).when(submit({ interaction, scores: reordered })).then([submitted()]);
  });

  it('may be rated at the very moment it finished, and a permit too', () => {
    const permit = { kind: 'permit', id: 'app-sip-1', agencyId: 'dinas-kesehatan', serviceCode: 'SIP-DOKTER', finishedAt: '2026-09-08T03:15:00Z' };
    spec.given([]).when(submit({ interaction: permit })).then([submitted({ interaction: permit as typeof complaint })]);
  });
});

describe('a survey sent by a client of the rated agency', () => {
  it('is refused: an agency cannot rate its own service, rated or not', () => {
    const byRatedAgency = (overrides = {}) => ({ ...submit(overrides), metadata: { ...submit().metadata, agencyId: complaint.agencyId } });
    spec.given([]).when(byRatedAgency()).thenRejects('SURVEY.FORBIDDEN');
    spec.given([submitted()]).when(byRatedAgency()).thenRejects('SURVEY.FORBIDDEN');
  });
});

describe('the proof a citizen brings', () => {
  it('names a permit application by PLG-, a complaint by LPR-, and nothing else', () => {
    expect(interactionKindOfTrackingCode('PLG-3467934679')).toBe('permit');
    expect(interactionKindOfTrackingCode('LPR-7KQ2M9XH4C')).toBe('complaint');
    expect(interactionKindOfTrackingCode('plg-3467934679')).toBeUndefined();
    expect(interactionKindOfTrackingCode('3f1f6a52-8f0e-4c47-9d6b-2f1f0b9a7c11')).toBeUndefined();
  });
});

describe('a rated interaction', () => {
  it('takes no second survey, whatever its id', () => {
    spec.given([submitted()]).when(submit()).thenRejects('SURVEY.ALREADY_SUBMITTED');
    spec.given([submitted()]).when(submit({ surveyId: 'survey-2' })).thenRejects('SURVEY.ALREADY_SUBMITTED');
  });

  it('is remembered with its survey id and scores', () => {
    expect(foldEvents(surveyDecider, [submitted()])).toEqual({ status: 'submitted', surveyId: 'survey-1', interaction: complaint, scores, submittedAt: NOW });
  });
});

describe('a survey with bad input', () => {
  it.each([
    ['scores.U3', 'missing', { ...scores, U3: undefined }],
    ['scores.U3', 'zero', { ...scores, U3: 0 }],
    ['scores.U3', 'five', { ...scores, U3: 5 }],
    ['scores.U3', 'not whole', { ...scores, U3: 2.5 }],
    ['scores.U3', 'text', { ...scores, U3: '3' }],
    ['scores.U9', 'NaN', { ...scores, U9: Number.NaN }],
    ['scores.U10', 'an unknown element', { ...scores, U10: 3 }],
    ['scores', 'no scores at all', null],
  ])('is refused at %s: %s', (field, _case, bad) => {
    expect(rejectionOf(submit({ scores: bad }))).toMatchObject({ rejected: true, code: 'SURVEY.INVALID_INPUT', field });
  });

  it.each([
    ['surveyId', { surveyId: ' ' }],
    ['interaction', { interaction: null }],
    ['interaction.kind', { interaction: { ...complaint, kind: 'training' } }],
    ['interaction.id', { interaction: { ...complaint, id: '' } }],
    ['interaction.agencyId', { interaction: { ...complaint, agencyId: 'Dinas PUPR' } }],
    ['interaction.serviceCode', { interaction: { ...complaint, serviceCode: '  ' } }],
    ['interaction.finishedAt', { interaction: { ...complaint, finishedAt: '7 September 2026' } }],
    ['interaction.finishedAt', { interaction: { ...complaint, finishedAt: '2026-09-07T14:00:00' } }],
    ['interaction.finishedAt', { interaction: { ...complaint, finishedAt: '2026-02-30T14:00:00+07:00' } }],
    ['respondent', { respondent: 'P' }],
    ['respondent.gender', { respondent: { gender: 'X' } }],
    ['respondent.ageGroup', { respondent: { ageGroup: '35' } }],
    ['respondent.education', { respondent: { education: 'sarjana' } }],
    ['respondent.occupation', { respondent: { occupation: 'presiden' } }],
    ['respondent.name', { respondent: { gender: 'L', name: 'Budi Santoso' } }],
    ['respondent.phone', { respondent: { phone: '0812-7300-1234' } }],
    ['respondent.toString', { respondent: { toString: 'x' } }],
    ['suggestion', { suggestion: 42 }],
    ['suggestion', { suggestion: 'a'.repeat(1001) }],
  ])('is refused at %s', (field, overrides) => {
    expect(rejectionOf(submit(overrides))).toMatchObject({ rejected: true, code: 'SURVEY.INVALID_INPUT', field });
  });

  it('is refused for an interaction that finishes after the survey arrives', () => {
    const later = { ...complaint, finishedAt: '2026-09-08T10:15:01+07:00' };
    expect(rejectionOf(submit({ interaction: later }))).toMatchObject({ code: 'SURVEY.INVALID_INPUT', field: 'interaction.finishedAt' });
    // Offsets are compared as instants: 03:15:01Z is 10:15:01 in Jakarta.
    expect(rejectionOf(submit({ interaction: { ...complaint, finishedAt: '2026-09-08T03:15:01Z' } }))).toMatchObject({ field: 'interaction.finishedAt' });
  });

  it('accepts a suggestion of exactly 1000 characters, counting an emoji as one', () => {
    spec.given([]).when(submit({ suggestion: 'a'.repeat(1000) })).then([submitted({ suggestion: 'a'.repeat(1000) })]);
    const emoji = '👍'.repeat(1000);
    spec.given([]).when(submit({ suggestion: emoji })).then([submitted({ suggestion: emoji })]);
  });
});

describe('the survey stream', () => {
  it('is named after the interaction, so one interaction has one survey', () => {
    expect(surveyStreamIdOf(complaint)).toBe('survey-complaint-3f1f6a52-8f0e-4c47-9d6b-2f1f0b9a7c11');
    expect(surveyStreamIdOf({ kind: 'permit', id: 'app-sip-1' })).toBe('survey-permit-app-sip-1');
  });
});
