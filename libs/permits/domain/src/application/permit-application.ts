import { assertNever, Event, PersonalField } from '@palembang/events/core';
import { applyRecalculation, DeadlineRecalculation, RunningClock } from '@palembang/working-days';
import { ServiceStandardSnapshot } from '../permit-types/permit-type';

/** What every event of an application carries, for routing and projections. */
export type ApplicationRef = Readonly<{ applicationId: string; agencyId: string; permitTypeCode: string }>;

/** The applicant as recorded: the personal fields read as ERASED once the person is forgotten. */
export type Applicant = Readonly<{
  /** Stable pseudonymous id of the person (from the portal's citizen account), the subject of the personal data. */
  applicantId: string;
  nik: PersonalField<string>;
  name: PersonalField<string>;
  phone: PersonalField<string>;
  email: PersonalField<string> | null;
  address: PersonalField<string>;
}>;

export type ApplicationSubmitted = Event<'ApplicationSubmitted', ApplicationRef & {
  trackingCode: string;
  applicant: Applicant;
  documents: readonly string[];
  /** The service standard in force at submission: later catalogue changes do not touch this application. */
  standard: ServiceStandardSnapshot;
  submittedAt: string;
}>;
export type RevisionRequested = Event<'RevisionRequested', ApplicationRef & {
  missingDocuments: readonly string[];
  reason: string;
  requestedAt: string;
  /** True when the SLA clock was running and is now paused until resubmission. */
  slaClockPaused: boolean;
}>;
export type ApplicationResubmitted = Event<'ApplicationResubmitted', ApplicationRef & {
  documents: readonly string[];
  resubmittedAt: string;
  /** Working days the clock stood still; null when the clock had not started yet. */
  pausedWorkingDays: number | null;
  /** The deadline moved by the paused days; null when the clock had not started yet. */
  slaDeadline: string | null;
  /** True when the deadline rests on a year whose calendar is not published yet; absent (older events) means false. */
  slaDeadlineProvisional?: boolean;
}>;
export type ApplicationVerified = Event<'ApplicationVerified', ApplicationRef & {
  verifiedAt: string;
  processingDays: number;
  slaDeadline: string;
  /** True when the deadline rests on a year whose calendar is not published yet; absent (older events) means false. */
  slaDeadlineProvisional?: boolean;
}>;
/** The working-day calendar changed and moved the running (or paused) clock's deadline, or its provisional mark. */
export type SlaDeadlineRecalculated = Event<'SlaDeadlineRecalculated', ApplicationRef & DeadlineRecalculation & { recalculatedAt: string }>;
export type ReviewStarted = Event<'ReviewStarted', ApplicationRef & { officerId: string; startedAt: string }>;
export type ApplicationApproved = Event<'ApplicationApproved', ApplicationRef & { approvedBy: string; approvedAt: string }>;
export type ApplicationDeemedApproved = Event<'ApplicationDeemedApproved', ApplicationRef & { slaDeadline: string; detectedAt: string }>;
export type SlaBreached = Event<'SlaBreached', ApplicationRef & { slaDeadline: string; detectedAt: string }>;
export type PermitIssued = Event<'PermitIssued', ApplicationRef & { permitNumber: string; issuedAt: string }>;
export type ApplicationRejected = Event<'ApplicationRejected', ApplicationRef & { reason: string; rejectedBy: string; rejectedAt: string }>;
export type ApplicationWithdrawn = Event<'ApplicationWithdrawn', ApplicationRef & { reason: string | null; withdrawnAt: string }>;

export type PermitApplicationEvent =
  | ApplicationSubmitted
  | RevisionRequested
  | ApplicationResubmitted
  | ApplicationVerified
  | ReviewStarted
  | ApplicationApproved
  | ApplicationDeemedApproved
  | SlaBreached
  | PermitIssued
  | ApplicationRejected
  | ApplicationWithdrawn
  | SlaDeadlineRecalculated;

/**
 * The SLA clock: started at verification with the processing days of the standard, plus
 * the working days of every pause so far; its deadline, whether that deadline is
 * provisional, and whether its breach was already recorded.
 */
export type SlaClock = RunningClock & Readonly<{ breached: boolean }>;

type Known = ApplicationRef & Readonly<{
  trackingCode: string;
  applicantId: string;
  documents: readonly string[];
  standard: ServiceStandardSnapshot;
  submittedAt: string;
}>;

export type PermitApplication =
  | Readonly<{ status: 'absent' }>
  /** Awaiting the completeness check; the SLA clock has not started. */
  | (Known & Readonly<{ status: 'submitted' }>)
  /** With the applicant; `pausedClock` is the clock that stopped, null if it had not started. */
  | (Known & Readonly<{ status: 'revision-requested'; requestedAt: string; missingDocuments: readonly string[]; pausedClock: SlaClock | null; officerId: string | null }>)
  | (Known & Readonly<{ status: 'verified'; sla: SlaClock }>)
  | (Known & Readonly<{ status: 'under-review'; sla: SlaClock; officerId: string }>)
  | (Known & Readonly<{ status: 'approved'; approval: 'officer' | 'deemed'; decidedAt: string }>)
  | (Known & Readonly<{ status: 'issued'; permitNumber: string; issuedAt: string }>)
  | (Known & Readonly<{ status: 'rejected'; reason: string; decidedAt: string }>)
  | (Known & Readonly<{ status: 'withdrawn'; withdrawnAt: string }>);

export type ApplicationStatus = PermitApplication['status'];

export const initialPermitApplication = (): PermitApplication => ({ status: 'absent' });

/** Folds one event into the state. Events are facts: an event the state does not expect leaves it unchanged. */
export function evolvePermitApplication(state: PermitApplication, event: PermitApplicationEvent): PermitApplication {
  if (event.type === 'ApplicationSubmitted') {
    const { applicationId, agencyId, permitTypeCode, trackingCode, applicant, documents, standard, submittedAt } = event.data;
    return { status: 'submitted', applicationId, agencyId, permitTypeCode, trackingCode, applicantId: applicant.applicantId, documents, standard, submittedAt };
  }
  if (state.status === 'absent') return state;
  const base = knownOf(state);
  switch (event.type) {
    case 'RevisionRequested':
      return {
        ...base,
        status: 'revision-requested',
        requestedAt: event.data.requestedAt,
        missingDocuments: event.data.missingDocuments,
        pausedClock: 'sla' in state ? state.sla : null,
        officerId: state.status === 'under-review' ? state.officerId : null,
      };
    case 'ApplicationResubmitted': {
      if (state.status !== 'revision-requested') return state;
      const documents = [...new Set([...base.documents, ...event.data.documents])];
      const { pausedClock, officerId } = state;
      if (!pausedClock || event.data.slaDeadline === null) return { ...base, documents, status: 'submitted' };
      const sla: SlaClock = {
        ...pausedClock,
        workingDays: pausedClock.workingDays + (event.data.pausedWorkingDays ?? 0),
        deadline: event.data.slaDeadline,
        provisional: event.data.slaDeadlineProvisional ?? false,
      };
      return officerId ? { ...base, documents, status: 'under-review', sla, officerId } : { ...base, documents, status: 'verified', sla };
    }
    case 'ApplicationVerified': {
      const { verifiedAt, processingDays, slaDeadline, slaDeadlineProvisional } = event.data;
      return { ...base, status: 'verified', sla: { startedAt: verifiedAt, workingDays: processingDays, deadline: slaDeadline, provisional: slaDeadlineProvisional ?? false, breached: false } };
    }
    case 'SlaDeadlineRecalculated':
      if ('sla' in state) return { ...state, sla: applyRecalculation(state.sla, event.data) };
      if (state.status === 'revision-requested' && state.pausedClock) return { ...state, pausedClock: applyRecalculation(state.pausedClock, event.data) };
      return state;
    case 'ReviewStarted':
      return 'sla' in state ? { ...base, status: 'under-review', sla: state.sla, officerId: event.data.officerId } : state;
    case 'SlaBreached':
      return 'sla' in state ? { ...state, sla: { ...state.sla, breached: true } } : state;
    case 'ApplicationApproved':
      return { ...base, status: 'approved', approval: 'officer', decidedAt: event.data.approvedAt };
    case 'ApplicationDeemedApproved':
      return { ...base, status: 'approved', approval: 'deemed', decidedAt: event.data.slaDeadline };
    case 'PermitIssued':
      return { ...base, status: 'issued', permitNumber: event.data.permitNumber, issuedAt: event.data.issuedAt };
    case 'ApplicationRejected':
      return { ...base, status: 'rejected', reason: event.data.reason, decidedAt: event.data.rejectedAt };
    case 'ApplicationWithdrawn':
      return { ...base, status: 'withdrawn', withdrawnAt: event.data.withdrawnAt };
    default:
      return assertNever(event);
  }
}

function knownOf(state: Exclude<PermitApplication, { status: 'absent' }>): Known {
  const { applicationId, agencyId, permitTypeCode, trackingCode, applicantId, documents, standard, submittedAt } = state;
  return { applicationId, agencyId, permitTypeCode, trackingCode, applicantId, documents, standard, submittedAt };
}
