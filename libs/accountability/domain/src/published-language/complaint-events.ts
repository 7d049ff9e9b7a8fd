import { Event } from '@palembang/events/core';

/**
 * Published language, consumer side: the complaint events (topic `complaints.events`,
 * schema version 1) and the fields of each that the accountability read model reads
 * (see libs/complaints/domain/src/complaint/complaint.ts). `agencyId` is the agency
 * responsible once the event happened: the complaints desk before routing and while a
 * declined report waits to be rerouted, the agency it was routed to afterwards.
 *
 * Not read: the reporter, texts, location, channel; ResolutionConfirmed and
 * ComplaintAutoClosed are read only for the closing time.
 */
export type ComplaintRefRead = Readonly<{ complaintId: string; agencyId: string; categoryCode: string; intakeType: string }>;

export type ComplaintSubmittedRead = Event<'ComplaintSubmitted', ComplaintRefRead & { submittedAt: string; verificationDeadline: string }>;
/** Verified and routed to the responsible agency `agencyId`. */
export type ComplaintVerifiedRead = Event<'ComplaintVerified', ComplaintRefRead & { verifiedAt: string; followUpDeadline: string }>;
export type ComplaintArchivedRead = Event<'ComplaintArchived', ComplaintRefRead & { archivedAt: string }>;
export type ComplaintAcceptedRead = Event<'ComplaintAccepted', ComplaintRefRead & { acceptedAt: string }>;
export type AuthorityDeclinedRead = Event<'AuthorityDeclined', ComplaintRefRead & { declinedBy: string; declinedAt: string }>;
export type ComplaintReroutedRead = Event<'ComplaintRerouted', ComplaintRefRead & { previousAgencyId: string; reroutedAt: string; followUpDeadline: string }>;
export type PublicUpdatePostedRead = Event<'PublicUpdatePosted', ComplaintRefRead & { postedAt: string }>;
export type ComplaintResolvedRead = Event<'ComplaintResolved', ComplaintRefRead & { resolvedAt: string; followUpDeadline: string; withinDeadline: boolean }>;
export type ResolutionConfirmedRead = Event<'ResolutionConfirmed', ComplaintRefRead & { confirmedAt: string }>;
export type ResolutionDisputedRead = Event<'ResolutionDisputed', ComplaintRefRead & { disputedAt: string; reopenCount: number; followUpDeadline: string }>;
export type ComplaintAutoClosedRead = Event<'ComplaintAutoClosed', ComplaintRefRead & { closedAt: string }>;
export type VerificationOverdueRead = Event<'VerificationOverdue', ComplaintRefRead & { verificationDeadline: string; detectedAt: string }>;
export type FollowUpOverdueRead = Event<'FollowUpOverdue', ComplaintRefRead & { followUpDeadline: string; detectedAt: string }>;
/** A running deadline moved because the working-day calendar changed (or its year was published). */
export type ComplaintDeadlineRecalculatedRead = Event<'ComplaintDeadlineRecalculated', ComplaintRefRead & { clock: 'verification' | 'follow-up' | 'auto-close'; deadline: string; provisional: boolean }>;

export type ComplaintEventRead =
  | ComplaintSubmittedRead
  | ComplaintVerifiedRead
  | ComplaintArchivedRead
  | ComplaintAcceptedRead
  | AuthorityDeclinedRead
  | ComplaintReroutedRead
  | PublicUpdatePostedRead
  | ComplaintResolvedRead
  | ResolutionConfirmedRead
  | ResolutionDisputedRead
  | ComplaintAutoClosedRead
  | VerificationOverdueRead
  | FollowUpOverdueRead
  | ComplaintDeadlineRecalculatedRead;

export const COMPLAINT_EVENT_TYPES_READ: readonly ComplaintEventRead['type'][] = [
  'ComplaintSubmitted',
  'ComplaintVerified',
  'ComplaintArchived',
  'ComplaintAccepted',
  'AuthorityDeclined',
  'ComplaintRerouted',
  'PublicUpdatePosted',
  'ComplaintResolved',
  'ResolutionConfirmed',
  'ResolutionDisputed',
  'ComplaintAutoClosed',
  'VerificationOverdue',
  'FollowUpOverdue',
  'ComplaintDeadlineRecalculated',
];
