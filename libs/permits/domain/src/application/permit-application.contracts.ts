import { defineContract, EventContract } from '@palembang/events/core';
import { ApplicationSubmitted, PermitApplicationEvent } from './permit-application';

/** The applicant's personal fields (UU 27/2022), sealed per applicant in the event store. */
export const APPLICANT_PERSONAL_FIELDS = ['applicant.nik', 'applicant.name', 'applicant.phone', 'applicant.email', 'applicant.address'] as const;

/** The subject of the personal data: the applicant's pseudonymous id, never the NIK. */
/** The personal-data subject of an applicant: their pseudonymous id, never the NIK. */
export const subjectOfApplicant = (applicantId: string): string => `applicant:${applicantId}`;
export const applicantSubjectId = (data: ApplicationSubmitted['data']): string => subjectOfApplicant(data.applicant.applicantId);

/** One contract per event type; a new event type without a contract breaks the build here. */
const contracts: { readonly [Type in PermitApplicationEvent['type']]: EventContract } = {
  ApplicationSubmitted: defineContract<ApplicationSubmitted>({
    type: 'ApplicationSubmitted',
    schemaVersion: 1,
    personalData: { subjectId: applicantSubjectId, fields: APPLICANT_PERSONAL_FIELDS },
  }),
  RevisionRequested: { type: 'RevisionRequested', schemaVersion: 1 },
  ApplicationResubmitted: { type: 'ApplicationResubmitted', schemaVersion: 1 },
  ApplicationVerified: { type: 'ApplicationVerified', schemaVersion: 1 },
  ReviewStarted: { type: 'ReviewStarted', schemaVersion: 1 },
  ApplicationApproved: { type: 'ApplicationApproved', schemaVersion: 1 },
  ApplicationDeemedApproved: { type: 'ApplicationDeemedApproved', schemaVersion: 1 },
  SlaBreached: { type: 'SlaBreached', schemaVersion: 1 },
  PermitIssued: { type: 'PermitIssued', schemaVersion: 1 },
  ApplicationRejected: { type: 'ApplicationRejected', schemaVersion: 1 },
  ApplicationWithdrawn: { type: 'ApplicationWithdrawn', schemaVersion: 1 },
  SlaDeadlineRecalculated: { type: 'SlaDeadlineRecalculated', schemaVersion: 1 },
};

/** Every event contract of the permits context, for the service's contract registry. */
export const permitEventContracts: readonly EventContract[] = Object.values(contracts);

export const PERMIT_APPLICATION_EVENT_TYPES = Object.keys(contracts) as readonly PermitApplicationEvent['type'][];
