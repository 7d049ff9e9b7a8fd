// Hand-computed permit cases of August 2026 (test-only, not exported).
//
// Indonesian calendar, August 2026: Saturday 1; weekends 8-9, 15-16, 22-23, 29-30;
// Monday 17 (Independence Day) and Tuesday 25 (Maulid Nabi) are holidays.
// Working days are counted after the start day up to and including the end day.
import { AnyEnvelope } from '../published-language/envelope';
import { at, endOf, EventSpec, streamOf } from '../testing/envelopes';

const AGENCY = 'dinas-pupr';
const PROCESSING_DAYS = 5;

function application(id: string, submittedAt: string, later: readonly EventSpec[], permitTypeCode = 'PBG'): AnyEnvelope[] {
  const ref = { applicationId: id, agencyId: AGENCY, permitTypeCode };
  const submitted: EventSpec = ['ApplicationSubmitted', { ...ref, trackingCode: `T-${id}`, standard: { processingDays: PROCESSING_DAYS, deemedApproval: false, feeIdr: 0, requiredDocuments: [] }, submittedAt }];
  return streamOf(`permit-${id}`, [submitted, ...later.map(([type, data]): EventSpec => [type, { ...ref, ...data }])]);
}

const verified = (verifiedAt: string, slaDeadline: string): EventSpec => ['ApplicationVerified', { verifiedAt, processingDays: PROCESSING_DAYS, slaDeadline }];
const approved = (approvedAt: string): EventSpec => ['ApplicationApproved', { approvedBy: 'officer-1', approvedAt }];
const rejected = (rejectedAt: string): EventSpec => ['ApplicationRejected', { reason: 'Tidak sesuai tata ruang', rejectedBy: 'officer-1', rejectedAt }];

/** Verified Fri 14, approved Wed 19: 15-16 weekend, 17 holiday, so 18 and 19 = 2 working days. */
export const caseA = application('A', at('2026-08-13'), [verified(at('2026-08-14', '10:00'), endOf('2026-08-21')), approved(at('2026-08-19', '15:00'))]);
/** Verified Thu 20, approved Thu 27: 21, 24, 26, 27 (25 a holiday) = 4. */
export const caseB = application('B', at('2026-08-20', '08:00'), [verified(at('2026-08-20'), endOf('2026-08-27')), approved(at('2026-08-27'))]);
/**
 * Verified Mon 10, revision Tue 11, resubmitted Fri 14, rejected Fri 21:
 * 8 working days (11-14, 18-21), of which 3 paused (12, 13, 14): 5, just within.
 */
export const caseC = application('C', at('2026-08-07'), [
  verified(at('2026-08-10'), endOf('2026-08-17')),
  ['RevisionRequested', { missingDocuments: ['GAMBAR'], reason: 'Gambar kurang', requestedAt: at('2026-08-11'), slaClockPaused: true }],
  ['ApplicationResubmitted', { documents: ['GAMBAR'], resubmittedAt: at('2026-08-14'), pausedWorkingDays: 3, slaDeadline: endOf('2026-08-21') }],
  rejected(at('2026-08-21')),
]);
/** Verified Mon 3, deadline Mon 10, breach detected Tue 11, approved Wed 19: 4-7, 10-14, 18-19 = 11. */
export const caseD = application('D', at('2026-08-03', '08:00'), [
  verified(at('2026-08-03'), endOf('2026-08-10')),
  ['SlaBreached', { slaDeadline: endOf('2026-08-10'), detectedAt: at('2026-08-11', '00:05') }],
  approved(at('2026-08-19')),
]);
/** Deemed approved at the deadline, Mon 10: 4-7, 10 = 5 working days, yet not within standard. */
export const caseE = application('E', at('2026-08-03', '08:00'), [
  verified(at('2026-08-03'), endOf('2026-08-10')),
  ['ApplicationDeemedApproved', { slaDeadline: endOf('2026-08-10'), detectedAt: at('2026-08-11', '00:01') }],
  ['PermitIssued', { permitNumber: 'PBG-2026-0005', issuedAt: at('2026-08-12') }],
], 'SKRK');
/** Submitted on the holiday, verified Tue 18, undecided: 14 calendar days old on 31 August. */
export const caseF = application('F', at('2026-08-17', '08:00'), [verified(at('2026-08-18'), endOf('2026-08-25'))]);
/** Submitted Fri 31 July, undecided: 31 days old on 31 August. */
export const caseG = application('G', at('2026-07-31'), []);
/** Withdrawn Thu 6: no decision. */
export const caseH = application('H', at('2026-08-04'), [['ApplicationWithdrawn', { reason: null, withdrawnAt: at('2026-08-06') }]]);
/** Rejected before verification: decided, but the clock never ran. */
export const caseI = application('I', at('2026-08-12'), [rejected(at('2026-08-13'))]);
/** Undecided, submitted 31, 29 and 25 August and 1 April. */
export const caseJ = application('J', at('2026-08-31'), []);
export const caseK = application('K', at('2026-08-29'), []);
export const caseL = application('L', at('2026-08-25'), []);
export const caseM = application('M', at('2026-04-01'), []);
/** Submitted Wed 26 August, approved Wed 2 September: still open at the end of August. */
export const caseN = application('N', at('2026-08-26'), [verified(at('2026-08-27'), endOf('2026-09-03')), approved(at('2026-09-02'))]);

export const AUGUST_CASES = { caseA, caseB, caseC, caseD, caseE, caseF, caseG, caseH, caseI, caseJ, caseK, caseL, caseM, caseN };
