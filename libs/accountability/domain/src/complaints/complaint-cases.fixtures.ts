// Hand-computed complaints of August 2026 (test-only, not exported). Calendar as in
// permit-cases.fixtures.ts: Monday 17 and Tuesday 25 August are holidays.
import { AnyEnvelope } from '../published-language/envelope';
import { at, endOf, EventSpec, streamOf } from '../testing/envelopes';

const DESK = 'dinas-kominfo';

/** Events of one complaint; each later event names the agency responsible after it (the desk unless given). */
function complaint(id: string, categoryCode: string, submittedAt: string, verificationDeadline: string, later: readonly (readonly [type: string, agencyId: string, data: object])[]): AnyEnvelope[] {
  const ref = { complaintId: id, categoryCode, intakeType: 'complaint' };
  const submitted: EventSpec = ['ComplaintSubmitted', { ...ref, agencyId: DESK, submittedAt, verificationDeadline }];
  return streamOf(`complaint-${id}`, [submitted, ...later.map(([type, agencyId, data]): EventSpec => [type, { ...ref, agencyId, ...data }])]);
}

/**
 * K1 (Disdukcapil): received Fri 14, verified Tue 18 (deadline Thu 20: within), accepted Wed 19 (1 working day),
 * resolved Mon 24 (19, 20, 21, 24: 4), disputed Wed 26, resolved again Mon 31 (19-21, 24, 26-28, 31: 8), within deadline.
 */
export const k1 = complaint('K1', 'ADMINDUK', at('2026-08-14', '10:00'), endOf('2026-08-20'), [
  ['ComplaintVerified', 'disdukcapil', { verifiedAt: at('2026-08-18'), followUpDeadline: endOf('2026-08-26') }],
  ['ComplaintAccepted', 'disdukcapil', { acceptedAt: at('2026-08-19') }],
  ['ComplaintResolved', 'disdukcapil', { resolvedAt: at('2026-08-24'), followUpDeadline: endOf('2026-08-26'), withinDeadline: true }],
  ['ResolutionDisputed', 'disdukcapil', { disputedAt: at('2026-08-26'), reopenCount: 1, followUpDeadline: endOf('2026-09-02') }],
  ['ComplaintResolved', 'disdukcapil', { resolvedAt: at('2026-08-31'), followUpDeadline: endOf('2026-09-02'), withinDeadline: true }],
]);

/**
 * K2: received Fri 14, verification overdue at the start of Fri 21 and verified that morning to transport, which
 * posts an update on Mon 24 and declines on Wed 26; rerouted to public works Thu 27, which accepts Fri 28
 * (its first response: 1 working day) and resolves Mon 31 (28, 31: 2) after its deadline.
 */
export const k2 = complaint('K2', 'LAMPU-LALU-LINTAS', at('2026-08-14', '10:00'), endOf('2026-08-20'), [
  ['VerificationOverdue', DESK, { verificationDeadline: endOf('2026-08-20'), detectedAt: at('2026-08-21', '00:00') }],
  ['ComplaintVerified', 'dinas-perhubungan', { verifiedAt: at('2026-08-21'), followUpDeadline: endOf('2026-09-10') }],
  ['PublicUpdatePosted', 'dinas-perhubungan', { postedAt: at('2026-08-24') }],
  ['AuthorityDeclined', DESK, { declinedBy: 'dinas-perhubungan', declinedAt: at('2026-08-26') }],
  ['ComplaintRerouted', 'dinas-pupr', { previousAgencyId: 'dinas-perhubungan', reroutedAt: at('2026-08-27'), followUpDeadline: endOf('2026-08-28') }],
  ['ComplaintAccepted', 'dinas-pupr', { acceptedAt: at('2026-08-28') }],
  ['ComplaintResolved', 'dinas-pupr', { resolvedAt: at('2026-08-31'), followUpDeadline: endOf('2026-08-28'), withinDeadline: false }],
]);

/** K3: received on the holiday, Mon 17 (deadline Thu 20); overdue on Fri 21, then archived as invalid. */
export const k3 = complaint('K3', 'ADMINDUK', at('2026-08-17', '08:00'), endOf('2026-08-20'), [
  ['VerificationOverdue', DESK, { verificationDeadline: endOf('2026-08-20'), detectedAt: at('2026-08-21', '00:00') }],
  ['ComplaintArchived', DESK, { archivedAt: at('2026-08-21', '10:00') }],
]);

/** K4: received Thu 27, deadline Tue 1 September, not verified yet. */
export const k4 = complaint('K4', 'JALAN-RUSAK', at('2026-08-27'), endOf('2026-09-01'), []);

/** K5: received Mon 3, verified Tue 4 (within), accepted Fri 7 (5, 6, 7: 3), resolved Wed 12 (5-7, 10-12: 6) within, confirmed. */
export const k5 = complaint('K5', 'JALAN-RUSAK', at('2026-08-03'), endOf('2026-08-06'), [
  ['ComplaintVerified', 'dinas-pupr', { verifiedAt: at('2026-08-04'), followUpDeadline: endOf('2026-08-11') }],
  ['ComplaintAccepted', 'dinas-pupr', { acceptedAt: at('2026-08-07') }],
  ['ComplaintResolved', 'dinas-pupr', { resolvedAt: at('2026-08-12'), followUpDeadline: endOf('2026-08-11'), withinDeadline: true }],
  ['ResolutionConfirmed', 'dinas-pupr', { confirmedAt: at('2026-08-13') }],
]);

/**
 * K6: received and verified Mon 3 (deadline of the follow-up Mon 10); follow-up overdue Tue 11; first update Wed 12
 * (4-7, 10-12: 7), resolved Fri 14 (9) late, closed by the system later.
 */
export const k6 = complaint('K6', 'JALAN-RUSAK', at('2026-08-03', '08:00'), endOf('2026-08-06'), [
  ['ComplaintVerified', 'dinas-pupr', { verifiedAt: at('2026-08-03', '11:00'), followUpDeadline: endOf('2026-08-10') }],
  ['FollowUpOverdue', 'dinas-pupr', { followUpDeadline: endOf('2026-08-10'), detectedAt: at('2026-08-11', '00:00') }],
  ['PublicUpdatePosted', 'dinas-pupr', { postedAt: at('2026-08-12') }],
  ['ComplaintResolved', 'dinas-pupr', { resolvedAt: at('2026-08-14'), followUpDeadline: endOf('2026-08-10'), withinDeadline: false }],
  ['ComplaintAutoClosed', 'dinas-pupr', { closedAt: endOf('2026-08-28') }],
]);

export const AUGUST_COMPLAINTS = { k1, k2, k3, k4, k5, k6 };
