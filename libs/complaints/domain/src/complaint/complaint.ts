import { assertNever, Event, PersonalField } from '@palembang/events/core';
import { FollowUpKind } from '../categories/complaint-category';

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
}>;
/** The desk verified the report and routed it to the responsible agency (`agencyId`), which starts the follow-up clock. */
export type ComplaintVerified = Event<'ComplaintVerified', ComplaintRef & { followUpKind: FollowUpKind; followUpDays: number; verifiedAt: string; followUpDeadline: string }>;
export type ComplaintArchived = Event<'ComplaintArchived', ComplaintRef & { reason: ArchiveReason; note: string; duplicateOf: string | null; archivedAt: string }>;
export type ComplaintAccepted = Event<'ComplaintAccepted', ComplaintRef & { acceptedAt: string; followUpDeadline: string }>;
/** The agency `declinedBy` said the matter is not its authority; the report is back with the desk (`agencyId`). */
export type AuthorityDeclined = Event<'AuthorityDeclined', ComplaintRef & { declinedBy: string; reason: string; declinedAt: string; verificationDeadline: string }>;
export type ComplaintRerouted = Event<'ComplaintRerouted', ComplaintRef & {
  previousAgencyId: string;
  followUpKind: FollowUpKind;
  followUpDays: number;
  reroutedAt: string;
  followUpDeadline: string;
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
}>;
export type ResolutionConfirmed = Event<'ResolutionConfirmed', ComplaintRef & { confirmedAt: string }>;
/** The reporter disputed the resolution: the complaint is reopened with a fresh follow-up deadline of the same kind. */
export type ResolutionDisputed = Event<'ResolutionDisputed', ComplaintRef & {
  reason: string;
  disputedAt: string;
  reopenCount: number;
  followUpKind: FollowUpKind;
  followUpDeadline: string;
}>;
export type ComplaintAutoClosed = Event<'ComplaintAutoClosed', ComplaintRef & { autoCloseAt: string; closedAt: string }>;
export type VerificationOverdue = Event<'VerificationOverdue', ComplaintRef & { verificationDeadline: string; detectedAt: string }>;
export type FollowUpOverdue = Event<'FollowUpOverdue', ComplaintRef & { followUpKind: FollowUpKind; followUpDeadline: string; detectedAt: string }>;

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
  | FollowUpOverdue;

/** A running deadline and whether its escalation was already recorded. */
export type DeadlineClock = Readonly<{ deadline: string; escalated: boolean }>;
export type FollowUpClock = DeadlineClock & Readonly<{ kind: FollowUpKind }>;

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
  /** Answered by the agency; awaiting the reporter's confirmation until `autoCloseAt`. */
  | (Known & Readonly<{ status: 'resolved'; followUpKind: FollowUpKind; resolvedAt: string; autoCloseAt: string }>)
  | (Known & Readonly<{ status: 'closed'; closedBy: 'citizen' | 'system'; closedAt: string }>);

export type ComplaintStatus = Complaint['status'];

export const initialComplaint = (): Complaint => ({ status: 'absent' });

/** Folds one event into the state. Events are facts: an event the state does not expect leaves it unchanged. */
export function evolveComplaint(state: Complaint, event: ComplaintEvent): Complaint {
  if (event.type === 'ComplaintSubmitted') {
    const { complaintId, agencyId, categoryCode, intakeType, trackingCode, channel, reporter, anonymous, submittedAt, verificationDeadline } = event.data;
    const known: Known = { complaintId, agencyId, categoryCode, intakeType, trackingCode, channel, reporterId: reporter.reporterId, anonymous, submittedAt, reopenCount: 0 };
    return { ...known, status: 'received', verification: { deadline: verificationDeadline, escalated: false } };
  }
  if (state.status === 'absent') return state;
  const base: Known = { ...knownOf(state), agencyId: event.data.agencyId };
  switch (event.type) {
    case 'ComplaintVerified':
    case 'ComplaintRerouted':
      return { ...base, status: 'routed', followUp: { kind: event.data.followUpKind, deadline: event.data.followUpDeadline, escalated: false } };
    case 'ComplaintArchived':
      return { ...base, status: 'archived', reason: event.data.reason, duplicateOf: event.data.duplicateOf, archivedAt: event.data.archivedAt };
    case 'ComplaintAccepted':
      return state.status === 'routed' ? { ...base, status: 'in-progress', followUp: state.followUp } : state;
    case 'AuthorityDeclined': {
      if (state.status !== 'routed') return state;
      const verification = { deadline: event.data.verificationDeadline, escalated: false };
      return { ...base, status: 'awaiting-reroute', declinedBy: event.data.declinedBy, followUpKind: state.followUp.kind, verification };
    }
    case 'PublicUpdatePosted':
      return state;
    case 'ComplaintResolved': {
      if (state.status !== 'in-progress') return state;
      return { ...base, status: 'resolved', followUpKind: state.followUp.kind, resolvedAt: event.data.resolvedAt, autoCloseAt: event.data.autoCloseAt };
    }
    case 'ResolutionConfirmed':
      return { ...base, status: 'closed', closedBy: 'citizen', closedAt: event.data.confirmedAt };
    case 'ResolutionDisputed': {
      const followUp = { kind: event.data.followUpKind, deadline: event.data.followUpDeadline, escalated: false };
      return { ...base, reopenCount: event.data.reopenCount, status: 'in-progress', followUp };
    }
    case 'ComplaintAutoClosed':
      return { ...base, status: 'closed', closedBy: 'system', closedAt: event.data.closedAt };
    case 'VerificationOverdue':
      return 'verification' in state ? { ...state, verification: { ...state.verification, escalated: true } } : state;
    case 'FollowUpOverdue':
      return 'followUp' in state ? { ...state, followUp: { ...state.followUp, escalated: true } } : state;
    default:
      return assertNever(event);
  }
}

function knownOf(state: Exclude<Complaint, { status: 'absent' }>): Known {
  const { complaintId, agencyId, categoryCode, intakeType, trackingCode, channel, reporterId, anonymous, submittedAt, reopenCount } = state;
  return { complaintId, agencyId, categoryCode, intakeType, trackingCode, channel, reporterId, anonymous, submittedAt, reopenCount };
}
