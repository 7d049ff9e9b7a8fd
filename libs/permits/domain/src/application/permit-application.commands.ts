import { Command } from '@palembang/events/core';

/** The applicant's details as the portal sends them. */
export type ApplicantDetails = Readonly<{
  /** Stable pseudonymous id of the person (the portal's citizen account), never the NIK. */
  applicantId: string;
  /** Nomor Induk Kependudukan: 16 digits. */
  nik: string;
  name: string;
  phone: string;
  email?: string | null;
  address: string;
}>;

type Ref = { applicationId: string };

export type SubmitApplication = Command<'SubmitApplication', Ref & {
  /** Public code the citizen tracks the application by, issued by the caller. */
  trackingCode: string;
  permitTypeCode: string;
  applicant: ApplicantDetails;
  /** Codes of the documents handed in. */
  documents: readonly string[];
}>;
/** The agency asks the applicant for missing or corrected documents; pauses a running SLA clock. */
export type RequestRevision = Command<'RequestRevision', Ref & { missingDocuments: readonly string[]; reason: string }>;
export type ResubmitApplication = Command<'ResubmitApplication', Ref & { documents: readonly string[] }>;
/** The completeness check passed: starts the SLA clock. */
export type VerifyApplication = Command<'VerifyApplication', Ref>;
export type StartReview = Command<'StartReview', Ref & { officerId: string }>;
export type ApproveApplication = Command<'ApproveApplication', Ref>;
export type RejectApplication = Command<'RejectApplication', Ref & { reason: string }>;
export type IssuePermit = Command<'IssuePermit', Ref & { permitNumber: string }>;
export type WithdrawApplication = Command<'WithdrawApplication', Ref & { reason?: string | null }>;
/** Sent by the deadline watcher; `metadata.now` is the time of the check. Recalculates the deadline first. */
export type CheckDeadline = Command<'CheckDeadline', Ref>;
/** Sent after a change of the working-day calendar: recomputes the running or paused SLA clock's deadline. */
export type RecalculateSlaDeadline = Command<'RecalculateSlaDeadline', Ref>;

export type PermitApplicationCommand =
  | SubmitApplication
  | RequestRevision
  | ResubmitApplication
  | VerifyApplication
  | StartReview
  | ApproveApplication
  | RejectApplication
  | IssuePermit
  | WithdrawApplication
  | CheckDeadline
  | RecalculateSlaDeadline;

/**
 * Rejection codes of the permit application, with the HTTP status they suggest:
 * NOT_FOUND 404; ALREADY_SUBMITTED, INVALID_TRANSITION, DOCUMENTS_INCOMPLETE and
 * DEEMED_APPROVAL_DUE 409; UNKNOWN_TYPE, INVALID_NIK and INVALID_INPUT 400 (with `field`).
 */
export const PermitRejectionCodes = {
  NOT_FOUND: 'PERMIT.NOT_FOUND',
  ALREADY_SUBMITTED: 'PERMIT.ALREADY_SUBMITTED',
  INVALID_TRANSITION: 'PERMIT.INVALID_TRANSITION',
  DOCUMENTS_INCOMPLETE: 'PERMIT.DOCUMENTS_INCOMPLETE',
  DEEMED_APPROVAL_DUE: 'PERMIT.DEEMED_APPROVAL_DUE',
  UNKNOWN_TYPE: 'PERMIT.UNKNOWN_TYPE',
  INVALID_NIK: 'PERMIT.INVALID_NIK',
  INVALID_INPUT: 'PERMIT.INVALID_INPUT',
} as const;

export type PermitRejectionCode = (typeof PermitRejectionCodes)[keyof typeof PermitRejectionCodes];
