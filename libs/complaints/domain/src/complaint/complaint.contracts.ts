import { defineContract, EventContract } from '@palembang/events/core';
import { ComplaintEvent, ComplaintSubmitted } from './complaint';

/** The reporter's personal fields (UU 27/2022), sealed per reporter in the event store. */
export const REPORTER_PERSONAL_FIELDS = ['reporter.name', 'reporter.nik', 'reporter.phone', 'reporter.email'] as const;

/**
 * What the reporter wrote and where: sealed under the reporter's key too (also when the
 * report is anonymous: the subject is still the person who reported), so forgetting
 * them erases the report's text and place in the events, on Kafka and in the views.
 */
export const REPORT_PERSONAL_FIELDS = ['title', 'description', 'address', 'location'] as const;

/** Every personal field of ComplaintSubmitted, all of one subject: the reporter. */
export const COMPLAINT_SUBMITTED_PERSONAL_FIELDS = [...REPORTER_PERSONAL_FIELDS, ...REPORT_PERSONAL_FIELDS] as const;

/** The personal-data subject of a reporter: their pseudonymous id, never the NIK. */
export const subjectOfReporter = (reporterId: string): string => `reporter:${reporterId}`;
export const reporterSubjectId = (data: ComplaintSubmitted['data']): string => subjectOfReporter(data.reporter.reporterId);

/** One contract per event type; a new event type without a contract breaks the build here. */
const contracts: { readonly [Type in ComplaintEvent['type']]: EventContract } = {
  ComplaintSubmitted: defineContract<ComplaintSubmitted>({
    type: 'ComplaintSubmitted',
    schemaVersion: 1,
    // The desk the complaint is submitted to holds the reporter's case, not the portal that sent it.
    personalData: { subjectId: reporterSubjectId, fields: COMPLAINT_SUBMITTED_PERSONAL_FIELDS, agencyId: (data) => data.agencyId },
  }),
  ComplaintVerified: { type: 'ComplaintVerified', schemaVersion: 1 },
  ComplaintArchived: { type: 'ComplaintArchived', schemaVersion: 1 },
  ComplaintAccepted: { type: 'ComplaintAccepted', schemaVersion: 1 },
  AuthorityDeclined: { type: 'AuthorityDeclined', schemaVersion: 1 },
  ComplaintRerouted: { type: 'ComplaintRerouted', schemaVersion: 1 },
  PublicUpdatePosted: { type: 'PublicUpdatePosted', schemaVersion: 1 },
  ComplaintResolved: { type: 'ComplaintResolved', schemaVersion: 1 },
  ResolutionConfirmed: { type: 'ResolutionConfirmed', schemaVersion: 1 },
  ResolutionDisputed: { type: 'ResolutionDisputed', schemaVersion: 1 },
  ComplaintAutoClosed: { type: 'ComplaintAutoClosed', schemaVersion: 1 },
  VerificationOverdue: { type: 'VerificationOverdue', schemaVersion: 1 },
  FollowUpOverdue: { type: 'FollowUpOverdue', schemaVersion: 1 },
  ComplaintDeadlineRecalculated: { type: 'ComplaintDeadlineRecalculated', schemaVersion: 1 },
};

/** Every event contract of the complaints context, for the service's contract registry. */
export const complaintEventContracts: readonly EventContract[] = Object.values(contracts);

export const COMPLAINT_EVENT_TYPES = Object.keys(contracts) as readonly ComplaintEvent['type'][];
