import { EventContracts, foldEvents } from '@palembang/events/core';
import { cohortDecider } from './cohort/cohort.decide';
import { sampleNip, trainingCommand } from './fixtures/training.fixtures';
import { CohortEvent } from './cohort/cohort';
import { InternPlaced } from './partners/internship';
import {
  CIVIL_SERVANT_PERSONAL_FIELDS, STUDENT_PERSONAL_FIELDS, subjectOfCivilServant, subjectOfStudent, TRAINING_EVENT_TYPES, TRAINING_PERSONAL_DATA_SUBJECTS, trainingEventContracts,
} from './training.contracts';
import * as api from './index';

describe('the training event contracts', () => {
  it('cover every event type once, at schema version 1', () => {
    const registry = new EventContracts(trainingEventContracts);
    expect(TRAINING_EVENT_TYPES).toHaveLength(28);
    for (const type of TRAINING_EVENT_TYPES) expect(registry.schemaVersionOf(type)).toBe(1);
  });

  it("seal a civil servant's name per NIP when enrolled or waitlisted, and a student's name per student", () => {
    const registry = new EventContracts(trainingEventContracts);
    const enrolled = { nip: sampleNip(1), name: 'Ahmad Fauzi' };
    for (const type of ['ParticipantEnrolled', 'ParticipantWaitlisted', 'CivilServantRegistered']) {
      const contract = registry.get(type);
      expect(contract?.personalData?.fields).toEqual(CIVIL_SERVANT_PERSONAL_FIELDS);
      expect(contract?.personalData?.subjectId(enrolled)).toBe(`civil-servant:${sampleNip(1)}`);
    }
    const internship = registry.get('InternPlaced');
    expect(internship?.personalData?.fields).toEqual(STUDENT_PERSONAL_FIELDS);
    expect(internship?.personalData?.subjectId({ studentId: '062130701234' } as InternPlaced['data'])).toBe(subjectOfStudent('062130701234'));
    expect(subjectOfCivilServant('x')).toMatch(new RegExp(`^${TRAINING_PERSONAL_DATA_SUBJECTS.civilServant}`));
  });

  it('carry no personal data in any other event', () => {
    const others = trainingEventContracts.filter((contract) => !['ParticipantEnrolled', 'ParticipantWaitlisted', 'InternPlaced', 'CivilServantRegistered'].includes(contract.type));
    expect(others.every((contract) => contract.personalData === undefined)).toBe(true);
  });

  it("keep no civil servant's name in the cohort state", () => {
    const decider = cohortDecider();
    const scheduled = decider.decide(
      trainingCommand('ScheduleCohort', { cohortId: 'c', programId: 'p', programJp: 8, startsOn: '2026-03-02', endsOn: '2026-03-02', capacity: 1, sessions: [{ sessionId: 's', date: '2026-03-02' }] }, '2026-02-01T09:00:00+07:00', 'bkpsdm'),
      decider.initialState(),
    ) as CohortEvent[];
    const enrolled = decider.decide(
      trainingCommand('Enrol', { cohortId: 'c', enrolmentId: 'e', nip: sampleNip(1), agencyId: 'dpmptsp', name: 'Ahmad Fauzi' }, '2026-02-01T09:00:00+07:00', 'dpmptsp'),
      foldEvents(decider, scheduled),
    ) as CohortEvent[];
    expect(JSON.stringify(foldEvents(decider, [...scheduled, ...enrolled]))).not.toContain('Ahmad');
  });
});

describe('the public API', () => {
  it('exports the deciders, helpers, contracts and fixtures', () => {
    for (const name of [
      'programDecider', 'cohortDecider', 'civilServantDecider', 'developmentDecider', 'partnerDecider', 'internshipDecider', 'researchDecider', 'trainingRecommendationDecider',
      'developmentRecordOf', 'creditFromXapiCredit', 'programsFor', 'recommendationFor', 'creditFromCompletion', 'creditFromXapiStatement', 'agreementOf',
      'trainingEventContracts', 'servicePerformanceBelowStandardContract', 'palembangTrainingCatalogue', 'palembangPartners', 'jakartaYearOf',
    ]) {
      expect(typeof (api as Record<string, unknown>)[name]).not.toBe('undefined');
    }
  });
});
