import { assertNever, Event, PersonalField } from '@palembang/events/core';
import { applyRecalculation, CalendarDeadline, DeadlineRecalculation, RunningClock } from '@palembang/working-days';
import { FOLLOW_UP_WORKING_DAYS, FollowUpKind } from '../categories/complaint-category';

export type IntakeType = 'aspiration' | 'complaint' | 'information-request';
export const INTAKE_TYPES: readonly IntakeType[] = ['aspiration', 'complaint', 'information-request'];

export type Channel = 'web' | 'mobile' | 'sms' | 'walk-in' | 'open311';
export const CHANNELS: readonly Channel[] = ['web', 'mobile', 'sms', 'walk-in', 'open311'];

/**
 * What every event of a complaint carries, for routing and projections. `agencyId` is
 * the agency responsible once the event happened: the complaints desk before routing
 * and while a report waits to be rerouted, the agency it was routed to afterwards.
 */
export type ComplaintRef = Readonly<{ complaintId: string; agencyId: string; categoryCode: string; intakeType: IntakeType }>;

export type GeoLocation = Readonly<{ latitude: number; longitude: number }>;

/** The reporter as recorded: the personal fields read as ERASED once the person is forgotten. */
export type Reporter = Readonly<{
  /** Stable pseudonymous id of the person (citizen account or channel identity), the subject of the personal data; never the NIK. */
  reporterId: string;
  name: PersonalField<string>;
  nik: PersonalField<string | null>;
  phone: PersonalField<string | null>;
  email: PersonalField<string | null>;
}>;

export type ArchiveReason = 'invalid' | 'duplicate';

export type ComplaintSubmitted = Event<'ComplaintSubmitted', ComplaintRef & {
  trackingCode: string;
  channel: Channel;
  /**
   * The report itself is the reporter's personal data too: people write their
   * own circumstances into it, and its place can point to their home. Sealed
   * under the reporter's key like their name, it reads as ERASED once they are forgotten.
   */
  title: PersonalField<string>;
  description: PersonalField<string>;
  location: PersonalField<GeoLocation | null>;
  /** Where the matter is (a street, a school), not the reporter's address. */
  address: PersonalField<string | null>;
  reporter: Reporter;
  /** Anonymous: the agency never learns who reported; only the complaints desk does. */
  anonymous: boolean;
  submittedAt: string;
  verificationDeadline: string;
  /** The deadline rests on a year whose calendar is not published yet (absent: not provisional). */
  verificationProvisional?: boolean;
}>;
/** The desk verified the report and routed it to the responsible agency (`agencyId`), which starts the follow-up clock. */
export type ComplaintVerified = Event<'ComplaintVerified', ComplaintRef & {
  followUpKind: FollowUpKind;
  followUpDays: number;
  verifiedAt: string;
  followUpDeadline: string;
  followUpProvisional?: boolean;
}>;
export type ComplaintArchived = Event<'ComplaintArchived', ComplaintRef & { reason: ArchiveReason; note: string; duplicateOf: string | null; archivedAt: string }>;
export type ComplaintAccepted = Event<'ComplaintAccepted', ComplaintRef & { acceptedAt: string; followUpDeadline: string }>;
/** The agency `declinedBy` said the matter is not its authority; the report is back with the desk (`agencyId`). */
export type AuthorityDeclined = Event<'AuthorityDeclined', ComplaintRef & {
  declinedBy: string;
  reason: string;
  declinedAt: string;
  verificationDeadline: string;
  verificationProvisional?: boolean;
}>;
export type ComplaintRerouted = Event<'ComplaintRerouted', ComplaintRef & {
  previousAgencyId: string;
  followUpKind: FollowUpKind;
  followUpDays: number;
  reroutedAt: string;
  followUpDeadline: string;
  followUpProvisional?: boolean;
}>;
export type PublicUpdatePosted = Event<'PublicUpdatePosted', ComplaintRef & { message: string; postedAt: string }>;
export type ComplaintResolved = Event<'ComplaintResolved', ComplaintRef & {
  response: string;
  resolvedAt: string;
  followUpDeadline: string;
  /** Resolved on or before the follow-up deadline. */
  withinDeadline: boolean;
  /** Closed by the system at this time unless the reporter confirms or disputes first. */
  autoCloseAt: string;
  autoCloseProvisional?: boolean;
  /** The working days `autoCloseAt` counts from `resolvedAt`; absent in events from before it was recorded (that clock is never recalculated). */
  autoCloseWorkingDays?: number;
}>;
export type ResolutionConfirmed = Event<'ResolutionConfirmed', ComplaintRef & { confirmedAt: string }>;
/** The reporter disputed the resolution: the complaint is reopened with a fresh follow-up deadline of the same kind. */
export type ResolutionDisputed = Event<'ResolutionDisputed', ComplaintRef & {
  reason: string;
  disputedAt: string;
  reopenCount: number;
  followUpKind: FollowUpKind;
  followUpDeadline: string;
  followUpProvisional?: boolean;
}>;
export type ComplaintAutoClosed = Event<'ComplaintAutoClosed', ComplaintRef & { autoCloseAt: string; closedAt: string }>;
export type VerificationOverdue = Event<'VerificationOverdue', ComplaintRef & { verificationDeadline: string; detectedAt: string }>;
export type FollowUpOverdue = Event<'FollowUpOverdue', ComplaintRef & { followUpKind: FollowUpKind; followUpDeadline: string; detectedAt: string }>;

/** The desk verifies a report within 3 working days of its receipt (and reroutes a declined one within 3 of the decline). */
export const VERIFICATION_WORKING_DAYS = 3;

export type ClockName = 'verification' | 'follow-up' | 'auto-close';
/** A calendar change moved the running deadline `clock`, or made it final once its year was published. */
export type ComplaintDeadlineRecalculated = Event<'ComplaintDeadlineRecalculated', ComplaintRef & DeadlineRecalculation & { clock: ClockName; recalculatedAt: string }>;

export type ComplaintEvent =
  | ComplaintSubmitted
  | ComplaintVerified
  | ComplaintArchived
  | ComplaintAccepted
  | AuthorityDeclined
  | ComplaintRerouted
  | PublicUpdatePosted
  | ComplaintResolved
  | ResolutionConfirmed
  | ResolutionDisputed
  | ComplaintAutoClosed
  | VerificationOverdue
  | FollowUpOverdue
  | ComplaintDeadlineRecalculated;

/** A running deadline, what it is computed from, and whether its escalation was already recorded. */
export type DeadlineClock = RunningClock & Readonly<{ escalated: boolean }>;
export type FollowUpClock = DeadlineClock & Readonly<{ kind: FollowUpKind }>;
/** The auto-close clock; `workingDays` is null when the resolution did not record it (older events): such a clock stays as it is. */
export type AutoCloseClock = CalendarDeadline & Readonly<{ startedAt: string; workingDays: number | null }>;

type Known = ComplaintRef & Readonly<{
  trackingCode: string;
  channel: Channel;
  /** Only the pseudonymous id: the reporter's personal data stays in the sealed event. */
  reporterId: string;
  anonymous: boolean;
  submittedAt: string;
  reopenCount: number;
}>;

export type Complaint =
  | Readonly<{ status: 'absent' }>
  /** With the complaints desk, to be verified and routed. */
  | (Known & Readonly<{ status: 'received'; verification: DeadlineClock }>)
  | (Known & Readonly<{ status: 'archived'; reason: ArchiveReason; duplicateOf: string | null; archivedAt: string }>)
  /** With the agency, which has not accepted it yet. */
  | (Known & Readonly<{ status: 'routed'; followUp: FollowUpClock }>)
  /** Declined by `declinedBy` as not its authority; back with the desk to be rerouted. */
  | (Known & Readonly<{ status: 'awaiting-reroute'; declinedBy: string; followUpKind: FollowUpKind; verification: DeadlineClock }>)
  | (Known & Readonly<{ status: 'in-progress'; followUp: FollowUpClock }>)
  /** Answered by the agency; awaiting the reporter's confirmation until the auto-close deadline. */
  | (Known & Readonly<{ status: 'resolved'; followUpKind: FollowUpKind; resolvedAt: string; autoClose: AutoCloseClock }>)
  | (Known & Readonly<{ status: 'closed'; closedBy: 'citizen' | 'system'; closedAt: string }>);

export type ComplaintStatus = Complaint['status'];

export const initialComplaint = (): Complaint => ({ status: 'absent' });

/** Folds one event into the state. Events are facts: an event the state does not expect leaves it unchanged. */
export function evolveComplaint(state: Complaint, event: ComplaintEvent): Complaint {
  if (event.type === 'ComplaintSubmitted') {
    const { complaintId, agencyId, categoryCode, intakeType, trackingCode, channel, reporter, anonymous, submittedAt, verificationDeadline, verificationProvisional } = event.data;
    const known: Known = { complaintId, agencyId, categoryCode, intakeType, trackingCode, channel, reporterId: reporter.reporterId, anonymous, submittedAt, reopenCount: 0 };
    return { ...known, status: 'received', verification: verificationClockOf(submittedAt, verificationDeadline, verificationProvisional) };
  }
  if (state.status === 'absent') return state;
  const base: Known = { ...knownOf(state), agencyId: event.data.agencyId };
  switch (event.type) {
    case 'ComplaintVerified':
    case 'ComplaintRerouted': {
      const { followUpKind, followUpDays, followUpDeadline, followUpProvisional } = event.data;
      const startedAt = event.type === 'ComplaintVerified' ? event.data.verifiedAt : event.data.reroutedAt;
      return { ...base, status: 'routed', followUp: followUpClockOf(followUpKind, startedAt, followUpDays, followUpDeadline, followUpProvisional) };
    }
    case 'ComplaintArchived':
      return { ...base, status: 'archived', reason: event.data.reason, duplicateOf: event.data.duplicateOf, archivedAt: event.data.archivedAt };
    case 'ComplaintAccepted':
      return state.status === 'routed' ? { ...base, status: 'in-progress', followUp: state.followUp } : state;
    case 'AuthorityDeclined': {
      if (state.status !== 'routed') return state;
      const verification = verificationClockOf(event.data.declinedAt, event.data.verificationDeadline, event.data.verificationProvisional);
      return { ...base, status: 'awaiting-reroute', declinedBy: event.data.declinedBy, followUpKind: state.followUp.kind, verification };
    }
    case 'PublicUpdatePosted':
      return state;
    case 'ComplaintResolved': {
      if (state.status !== 'in-progress') return state;
      const { resolvedAt, autoCloseAt, autoCloseProvisional, autoCloseWorkingDays } = event.data;
      const autoClose = { startedAt: resolvedAt, workingDays: autoCloseWorkingDays ?? null, deadline: autoCloseAt, provisional: autoCloseProvisional === true };
      return { ...base, status: 'resolved', followUpKind: state.followUp.kind, resolvedAt, autoClose };
    }
    case 'ResolutionConfirmed':
      return { ...base, status: 'closed', closedBy: 'citizen', closedAt: event.data.confirmedAt };
    case 'ResolutionDisputed': {
      const { followUpKind, disputedAt, followUpDeadline, followUpProvisional } = event.data;
      const followUp = followUpClockOf(followUpKind, disputedAt, FOLLOW_UP_WORKING_DAYS[followUpKind], followUpDeadline, followUpProvisional);
      return { ...base, reopenCount: event.data.reopenCount, status: 'in-progress', followUp };
    }
    case 'ComplaintAutoClosed':
      return { ...base, status: 'closed', closedBy: 'system', closedAt: event.data.closedAt };
    case 'VerificationOverdue':
      return 'verification' in state ? { ...state, verification: { ...state.verification, escalated: true } } : state;
    case 'FollowUpOverdue':
      return 'followUp' in state ? { ...state, followUp: { ...state.followUp, escalated: true } } : state;
    case 'ComplaintDeadlineRecalculated':
      return recalculated(state, event.data);
    default:
      return assertNever(event);
  }
}

/** The running clock the recalculation names, moved; any other state is left as it is. */
function recalculated(state: Exclude<Complaint, { status: 'absent' }>, recalculation: ComplaintDeadlineRecalculated['data']): Complaint {
  if (recalculation.clock === 'verification' && 'verification' in state) return { ...state, verification: applyRecalculation(state.verification, recalculation) };
  if (recalculation.clock === 'follow-up' && 'followUp' in state) return { ...state, followUp: applyRecalculation(state.followUp, recalculation) };
  if (recalculation.clock === 'auto-close' && state.status === 'resolved') return { ...state, autoClose: { ...state.autoClose, deadline: recalculation.deadline, provisional: recalculation.provisional } };
  return state;
}

/** The verification clock: 3 working days (VERIFICATION_WORKING_DAYS) from the submission or the decline. */
function verificationClockOf(startedAt: string, deadline: string, provisional: boolean | undefined): DeadlineClock {
  return { startedAt, workingDays: VERIFICATION_WORKING_DAYS, deadline, provisional: provisional === true, escalated: false };
}

function followUpClockOf(kind: FollowUpKind, startedAt: string, workingDays: number, deadline: string, provisional: boolean | undefined): FollowUpClock {
  return { kind, startedAt, workingDays, deadline, provisional: provisional === true, escalated: false };
}

function knownOf(state: Exclude<Complaint, { status: 'absent' }>): Known {
  const { complaintId, agencyId, categoryCode, intakeType, trackingCode, channel, reporterId, anonymous, submittedAt, reopenCount } = state;
  return { complaintId, agencyId, categoryCode, intakeType, trackingCode, channel, reporterId, anonymous, submittedAt, reopenCount };
}
