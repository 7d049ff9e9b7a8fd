import { Event } from '@palembang/events/core';

/**
 * Published language, consumer side: the permit events (topic `permits.events`, all
 * at schema version 1) and the fields of each that the accountability read model
 * reads. The permits context owns these events; this context may not import its
 * domain library (scope rule), so it declares the subset it depends on. A field
 * added upstream changes nothing here; a field renamed or removed upstream must be
 * upcast there (see libs/permits/domain/src/application/permit-application.ts).
 *
 * Not read: ReviewStarted (no metric depends on it), applicant and document data.
 */
export type PermitApplicationRef = Readonly<{ applicationId: string; agencyId: string; permitTypeCode: string }>;

export type ApplicationSubmittedRead = Event<'ApplicationSubmitted', PermitApplicationRef & {
  /** The service standard in force at submission; only `processingDays` (working days) is read. */
  standard: Readonly<{ processingDays: number }>;
  submittedAt: string;
}>;
export type ApplicationVerifiedRead = Event<'ApplicationVerified', PermitApplicationRef & { verifiedAt: string; processingDays: number; slaDeadline: string }>;
export type RevisionRequestedRead = Event<'RevisionRequested', PermitApplicationRef & {
  requestedAt: string;
  /** True when the SLA clock was running (the application had been verified) and is now paused. */
  slaClockPaused: boolean;
}>;
export type ApplicationResubmittedRead = Event<'ApplicationResubmitted', PermitApplicationRef & { resubmittedAt: string; slaDeadline: string | null }>;
export type ApplicationApprovedRead = Event<'ApplicationApproved', PermitApplicationRef & { approvedAt: string }>;
/** Fiktif positif: the deadline `slaDeadline` passed without a decision and the law approved the application. */
export type ApplicationDeemedApprovedRead = Event<'ApplicationDeemedApproved', PermitApplicationRef & { slaDeadline: string; detectedAt: string }>;
export type SlaBreachedRead = Event<'SlaBreached', PermitApplicationRef & { slaDeadline: string; detectedAt: string }>;
/** The SLA deadline moved because the working-day calendar changed (or its year was published). */
export type SlaDeadlineRecalculatedRead = Event<'SlaDeadlineRecalculated', PermitApplicationRef & { deadline: string; provisional: boolean }>;
export type PermitIssuedRead = Event<'PermitIssued', PermitApplicationRef & { issuedAt: string }>;
export type ApplicationRejectedRead = Event<'ApplicationRejected', PermitApplicationRef & { rejectedAt: string }>;
export type ApplicationWithdrawnRead = Event<'ApplicationWithdrawn', PermitApplicationRef & { withdrawnAt: string }>;

export type PermitEventRead =
  | ApplicationSubmittedRead
  | ApplicationVerifiedRead
  | RevisionRequestedRead
  | ApplicationResubmittedRead
  | ApplicationApprovedRead
  | ApplicationDeemedApprovedRead
  | SlaBreachedRead
  | SlaDeadlineRecalculatedRead
  | PermitIssuedRead
  | ApplicationRejectedRead
  | ApplicationWithdrawnRead;

export const PERMIT_EVENT_TYPES_READ: readonly PermitEventRead['type'][] = [
  'ApplicationSubmitted',
  'ApplicationVerified',
  'RevisionRequested',
  'ApplicationResubmitted',
  'ApplicationApproved',
  'ApplicationDeemedApproved',
  'SlaBreached',
  'SlaDeadlineRecalculated',
  'PermitIssued',
  'ApplicationRejected',
  'ApplicationWithdrawn',
];
