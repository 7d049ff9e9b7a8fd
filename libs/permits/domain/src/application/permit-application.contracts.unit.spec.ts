import { contractsAsTable, declaredIn, EventContractTable, EventContracts, EveryFieldListed } from '@palembang/events/core';
import { PermitApplicationEvent } from './permit-application';
import { PERMIT_APPLICATION_EVENT_TYPES, permitEventContracts } from './permit-application.contracts';
import { applicant, event, sip, submitted } from './permit-application.fixtures';
import { timelineOf } from './timeline';

const REF = ['applicationId', 'agencyId', 'permitTypeCode'] as const;

/**
 * The permit events as other contexts read them off `permits.events`, written out here rather
 * than taken from the contracts: a contract or an event's fields changed without this table fails.
 */
const PERMIT_EVENTS = {
  ApplicationSubmitted: {
    schemaVersion: 1,
    fields: [...REF, 'trackingCode', 'applicant', 'documents', 'standard', 'submittedAt'],
    personal: ['applicant.nik', 'applicant.name', 'applicant.phone', 'applicant.email', 'applicant.address'],
  },
  RevisionRequested: { schemaVersion: 1, fields: [...REF, 'missingDocuments', 'reason', 'requestedAt', 'slaClockPaused'], personal: [] },
  ApplicationResubmitted: { schemaVersion: 1, fields: [...REF, 'documents', 'resubmittedAt', 'pausedWorkingDays', 'slaDeadline', 'slaDeadlineProvisional'], personal: [] },
  ApplicationVerified: { schemaVersion: 1, fields: [...REF, 'verifiedAt', 'processingDays', 'slaDeadline', 'slaDeadlineProvisional'], personal: [] },
  ReviewStarted: { schemaVersion: 1, fields: [...REF, 'officerId', 'startedAt'], personal: [] },
  ApplicationApproved: { schemaVersion: 1, fields: [...REF, 'approvedBy', 'approvedAt'], personal: [] },
  ApplicationDeemedApproved: { schemaVersion: 1, fields: [...REF, 'slaDeadline', 'detectedAt'], personal: [] },
  SlaBreached: { schemaVersion: 1, fields: [...REF, 'slaDeadline', 'detectedAt'], personal: [] },
  PermitIssued: { schemaVersion: 1, fields: [...REF, 'permitNumber', 'issuedAt'], personal: [] },
  ApplicationRejected: { schemaVersion: 1, fields: [...REF, 'reason', 'rejectedBy', 'rejectedAt'], personal: [] },
  ApplicationWithdrawn: { schemaVersion: 1, fields: [...REF, 'reason', 'withdrawnAt'], personal: [] },
  SlaDeadlineRecalculated: {
    schemaVersion: 1,
    fields: [...REF, 'previousDeadline', 'previousProvisional', 'deadline', 'provisional', 'calendar', 'reason', 'recalculatedAt'],
    personal: [],
  },
} as const satisfies EventContractTable<PermitApplicationEvent>;

/** Compile-time: every data field of every permit event is in the table above. */
const everyFieldListed: EveryFieldListed<PermitApplicationEvent, typeof PERMIT_EVENTS> = true;

describe('the permit event contracts', () => {
  it('declare exactly the event types, schema versions and personal fields written out above, each type once', () => {
    expect(everyFieldListed).toBe(true);
    expect(contractsAsTable(permitEventContracts)).toEqual(declaredIn(PERMIT_EVENTS));
    expect([...PERMIT_APPLICATION_EVENT_TYPES].sort()).toEqual(Object.keys(PERMIT_EVENTS).sort());
    expect(PERMIT_APPLICATION_EVENT_TYPES).toHaveLength(12);
    const registry = new EventContracts(permitEventContracts);
    for (const [type, { schemaVersion }] of Object.entries(PERMIT_EVENTS)) expect(registry.schemaVersionOf(type)).toBe(schemaVersion);
  });

  it("declare the applicant's NIK, name, phone, e-mail and address personal, owned by the applicant id rather than the NIK", () => {
    const contract = new EventContracts(permitEventContracts).get('ApplicationSubmitted');
    expect(contract?.personalData?.fields).toEqual(['applicant.nik', 'applicant.name', 'applicant.phone', 'applicant.email', 'applicant.address']);
    const subject = contract?.personalData?.subjectId(submitted(sip, '2026-08-03T09:00:00+07:00').data);
    expect(subject).toBe('applicant:citizen-42');
    expect(subject).not.toContain(applicant.nik);
  });

  it('carry no personal data in any other event', () => {
    const others = permitEventContracts.filter((contract) => contract.type !== 'ApplicationSubmitted');
    expect(others).toHaveLength(11);
    expect(others.every((contract) => contract.personalData === undefined)).toBe(true);
  });
});

describe('the public timeline', () => {
  const events = [
    submitted(sip, '2026-08-03T09:00:00+07:00'),
    event('ApplicationVerified', sip, { verifiedAt: '2026-08-04T10:00:00+07:00', processingDays: 7, slaDeadline: '2026-08-13T23:59:59.999+07:00' }),
    event('ReviewStarted', sip, { officerId: 'officer-7', startedAt: '2026-08-05T09:00:00+07:00' }),
    event('RevisionRequested', sip, { missingDocuments: ['str'], reason: 'STR kedaluwarsa', requestedAt: '2026-08-05T11:00:00+07:00', slaClockPaused: true }),
    event('ApplicationResubmitted', sip, { documents: ['str'], resubmittedAt: '2026-08-11T14:00:00+07:00', pausedWorkingDays: 4, slaDeadline: '2026-08-20T23:59:59.999+07:00' }),
    event('ApplicationApproved', sip, { approvedBy: 'officer-7', approvedAt: '2026-08-12T09:00:00+07:00' }),
    event('PermitIssued', sip, { permitNumber: '503/0123/SIP/DINKES/2026', issuedAt: '2026-08-12T10:00:00+07:00' }),
  ];

  it('lists each step with its time and the status it led to', () => {
    expect(timelineOf(events).map(({ at, status }) => [at, status])).toEqual([
      ['2026-08-03T09:00:00+07:00', 'submitted'],
      ['2026-08-04T10:00:00+07:00', 'verified'],
      ['2026-08-05T09:00:00+07:00', 'under-review'],
      ['2026-08-05T11:00:00+07:00', 'revision-requested'],
      ['2026-08-11T14:00:00+07:00', 'under-review'],
      ['2026-08-12T09:00:00+07:00', 'approved'],
      ['2026-08-12T10:00:00+07:00', 'issued'],
    ]);
  });

  it('shows the moved deadline and the permit number', () => {
    const timeline = timelineOf(events);
    expect(timeline[4].details).toEqual({ slaDeadline: '2026-08-20T23:59:59.999+07:00' });
    expect(timeline[6]).toMatchObject({ event: 'PermitIssued', label: 'Izin terbit', details: { permitNumber: '503/0123/SIP/DINKES/2026' } });
  });

  it("reveals neither the applicant's personal data nor the officers' names", () => {
    const shown = JSON.stringify(timelineOf(events));
    for (const secret of [applicant.nik, applicant.name, applicant.phone, applicant.email as string, applicant.address, applicant.applicantId, 'officer-7']) {
      expect(shown).not.toContain(secret);
    }
  });
});
