// The decider under specification (test-only, not exported).
import { deciderSpecification } from '@palembang/events/core';
import { indonesianCalendar } from '@palembang/working-days';
import { palembangComplaintCategories } from '../categories/palembang-categories';
import { complaintDecider } from './complaint.decide';
import { ComplaintRef } from './complaint';
import { complaintEvent, SAMPLE_AUTO_CLOSE_WORKING_DAYS, SAMPLE_KTP_COMPLAINT, SAMPLE_STREET_LIGHT_COMPLAINT, sampleSubmitted } from './complaint.fixtures';

export const decider = complaintDecider({ categories: palembangComplaintCategories(), calendar: indonesianCalendar(), autoCloseWorkingDays: SAMPLE_AUTO_CLOSE_WORKING_DAYS });
export const spec = deciderSpecification(decider);

// Calendar: Indonesia 2026. Saturday 15, Sunday 16 and Monday 17 August (Independence Day) are days off, and so is Tuesday 25 August (Maulid Nabi).
export const FRI_14_AUG = '2026-08-14T10:00:00+07:00';
export const TUE_18_AUG = '2026-08-18T09:00:00+07:00';
export const WED_19_AUG = '2026-08-19T09:00:00+07:00';
export const THU_20_AUG = '2026-08-20T09:00:00+07:00';
export const FRI_21_AUG = '2026-08-21T09:00:00+07:00';
export const MON_24_AUG = '2026-08-24T09:00:00+07:00';
export const WED_26_AUG = '2026-08-26T09:00:00+07:00';
export const endOf = (date: string) => `${date}T23:59:59.999+07:00`;

/** 3 working days after Friday 14 August: Tuesday 18, Wednesday 19, Thursday 20. */
export const VERIFICATION_DEADLINE = endOf('2026-08-20');

export const KTP = SAMPLE_KTP_COMPLAINT;
export const KTP_AT_DUKCAPIL: ComplaintRef = { ...KTP, agencyId: 'disdukcapil' };
export const ktpSubmitted = sampleSubmitted(KTP, FRI_14_AUG, VERIFICATION_DEADLINE);
/** Standard follow-up, 5 working days after Tuesday 18 August: 19, 20, 21, 24 and (25 being a holiday) 26. */
export const ktpVerified = complaintEvent('ComplaintVerified', KTP, { agencyId: 'disdukcapil', followUpKind: 'standard', followUpDays: 5, verifiedAt: TUE_18_AUG, followUpDeadline: endOf('2026-08-26') });
export const ktpAccepted = complaintEvent('ComplaintAccepted', KTP_AT_DUKCAPIL, { acceptedAt: WED_19_AUG, followUpDeadline: endOf('2026-08-26') });
export const ktpUpdate = complaintEvent('PublicUpdatePosted', KTP_AT_DUKCAPIL, { message: 'Blangko KTP-el sudah tersedia; pencetakan dijadwalkan.', postedAt: THU_20_AUG });
/** Auto-close 10 working days after Monday 24 August (25 August a holiday): Tuesday 8 September. */
export const ktpResolved = complaintEvent('ComplaintResolved', KTP_AT_DUKCAPIL, {
  response: 'KTP-el sudah dicetak dan dapat diambil di kantor Kecamatan Ilir Barat I.',
  resolvedAt: MON_24_AUG,
  followUpDeadline: endOf('2026-08-26'),
  withinDeadline: true,
  autoCloseAt: endOf('2026-09-08'),
  autoCloseWorkingDays: 10,
});
/** Reopened on Wednesday 26 August: 5 fresh working days, to Wednesday 2 September. */
export const ktpDisputed = complaintEvent('ResolutionDisputed', KTP_AT_DUKCAPIL, {
  reason: 'Di kecamatan KTP-el belum ada.',
  disputedAt: WED_26_AUG,
  reopenCount: 1,
  followUpKind: 'standard',
  followUpDeadline: endOf('2026-09-02'),
});

export const LIGHT = SAMPLE_STREET_LIGHT_COMPLAINT;
export const LIGHT_AT_DISHUB: ComplaintRef = { ...LIGHT, agencyId: 'dinas-perhubungan' };
export const LIGHT_AT_PUPR: ComplaintRef = { ...LIGHT, agencyId: 'dinas-pupr' };
export const lightSubmitted = sampleSubmitted(LIGHT, FRI_14_AUG, VERIFICATION_DEADLINE);
/** No field check: 14 working days after Tuesday 18 August, Tuesday 8 September. */
export const lightVerified = complaintEvent('ComplaintVerified', LIGHT, { agencyId: 'dinas-perhubungan', followUpKind: 'no-field-check', followUpDays: 14, verifiedAt: TUE_18_AUG, followUpDeadline: endOf('2026-09-08') });
/** Back with the desk, which has 3 working days to reroute: 24, 26 and 27 August. */
export const lightDeclined = complaintEvent('AuthorityDeclined', LIGHT, {
  declinedBy: 'dinas-perhubungan',
  reason: 'Lampu jalan lingkungan dikelola Dinas PUPR.',
  declinedAt: FRI_21_AUG,
  verificationDeadline: endOf('2026-08-27'),
});
/** A fresh 14 working days from Monday 24 August: Monday 14 September. */
export const lightRerouted = complaintEvent('ComplaintRerouted', LIGHT_AT_PUPR, {
  previousAgencyId: 'dinas-perhubungan',
  followUpKind: 'no-field-check',
  followUpDays: 14,
  reroutedAt: MON_24_AUG,
  followUpDeadline: endOf('2026-09-14'),
});
