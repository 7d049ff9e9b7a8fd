import { contractsAsTable, declaredIn, EventContractTable, EventContracts, EveryFieldListed, foldEvents } from '@palembang/events/core';
import { ComplaintEvent } from './complaint';
import { COMPLAINT_EVENT_TYPES, complaintEventContracts, subjectOfReporter } from './complaint.contracts';
import { complaintEvent, SAMPLE_REPORTER, sampleSubmitted } from './complaint.fixtures';
import { reporterVisibleTo, reporterVisibleToAgency } from './reporter';
import {
  decider, FRI_14_AUG, KTP, KTP_AT_DUKCAPIL, ktpAccepted, ktpDisputed, ktpResolved, ktpSubmitted, ktpUpdate, ktpVerified,
  lightDeclined, lightRerouted, lightSubmitted, lightVerified, VERIFICATION_DEADLINE, WED_26_AUG,
} from './complaint.test-kit';
import { timelineOf } from './timeline';

const REF = ['complaintId', 'agencyId', 'categoryCode', 'intakeType'] as const;
const RECALCULATION = ['previousDeadline', 'previousProvisional', 'deadline', 'provisional', 'calendar', 'reason'] as const;
const SUBMITTED_PERSONAL = ['reporter.name', 'reporter.nik', 'reporter.phone', 'reporter.email', 'title', 'description', 'address', 'location'];

/**
 * The complaint events as other contexts read them off `complaints.events`, written out here
 * rather than taken from the contracts: a contract or an event's fields changed without this table fails.
 */
const COMPLAINT_EVENTS = {
  ComplaintSubmitted: {
    schemaVersion: 1,
    fields: [...REF, 'trackingCode', 'channel', 'title', 'description', 'location', 'address', 'reporter', 'anonymous', 'submittedAt', 'verificationDeadline', 'verificationProvisional'],
    personal: SUBMITTED_PERSONAL,
  },
  ComplaintVerified: { schemaVersion: 1, fields: [...REF, 'followUpKind', 'followUpDays', 'verifiedAt', 'followUpDeadline', 'followUpProvisional'], personal: [] },
  ComplaintArchived: { schemaVersion: 1, fields: [...REF, 'reason', 'note', 'duplicateOf', 'archivedAt'], personal: [] },
  ComplaintAccepted: { schemaVersion: 1, fields: [...REF, 'acceptedAt', 'followUpDeadline'], personal: [] },
  AuthorityDeclined: { schemaVersion: 1, fields: [...REF, 'declinedBy', 'reason', 'declinedAt', 'verificationDeadline', 'verificationProvisional'], personal: [] },
  ComplaintRerouted: { schemaVersion: 1, fields: [...REF, 'previousAgencyId', 'followUpKind', 'followUpDays', 'reroutedAt', 'followUpDeadline', 'followUpProvisional'], personal: [] },
  PublicUpdatePosted: { schemaVersion: 1, fields: [...REF, 'message', 'postedAt'], personal: [] },
  ComplaintResolved: {
    schemaVersion: 1,
    fields: [...REF, 'response', 'resolvedAt', 'followUpDeadline', 'withinDeadline', 'autoCloseAt', 'autoCloseProvisional', 'autoCloseWorkingDays'],
    personal: [],
  },
  ResolutionConfirmed: { schemaVersion: 1, fields: [...REF, 'confirmedAt'], personal: [] },
  ResolutionDisputed: { schemaVersion: 1, fields: [...REF, 'reason', 'disputedAt', 'reopenCount', 'followUpKind', 'followUpDeadline', 'followUpProvisional'], personal: [] },
  ComplaintAutoClosed: { schemaVersion: 1, fields: [...REF, 'autoCloseAt', 'closedAt'], personal: [] },
  VerificationOverdue: { schemaVersion: 1, fields: [...REF, 'verificationDeadline', 'detectedAt'], personal: [] },
  FollowUpOverdue: { schemaVersion: 1, fields: [...REF, 'followUpKind', 'followUpDeadline', 'detectedAt'], personal: [] },
  ComplaintDeadlineRecalculated: { schemaVersion: 1, fields: [...REF, ...RECALCULATION, 'clock', 'recalculatedAt'], personal: [] },
} as const satisfies EventContractTable<ComplaintEvent>;

/** Compile-time: every data field of every complaint event is in the table above. */
const everyFieldListed: EveryFieldListed<ComplaintEvent, typeof COMPLAINT_EVENTS> = true;

describe('the complaint event contracts', () => {
  it('declare exactly the event types, schema versions and personal fields written out above, each type once', () => {
    expect(everyFieldListed).toBe(true);
    expect(contractsAsTable(complaintEventContracts)).toEqual(declaredIn(COMPLAINT_EVENTS));
    expect([...COMPLAINT_EVENT_TYPES].sort()).toEqual(Object.keys(COMPLAINT_EVENTS).sort());
    expect(COMPLAINT_EVENT_TYPES).toHaveLength(14);
    const registry = new EventContracts(complaintEventContracts);
    for (const [type, { schemaVersion }] of Object.entries(COMPLAINT_EVENTS)) expect(registry.schemaVersionOf(type)).toBe(schemaVersion);
  });

  it("declare the reporter's name, NIK, phone and e-mail personal, owned by the reporter id rather than the NIK", () => {
    const contract = new EventContracts(complaintEventContracts).get('ComplaintSubmitted');
    expect(contract?.personalData?.fields).toEqual(expect.arrayContaining(['reporter.name', 'reporter.nik', 'reporter.phone', 'reporter.email']));
    const subject = contract?.personalData?.subjectId(ktpSubmitted.data);
    expect(subject).toBe(subjectOfReporter('citizen-77'));
    expect(subject).toBe('reporter:citizen-77');
    expect(subject).not.toContain(SAMPLE_REPORTER.nik as string);
  });

  it("declare the report's title, description, address and position personal too, of the same subject, anonymous or not", () => {
    const contract = new EventContracts(complaintEventContracts).get('ComplaintSubmitted');
    expect(contract?.personalData?.fields).toEqual(['reporter.name', 'reporter.nik', 'reporter.phone', 'reporter.email', 'title', 'description', 'address', 'location']);
    const anonymous = sampleSubmitted(KTP, FRI_14_AUG, VERIFICATION_DEADLINE, { anonymous: true });
    expect(contract?.personalData?.subjectId(anonymous.data)).toBe(subjectOfReporter('citizen-77'));
  });

  it('link the reporter to the desk the complaint was submitted to, not to the sender', () => {
    const contract = new EventContracts(complaintEventContracts).get('ComplaintSubmitted');
    expect(contract?.personalData?.agencyId?.({ ...ktpSubmitted.data, agencyId: 'dinas-kominfo' })).toBe('dinas-kominfo');
  });

  it('carry no personal data in any other event', () => {
    const others = complaintEventContracts.filter((contract) => contract.type !== 'ComplaintSubmitted');
    expect(others).toHaveLength(13);
    expect(others.every((contract) => contract.personalData === undefined)).toBe(true);
  });

  it('keep nothing of the reporter in the state but the pseudonymous id and the anonymity', () => {
    const state = foldEvents(decider, [ktpSubmitted, ktpVerified]);
    const kept = JSON.stringify(state);
    for (const secret of [SAMPLE_REPORTER.name, SAMPLE_REPORTER.nik, SAMPLE_REPORTER.phone, SAMPLE_REPORTER.email] as string[]) expect(kept).not.toContain(secret);
    expect(state).toMatchObject({ reporterId: 'citizen-77', anonymous: false });
  });
});

describe('the reporter of a complaint', () => {
  const anonymous = sampleSubmitted(KTP, FRI_14_AUG, VERIFICATION_DEADLINE, { anonymous: true });

  it('is shown to the agency handling it unless the report is anonymous', () => {
    expect(reporterVisibleToAgency(foldEvents(decider, [ktpSubmitted, ktpVerified]))).toBe(true);
    expect(reporterVisibleToAgency(foldEvents(decider, [anonymous, ktpVerified]))).toBe(false);
    expect(reporterVisibleTo(foldEvents(decider, [anonymous, ktpVerified]), 'disdukcapil')).toBe(false);
  });

  it('is always known to the complaints desk, which verifies the report', () => {
    expect(reporterVisibleTo(foldEvents(decider, [anonymous]), 'dinas-kominfo')).toBe(true);
    expect(reporterVisibleTo(foldEvents(decider, []), 'dinas-kominfo')).toBe(false);
  });
});

describe('the public timeline', () => {
  const confirmed = complaintEvent('ResolutionConfirmed', KTP_AT_DUKCAPIL, { confirmedAt: '2026-09-01T09:00:00+07:00' });
  const events = [ktpSubmitted, ktpVerified, ktpAccepted, ktpUpdate, ktpResolved, ktpDisputed, confirmed];

  it('lists each step with its time, its Indonesian label and the status it led to', () => {
    expect(timelineOf(events).map(({ at, status, label }) => [at, status, label])).toEqual([
      [FRI_14_AUG, 'received', 'Laporan diterima'],
      ['2026-08-18T09:00:00+07:00', 'routed', 'Laporan diverifikasi dan diteruskan ke instansi'],
      ['2026-08-19T09:00:00+07:00', 'in-progress', 'Laporan diterima instansi dan sedang ditindaklanjuti'],
      ['2026-08-20T09:00:00+07:00', 'in-progress', 'Perkembangan tindak lanjut'],
      ['2026-08-24T09:00:00+07:00', 'resolved', 'Laporan selesai ditindaklanjuti'],
      [WED_26_AUG, 'in-progress', 'Pelapor belum puas; laporan dibuka kembali'],
      ['2026-09-01T09:00:00+07:00', 'closed', 'Pelapor menyatakan laporan selesai'],
    ]);
  });

  it("shows the agencies' public updates and response, and the deadlines", () => {
    const timeline = timelineOf(events);
    expect(timeline[1].details).toMatchObject({ agencyId: 'disdukcapil', followUpDeadline: '2026-08-26T23:59:59.999+07:00' });
    expect(timeline[3].details).toEqual({ message: ktpUpdate.data.message });
    expect(timeline[4].details).toMatchObject({ response: ktpResolved.data.response, withinDeadline: true });
    expect(timeline[5].details).toEqual({ reopenCount: 1, followUpDeadline: '2026-09-02T23:59:59.999+07:00' });
  });

  it('shows a reroute and where the complaint went', () => {
    const timeline = timelineOf([lightSubmitted, lightVerified, lightDeclined, lightRerouted]);
    expect(timeline.map((entry) => entry.status)).toEqual(['received', 'routed', 'awaiting-reroute', 'routed']);
    expect(timeline[2].details).toMatchObject({ declinedBy: 'dinas-perhubungan' });
    expect(timeline[3].details).toMatchObject({ agencyId: 'dinas-pupr', followUpDays: 14 });
  });

  it("reveals neither the reporter's personal data nor the report's own text", () => {
    const shown = JSON.stringify(timelineOf(events));
    const { title, description } = ktpSubmitted.data;
    for (const secret of [SAMPLE_REPORTER.name, SAMPLE_REPORTER.nik, SAMPLE_REPORTER.phone, SAMPLE_REPORTER.email, SAMPLE_REPORTER.reporterId, title, description, ktpDisputed.data.reason] as string[]) {
      expect(shown).not.toContain(secret);
    }
  });

  it('names no officer: the actor stays in the envelope, never in an event', () => {
    expect(JSON.stringify(events)).not.toContain('officer-3');
    expect(JSON.stringify(timelineOf(events))).not.toContain('officer');
  });
});
