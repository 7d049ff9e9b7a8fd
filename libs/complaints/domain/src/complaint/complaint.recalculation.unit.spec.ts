import { deciderSpecification, foldEvents } from '@palembang/events/core';
import { CalendarDay, INDONESIA_CALENDAR_2026, PublishedYear, seedCalendarYears, workingDayCalendarOf } from '@palembang/working-days';
import { COMPLAINTS_DESK_AGENCY } from '../categories/complaint-category';
import { palembangComplaintCategories } from '../categories/palembang-categories';
import { ComplaintDeadlineRecalculated, ComplaintEvent } from './complaint';
import { ComplaintRejectionCodes } from './complaint.commands';
import { complaintDecider } from './complaint.decide';
import { complaintCommand, complaintEvent, SAMPLE_AUTO_CLOSE_WORKING_DAYS, sampleSubmission, sampleSubmitted } from './complaint.fixtures';
import { nextDeadlineOf } from './deadlines';
import { decider, endOf, KTP, KTP_AT_DUKCAPIL, ktpAccepted, ktpResolved, ktpSubmitted, ktpVerified, spec } from './complaint.test-kit';
import { timelineOf } from './timeline';

// Calendars: `spec` decides with 2026 published and 2027 not (forecast: 1 January and Isra Mikraj on Tuesday 5 January 2027 off).
const DECREE_2026 = INDONESIA_CALENDAR_2026.decree.reference;
const DECREE_2027 = 'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB tentang Hari Libur Nasional dan Cuti Bersama Tahun 2027';
const AMENDMENT_2026 = 'SKB perubahan atas SKB Hari Libur Nasional dan Cuti Bersama Tahun 2026';

/** 2027 as published: Isra Mikraj where forecast, and collective leave on Monday 4 January. */
const YEAR_2027: PublishedYear = {
  year: 2027,
  decree: { reference: DECREE_2027, date: '2026-09-20' },
  days: [
    { date: '2027-01-01', kind: 'national-holiday', name: 'Tahun Baru 2027 Masehi' },
    { date: '2027-01-04', kind: 'collective-leave', name: 'Cuti bersama Tahun Baru 2027' },
    { date: '2027-01-05', kind: 'national-holiday', name: 'Isra Mikraj Nabi Muhammad SAW' },
  ],
  amendments: [],
};
/** 2026 amended: Monday 24 August 2026 becomes collective leave. */
const LEAVE_24_AUG: CalendarDay = { date: '2026-08-24', kind: 'collective-leave', name: 'Cuti bersama Maulid Nabi Muhammad SAW' };
const AMENDED_2026: PublishedYear = { ...seedCalendarYears()[0], days: [...seedCalendarYears()[0].days, LEAVE_24_AUG], amendments: [{ reference: AMENDMENT_2026 }] };

const deciderWith = (...years: PublishedYear[]) =>
  complaintDecider({ categories: palembangComplaintCategories(), calendar: workingDayCalendarOf(years), autoCloseWorkingDays: SAMPLE_AUTO_CLOSE_WORKING_DAYS });
const published2027 = deciderSpecification(deciderWith(...seedCalendarYears(), YEAR_2027));
const amended2026 = deciderSpecification(deciderWith(AMENDED_2026));

const check = (now: string) => complaintCommand('CheckDeadlines', { complaintId: KTP.complaintId }, now, COMPLAINTS_DESK_AGENCY, 'deadline-watcher');
const recalculate = (now: string) => complaintCommand('RecalculateDeadlines', { complaintId: KTP.complaintId }, now, COMPLAINTS_DESK_AGENCY, 'calendar');
const recalculated = (data: Omit<ComplaintDeadlineRecalculated['data'], 'complaintId' | 'categoryCode' | 'intakeType' | 'agencyId'>, agencyId = KTP.agencyId) =>
  complaintEvent('ComplaintDeadlineRecalculated', KTP, { ...data, agencyId });
const PUBLISHED_REASON = `Batas waktu dihitung ulang: kalender kerja 2026, 2027 telah ditetapkan (${DECREE_2026}; ${DECREE_2027})`;
const AMENDED_REASON = `Batas waktu dihitung ulang: kalender kerja diubah (2026: ${AMENDMENT_2026})`;

describe('a follow-up deadline across the new year', () => {
  // 14 working days from Monday 14 December 2026, skipping 24 and 25 December and 1 January.
  const submitted = sampleSubmitted(KTP, '2026-12-10T10:00:00+07:00', endOf('2026-12-15'));
  const verify = complaintCommand('VerifyComplaint', { complaintId: KTP.complaintId, followUpKind: 'no-field-check' }, '2026-12-14T09:00:00+07:00');
  const verified = complaintEvent('ComplaintVerified', KTP, {
    agencyId: 'disdukcapil',
    followUpKind: 'no-field-check',
    followUpDays: 14,
    verifiedAt: '2026-12-14T09:00:00+07:00',
    followUpDeadline: endOf('2027-01-07'),
    followUpProvisional: true,
  });
  const confirmed = recalculated(
    {
      clock: 'follow-up',
      previousDeadline: endOf('2027-01-07'),
      previousProvisional: true,
      deadline: endOf('2027-01-08'),
      provisional: false,
      calendar: [
        { year: 2026, decree: DECREE_2026, amendments: [] },
        { year: 2027, decree: DECREE_2027, amendments: [] },
      ],
      reason: PUBLISHED_REASON,
      recalculatedAt: '2026-12-20T10:00:00+07:00',
    },
    'disdukcapil',
  );

  it('is provisional while 2027 is not published: 4 and 6 January forecast as working days, 5 January (Isra Mikraj) not', () => {
    spec.given([submitted]).when(verify).then([verified]);
    expect(nextDeadlineOf(foldEvents(decider, [submitted, verified]))).toEqual({ kind: 'follow-up', at: endOf('2027-01-07'), provisional: true });
  });

  it('becomes final once 2027 is published, one working day later for the collective leave of 4 January', () => {
    published2027.given([submitted, verified]).when(recalculate('2026-12-20T10:00:00+07:00')).then([confirmed]);
    expect(nextDeadlineOf(foldEvents(decider, [submitted, verified, confirmed]))).toEqual({ kind: 'follow-up', at: endOf('2027-01-08'), provisional: false });
  });

  it('is recalculated once: nothing more to record under the same calendar', () => {
    published2027.given([submitted, verified, confirmed]).when(recalculate('2026-12-21T10:00:00+07:00')).then([]);
    spec.given([submitted, verified]).when(recalculate('2026-12-21T10:00:00+07:00')).then([]);
  });

  it('shows the recalculation in the public timeline, in Indonesian', () => {
    const entry = timelineOf([submitted, verified, confirmed])[2];
    expect(entry).toEqual({
      at: '2026-12-20T10:00:00+07:00',
      event: 'ComplaintDeadlineRecalculated',
      status: 'routed',
      label: 'Batas waktu dihitung ulang',
      details: { clock: 'follow-up', previousDeadline: endOf('2027-01-07'), deadline: endOf('2027-01-08'), provisional: false, reason: PUBLISHED_REASON },
    });
    expect(timelineOf([submitted, verified])[1].details).toMatchObject({ followUpDeadline: endOf('2027-01-07'), provisional: true });
  });
});

describe('an escalation on a provisional deadline', () => {
  // 3 working days from Wednesday 30 December 2026: 31 December, then 4 and 6 January as forecast.
  const received = sampleSubmitted(KTP, '2026-12-30T09:00:00+07:00', endOf('2027-01-06'));
  const submitted: ComplaintEvent = { ...received, data: { ...received.data, verificationProvisional: true } };

  it('is recorded provisional when the report arrives', () => {
    spec.given([]).when(complaintCommand('SubmitComplaint', sampleSubmission(KTP), '2026-12-30T09:00:00+07:00')).then([submitted]);
  });

  it('is held while the deadline is provisional, however long past it', () => {
    spec.given([submitted]).when(check('2027-01-07T08:00:00+07:00')).then([]);
    spec.given([submitted]).when(check('2027-03-01T08:00:00+07:00')).then([]);
  });

  it('fires after the publication, at the deadline the published calendar gives', () => {
    const final = recalculated({
      clock: 'verification',
      previousDeadline: endOf('2027-01-06'),
      previousProvisional: true,
      deadline: endOf('2027-01-07'),
      provisional: false,
      calendar: [
        { year: 2026, decree: DECREE_2026, amendments: [] },
        { year: 2027, decree: DECREE_2027, amendments: [] },
      ],
      reason: PUBLISHED_REASON,
      recalculatedAt: '2027-01-07T08:00:00+07:00',
    });
    published2027.given([submitted]).when(check('2027-01-07T08:00:00+07:00')).then([final]);
    const atOnce = { ...final, data: { ...final.data, recalculatedAt: '2027-01-08T08:00:00+07:00' } };
    const overdue = complaintEvent('VerificationOverdue', KTP, { verificationDeadline: endOf('2027-01-07'), detectedAt: '2027-01-08T08:00:00+07:00' });
    published2027.given([submitted]).when(check('2027-01-08T08:00:00+07:00')).then([atOnce, overdue]);
    published2027.given([submitted, final]).when(check('2027-01-08T08:00:00+07:00')).then([overdue]);
  });
});

describe('an added collective-leave day', () => {
  // ktpVerified runs 5 working days from Tuesday 18 August: 19, 20, 21, 24 and 26 (25 a holiday); leave on the 24th moves it to the 27th.
  const moved = (clock: 'follow-up' | 'auto-close', previousDeadline: string, deadline: string, recalculatedAt: string) =>
    recalculated(
      { clock, previousDeadline, previousProvisional: false, deadline, provisional: false, calendar: [{ year: 2026, decree: DECREE_2026, amendments: [AMENDMENT_2026] }], reason: AMENDED_REASON, recalculatedAt },
      'disdukcapil',
    );

  it('moves a running follow-up deadline by one working day, once', () => {
    const given = [ktpSubmitted, ktpVerified, ktpAccepted];
    const event = moved('follow-up', endOf('2026-08-26'), endOf('2026-08-27'), '2026-08-20T10:00:00+07:00');
    amended2026.given(given).when(recalculate('2026-08-20T10:00:00+07:00')).then([event]);
    amended2026.given([...given, event]).when(recalculate('2026-08-20T10:00:01+07:00')).then([]);
    expect(nextDeadlineOf(foldEvents(decider, [...given, event]))).toEqual({ kind: 'follow-up', at: endOf('2026-08-27'), provisional: false });
  });

  it('is applied by the deadline check first: the old deadline passed, the new one not yet', () => {
    const given = [ktpSubmitted, ktpVerified, ktpAccepted];
    amended2026.given(given).when(check('2026-08-27T08:00:00+07:00')).then([moved('follow-up', endOf('2026-08-26'), endOf('2026-08-27'), '2026-08-27T08:00:00+07:00')]);
    const event = moved('follow-up', endOf('2026-08-26'), endOf('2026-08-27'), '2026-08-20T10:00:00+07:00');
    const overdue = complaintEvent('FollowUpOverdue', KTP_AT_DUKCAPIL, { followUpKind: 'standard', followUpDeadline: endOf('2026-08-27'), detectedAt: '2026-08-28T08:00:00+07:00' });
    amended2026.given([...given, event]).when(check('2026-08-28T08:00:00+07:00')).then([overdue]);
  });
});

describe('the auto-close of a resolved complaint', () => {
  // Resolved on Friday 21 August: 10 working days to Monday 7 September; with leave on the 24th, to Tuesday 8 September.
  const resolvedEarlier = complaintEvent('ComplaintResolved', KTP_AT_DUKCAPIL, { ...ktpResolved.data, resolvedAt: '2026-08-21T09:00:00+07:00', autoCloseAt: endOf('2026-09-07') });
  const given = [ktpSubmitted, ktpVerified, ktpAccepted, resolvedEarlier];

  it('is recalculated from the resolution and the working days it recorded', () => {
    const event = recalculated(
      {
        clock: 'auto-close',
        previousDeadline: endOf('2026-09-07'),
        previousProvisional: false,
        deadline: endOf('2026-09-08'),
        provisional: false,
        calendar: [{ year: 2026, decree: DECREE_2026, amendments: [AMENDMENT_2026] }],
        reason: AMENDED_REASON,
        recalculatedAt: '2026-08-24T10:00:00+07:00',
      },
      'disdukcapil',
    );
    amended2026.given(given).when(recalculate('2026-08-24T10:00:00+07:00')).then([event]);
    // Closed at the new date, not the old one.
    amended2026.given([...given, event]).when(check('2026-09-08T08:00:00+07:00')).then([]);
    amended2026
      .given([...given, event])
      .when(check('2026-09-09T00:05:00+07:00'))
      .then([complaintEvent('ComplaintAutoClosed', KTP_AT_DUKCAPIL, { autoCloseAt: endOf('2026-09-08'), closedAt: '2026-09-09T00:05:00+07:00' })]);
  });

  it('stays as it is when the resolution did not record its working days (an older event)', () => {
    const older = { ...resolvedEarlier, data: { ...resolvedEarlier.data, autoCloseWorkingDays: undefined } };
    amended2026.given([ktpSubmitted, ktpVerified, ktpAccepted, older]).when(recalculate('2026-08-24T10:00:00+07:00')).then([]);
  });

  it('lets the reporter still confirm while it is provisional, past the date it would close', () => {
    const provisional = complaintEvent('ComplaintResolved', KTP_AT_DUKCAPIL, { ...ktpResolved.data, resolvedAt: '2026-12-21T09:00:00+07:00', autoCloseAt: endOf('2027-01-08'), autoCloseProvisional: true });
    const state = [ktpSubmitted, ktpVerified, ktpAccepted, provisional];
    spec.given(state).when(check('2027-01-11T08:00:00+07:00')).then([]);
    spec
      .given(state)
      .when(complaintCommand('ConfirmResolution', { complaintId: KTP.complaintId }, '2027-01-11T08:00:00+07:00', COMPLAINTS_DESK_AGENCY, 'citizen-77'))
      .then([complaintEvent('ResolutionConfirmed', KTP_AT_DUKCAPIL, { confirmedAt: '2027-01-11T08:00:00+07:00' })]);
  });
});

describe('a recalculation of a complaint no longer open', () => {
  it('is refused, and an unknown complaint is not found', () => {
    const confirmed = complaintEvent('ResolutionConfirmed', KTP_AT_DUKCAPIL, { confirmedAt: '2026-08-26T09:00:00+07:00' });
    amended2026.given([ktpSubmitted, ktpVerified, ktpAccepted, ktpResolved, confirmed]).when(recalculate('2026-08-27T09:00:00+07:00')).thenRejects(ComplaintRejectionCodes.INVALID_TRANSITION);
    amended2026.given([]).when(recalculate('2026-08-27T09:00:00+07:00')).thenRejects(ComplaintRejectionCodes.NOT_FOUND);
  });
});
