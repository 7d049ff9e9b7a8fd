import { Command } from '@palembang/events/core';
import { FollowUpKind } from '../categories/complaint-category';
import { ArchiveReason, Channel, GeoLocation, IntakeType } from './complaint';

/** The reporter as the channel sends them. */
export type ReporterDetails = Readonly<{
  /** Stable pseudonymous id of the person (citizen account, or a channel identity), never the NIK. */
  reporterId: string;
  name: string;
  /** Nomor Induk Kependudukan (16 digits), when given. */
  nik: string | null;
  phone: string | null;
  email: string | null;
}>;

type Ref = { complaintId: string };

/** A report arrives through a channel; the complaints desk has 3 working days to verify it. */
export type SubmitComplaint = Command<'SubmitComplaint', Ref & {
  /** Public code the reporter tracks the complaint by, issued by the caller. */
  trackingCode: string;
  intakeType: IntakeType;
  channel: Channel;
  categoryCode: string;
  title: string;
  description: string;
  /** At least one of location and address. */
  location: GeoLocation | null;
  address: string | null;
  reporter: ReporterDetails;
  anonymous: boolean;
}>;
/**
 * The desk (only) verifies and routes the report. The agency defaults to the category's; the
 * follow-up kind to `standard` for an information request, else to the category's.
 */
export type VerifyComplaint = Command<'VerifyComplaint', Ref & { followUpKind?: FollowUpKind | null; agencyId?: string | null }>;
/** The desk (only) archives a report that is not a valid one or repeats another (`duplicateOf`, required iff duplicate). */
export type ArchiveComplaint = Command<'ArchiveComplaint', Ref & { reason: ArchiveReason; note: string; duplicateOf: string | null }>;
/** The agency responsible takes the complaint up; the follow-up deadline is unchanged. */
export type AcceptComplaint = Command<'AcceptComplaint', Ref>;
/** The agency responsible says the matter is not its authority: the report goes back to the desk. */
export type DeclineAuthority = Command<'DeclineAuthority', Ref & { reason: string }>;
/** The desk (only) routes a declined report to another agency, with a fresh follow-up deadline. */
export type RerouteComplaint = Command<'RerouteComplaint', Ref & { agencyId: string; followUpKind?: FollowUpKind | null }>;
/** The agency responsible tells the public how the follow-up goes. */
export type PostPublicUpdate = Command<'PostPublicUpdate', Ref & { message: string }>;
/** The agency responsible answers the complaint; it closes by itself unless the reporter reacts in time. */
export type ResolveComplaint = Command<'ResolveComplaint', Ref & { response: string }>;
/** The reporter is satisfied. The service authenticates the reporter (account or tracking token). */
export type ConfirmResolution = Command<'ConfirmResolution', Ref>;
/** The reporter is not satisfied: the complaint is reopened with the same agency. */
export type DisputeResolution = Command<'DisputeResolution', Ref & { reason: string }>;
/** Sent by the deadline watcher; `metadata.now` is the time of the check. The running deadline is recalculated first. */
export type CheckDeadlines = Command<'CheckDeadlines', Ref>;
/** Sent after a working-day calendar change: the running deadline under the calendar as it is now (recorded only when it moved). */
export type RecalculateDeadlines = Command<'RecalculateDeadlines', Ref>;

export type ComplaintCommand =
  | SubmitComplaint
  | VerifyComplaint
  | ArchiveComplaint
  | AcceptComplaint
  | DeclineAuthority
  | RerouteComplaint
  | PostPublicUpdate
  | ResolveComplaint
  | ConfirmResolution
  | DisputeResolution
  | CheckDeadlines
  | RecalculateDeadlines;

/**
 * Rejection codes of a complaint, with the HTTP status they suggest: NOT_FOUND 404;
 * FORBIDDEN 403 (the command belongs to the desk, or to the agency responsible);
 * ALREADY_SUBMITTED, INVALID_TRANSITION and AUTO_CLOSE_DUE 409; UNKNOWN_CATEGORY,
 * INVALID_NIK, SAME_AGENCY and INVALID_INPUT 400 (with `field`).
 */
export const ComplaintRejectionCodes = {
  NOT_FOUND: 'COMPLAINT.NOT_FOUND',
  FORBIDDEN: 'COMPLAINT.FORBIDDEN',
  ALREADY_SUBMITTED: 'COMPLAINT.ALREADY_SUBMITTED',
  INVALID_TRANSITION: 'COMPLAINT.INVALID_TRANSITION',
  AUTO_CLOSE_DUE: 'COMPLAINT.AUTO_CLOSE_DUE',
  UNKNOWN_CATEGORY: 'COMPLAINT.UNKNOWN_CATEGORY',
  INVALID_NIK: 'COMPLAINT.INVALID_NIK',
  SAME_AGENCY: 'COMPLAINT.SAME_AGENCY',
  INVALID_INPUT: 'COMPLAINT.INVALID_INPUT',
} as const;

export type ComplaintRejectionCode = (typeof ComplaintRejectionCodes)[keyof typeof ComplaintRejectionCodes];
