import { contractsAsTable, declaredIn, EventContractTable, EventContracts, EveryFieldListed, foldEvents } from '@palembang/events/core';
import { cohortDecider } from './cohort/cohort.decide';
import { sampleNip, trainingCommand } from './fixtures/training.fixtures';
import { CohortEvent } from './cohort/cohort';
import { InternPlaced } from './partners/internship';
import { subjectOfCivilServant, subjectOfStudent, TRAINING_EVENT_TYPES, TRAINING_PERSONAL_DATA_SUBJECTS, trainingEventContracts, TrainingEvent } from './training.contracts';
import * as api from './index';

const PROGRAM = ['programId', 'agencyId'] as const;
const PROGRAM_DETAILS = ['code', 'title', 'competencyArea', 'jp', 'deliveryMode', 'provider', 'description', 'xapiActivityIds'] as const;
const COHORT = ['cohortId', 'agencyId', 'programId'] as const;
const PARTICIPANT = ['enrolmentId', 'nip', 'employerAgencyId'] as const;
const CREDIT = ['nip', 'year', 'agencyId', 'source', 'programId', 'jp', 'reference'] as const;
const PARTNER = ['partnerId', 'agencyId'] as const;
const INTERNSHIP = ['internshipId', 'agencyId', 'partnerId'] as const;
const RESEARCH = ['projectId', 'agencyId', 'partnerId'] as const;

/**
 * The training events as other contexts read them off `training.events`, written out here rather
 * than taken from the contracts: a contract or an event's fields changed without this table fails.
 */
const TRAINING_EVENTS = {
  ProgramCreated: { schemaVersion: 1, fields: [...PROGRAM, ...PROGRAM_DETAILS, 'createdAt'], personal: [] },
  ProgramUpdated: { schemaVersion: 1, fields: [...PROGRAM, ...PROGRAM_DETAILS, 'changed', 'updatedAt'], personal: [] },
  ProgramRetired: { schemaVersion: 1, fields: [...PROGRAM, 'reason', 'retiredAt'], personal: [] },
  CohortScheduled: { schemaVersion: 1, fields: [...COHORT, 'programJp', 'startsOn', 'endsOn', 'capacity', 'sessions', 'scheduledAt'], personal: [] },
  ParticipantEnrolled: { schemaVersion: 1, fields: [...COHORT, ...PARTICIPANT, 'name', 'enrolledAt'], personal: ['name'] },
  ParticipantWaitlisted: { schemaVersion: 1, fields: [...COHORT, ...PARTICIPANT, 'name', 'position', 'waitlistedAt'], personal: ['name'] },
  EnrolmentWithdrawn: { schemaVersion: 1, fields: [...COHORT, ...PARTICIPANT, 'seatFreed', 'reason', 'withdrawnAt'], personal: [] },
  EnrolmentPromoted: { schemaVersion: 1, fields: [...COHORT, ...PARTICIPANT, 'promotedAt'], personal: [] },
  AttendanceRecorded: { schemaVersion: 1, fields: [...COHORT, 'sessionId', 'sessionDate', 'presentNips', 'absentNips', 'recordedAt'], personal: [] },
  ParticipantCompleted: { schemaVersion: 1, fields: [...COHORT, ...PARTICIPANT, 'score', 'passed', 'certificateNumber', 'jp', 'year', 'completedAt'], personal: [] },
  CohortCancelled: { schemaVersion: 1, fields: [...COHORT, 'reason', 'cancelledAt'], personal: [] },
  JpCredited: { schemaVersion: 1, fields: [...CREDIT, 'creditedAt', 'recordedAt'], personal: [] },
  JpCreditRevoked: { schemaVersion: 1, fields: [...CREDIT, 'reason', 'revokedAt'], personal: [] },
  PartnerRegistered: { schemaVersion: 1, fields: [...PARTNER, 'name', 'kind', 'registeredAt'], personal: [] },
  AgreementSigned: { schemaVersion: 1, fields: [...PARTNER, 'agreementId', 'scope', 'validFrom', 'validUntil', 'signedAt'], personal: [] },
  AgreementTerminated: { schemaVersion: 1, fields: [...PARTNER, 'agreementId', 'reason', 'terminatedOn', 'terminatedAt'], personal: [] },
  InternPlaced: { schemaVersion: 1, fields: [...INTERNSHIP, 'agreementId', 'studentId', 'studentName', 'supervisorNip', 'startsOn', 'endsOn', 'placedAt'], personal: ['studentName'] },
  InternshipEvaluated: { schemaVersion: 1, fields: [...INTERNSHIP, 'score', 'remarks', 'evaluatedAt'], personal: [] },
  InternshipCompleted: { schemaVersion: 1, fields: [...INTERNSHIP, 'score', 'completedAt'], personal: [] },
  ResearchProposed: { schemaVersion: 1, fields: [...RESEARCH, 'agreementId', 'title', 'kind', 'proposedAt'], personal: [] },
  ResearchFindingsRecorded: { schemaVersion: 1, fields: [...RESEARCH, 'summary', 'recordedAt'], personal: [] },
  RecommendationAdded: { schemaVersion: 1, fields: [...RESEARCH, 'recommendationId', 'text', 'addedAt'], personal: [] },
  RecommendationAccepted: { schemaVersion: 1, fields: [...RESEARCH, 'recommendationId', 'acceptedAt'], personal: [] },
  RecommendationRejected: { schemaVersion: 1, fields: [...RESEARCH, 'recommendationId', 'reason', 'rejectedAt'], personal: [] },
  RecommendationImplemented: { schemaVersion: 1, fields: [...RESEARCH, 'recommendationId', 'note', 'implementedAt'], personal: [] },
  TargetedProgramsRecommended: { schemaVersion: 1, fields: ['alertId', 'agencyId', 'service', 'period', 'programIds', 'recommendedAt'], personal: [] },
  CivilServantRegistered: { schemaVersion: 1, fields: ['nip', 'agencyId', 'name', 'registeredAt'], personal: ['name'] },
  CivilServantTransferred: { schemaVersion: 1, fields: ['nip', 'fromAgencyId', 'agencyId', 'transferredAt'], personal: [] },
} as const satisfies EventContractTable<TrainingEvent>;

/** Compile-time: every data field of every training event is in the table above. */
const everyFieldListed: EveryFieldListed<TrainingEvent, typeof TRAINING_EVENTS> = true;

describe('the training event contracts', () => {
  it('declare exactly the event types, schema versions and personal fields written out above, each type once', () => {
    expect(everyFieldListed).toBe(true);
    expect(contractsAsTable(trainingEventContracts)).toEqual(declaredIn(TRAINING_EVENTS));
    expect([...TRAINING_EVENT_TYPES].sort()).toEqual(Object.keys(TRAINING_EVENTS).sort());
    expect(TRAINING_EVENT_TYPES).toHaveLength(28);
    const registry = new EventContracts(trainingEventContracts);
    for (const [type, { schemaVersion }] of Object.entries(TRAINING_EVENTS)) expect(registry.schemaVersionOf(type)).toBe(schemaVersion);
  });

  it("seal a civil servant's name per NIP when enrolled or waitlisted, and a student's name per student", () => {
    const registry = new EventContracts(trainingEventContracts);
    const enrolled = { nip: sampleNip(1), name: 'Ahmad Fauzi' };
    for (const type of ['ParticipantEnrolled', 'ParticipantWaitlisted', 'CivilServantRegistered']) {
      const contract = registry.get(type);
      expect(contract?.personalData?.fields).toEqual(['name']);
      expect(contract?.personalData?.subjectId(enrolled)).toBe(`civil-servant:${sampleNip(1)}`);
    }
    const internship = registry.get('InternPlaced');
    expect(internship?.personalData?.fields).toEqual(['studentName']);
    expect(internship?.personalData?.subjectId({ studentId: '062130701234' } as InternPlaced['data'])).toBe('student:062130701234');
    expect(subjectOfStudent('062130701234')).toBe('student:062130701234');
    expect(subjectOfCivilServant('x')).toBe('civil-servant:x');
    expect(TRAINING_PERSONAL_DATA_SUBJECTS).toEqual({ civilServant: 'civil-servant:', student: 'student:', xapiAgent: 'xapi-agent:' });
  });

  it("link an enrolment to the civil servant's employer and a registration to the agency they serve at, not to the sender", () => {
    const registry = new EventContracts(trainingEventContracts);
    const enrolment = { nip: sampleNip(1), employerAgencyId: 'dinas-pupr', agencyId: 'bpsdm' };
    expect(registry.get('ParticipantEnrolled')?.personalData?.agencyId?.(enrolment)).toBe('dinas-pupr');
    expect(registry.get('ParticipantWaitlisted')?.personalData?.agencyId?.(enrolment)).toBe('dinas-pupr');
    expect(registry.get('CivilServantRegistered')?.personalData?.agencyId?.({ nip: sampleNip(1), agencyId: 'dinas-pupr' })).toBe('dinas-pupr');
    expect(registry.get('InternPlaced')?.personalData?.agencyId).toBeUndefined();
  });

  it('carry no personal data in any other event', () => {
    const others = trainingEventContracts.filter((contract) => !['ParticipantEnrolled', 'ParticipantWaitlisted', 'InternPlaced', 'CivilServantRegistered'].includes(contract.type));
    expect(others).toHaveLength(24);
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
