import { CalendarDay, indonesianCalendar, INDONESIA_CALENDAR_2026, PublishedYear, seedCalendarYears, workingDayCalendarOf } from '@palembang/working-days';
import { SlaDeadlineRecalculated } from './permit-application';
import { command, event, sip, spec, specWith, submitted, tdup } from './permit-application.fixtures';
import { timelineOf } from './timeline';

// Deciders with the calendar as a service may come to know it: 2026 is the seed decree,
// 2027 unpublished (provisional: fixed holidays and forecasts, Isra Mikraj forecast on
// Tuesday 5 January 2027) until a decree for it is published; 2026 amended.
const SKB_2026 = INDONESIA_CALENDAR_2026.decree.reference;
const SKB_2027 = 'SKB uji 2027';
const AMENDMENT_2026 = 'SKB perubahan uji 2026';
const [seed2026] = seedCalendarYears();
const day = (date: string, kind: CalendarDay['kind'], name: string): CalendarDay => ({ date, kind, name });

function published2027(...extra: CalendarDay[]): PublishedYear {
  const days = [day('2027-01-01', 'national-holiday', 'Tahun Baru 2027 Masehi'), day('2027-01-05', 'national-holiday', 'Isra Mikraj Nabi Muhammad SAW'), ...extra];
  return { year: 2027, decree: { reference: SKB_2027, date: '2026-12-10' }, days, amendments: [] };
}
function amended2026(change: { add?: CalendarDay[]; remove?: string[] }): PublishedYear {
  const days = [...seed2026.days.filter((seeded) => !change.remove?.includes(seeded.date)), ...(change.add ?? [])];
  return { ...seed2026, days, amendments: [{ reference: AMENDMENT_2026 }] };
}

const unpublished2027 = spec;
const with2027 = specWith(workingDayCalendarOf([seed2026, published2027()]));
const with2027LeaveOn4January = specWith(workingDayCalendarOf([seed2026, published2027(day('2027-01-04', 'collective-leave', 'Cuti bersama Tahun Baru'))]));
const withLeaveOn12August = specWith(workingDayCalendarOf([amended2026({ add: [day('2026-08-12', 'collective-leave', 'Cuti bersama uji')] })]));
const without15MayLeave = specWith(workingDayCalendarOf([amended2026({ remove: ['2026-05-15'] })]));

const end = (date: string) => `${date}T23:59:59.999+07:00`;
const check = (applicationId: string, now: string) => command('CheckDeadline', { applicationId }, now, 'deadline-watcher');
const recalculate = (applicationId: string, now: string) => command('RecalculateSlaDeadline', { applicationId }, now, 'calendar');

const REASON_2027_PUBLISHED = `Batas waktu dihitung ulang: kalender kerja 2026, 2027 telah ditetapkan (${SKB_2026}; ${SKB_2027})`;
const REASON_2026_AMENDED = `Batas waktu dihitung ulang: kalender kerja diubah (2026: ${AMENDMENT_2026})`;
const BASIS_2026 = { year: 2026, decree: SKB_2026, amendments: [] };
const BASIS_2026_AMENDED = { year: 2026, decree: SKB_2026, amendments: [AMENDMENT_2026] };
const BASIS_2027 = { year: 2027, decree: SKB_2027, amendments: [] };

// SIP-DOKTER: 7 working days, no deemed approval. TDUP: 3 working days, deemed approval.
describe('an application whose deadline crosses into a year without a published calendar', () => {
  // Tuesday 22 December 2026: 23, 28, 29, 30, 31 December (24 cuti bersama, 25 Natal), 4 and 6 January (1 January, 5 January forecast).
  const verifiedAt = '2026-12-22T10:00:00+07:00';
  const verified = event('ApplicationVerified', sip, { verifiedAt, processingDays: 7, slaDeadline: end('2027-01-06'), slaDeadlineProvisional: true });
  const given = [submitted(sip, '2026-12-21T09:00:00+07:00'), verified];

  it('starts its clock with a provisional deadline', () => {
    unpublished2027.given([given[0]]).when(command('VerifyApplication', { applicationId: sip.applicationId }, verifiedAt)).then([verified]);
  });

  it('is confirmed once 2027 is published with the forecast days: the same deadline, no longer provisional', () => {
    const confirmed = event('SlaDeadlineRecalculated', sip, {
      previousDeadline: end('2027-01-06'),
      previousProvisional: true,
      deadline: end('2027-01-06'),
      provisional: false,
      calendar: [BASIS_2026, BASIS_2027],
      reason: REASON_2027_PUBLISHED,
      recalculatedAt: '2026-12-23T08:00:00+07:00',
    });
    with2027.given(given).when(recalculate(sip.applicationId, '2026-12-23T08:00:00+07:00')).then([confirmed]);
    with2027.given([...given, confirmed]).when(recalculate(sip.applicationId, '2026-12-23T08:01:00+07:00')).then([]);
  });

  it('is not recalculated while the calendar has not changed', () => {
    unpublished2027.given(given).when(recalculate(sip.applicationId, '2026-12-23T08:00:00+07:00')).then([]);
  });

  it('records no SLA breach on its provisional deadline', () => {
    unpublished2027.given(given).when(check(sip.applicationId, '2027-01-08T09:00:00+07:00')).then([]);
  });

  it('gets a provisional deadline when a resubmission pushes a settled one into 2027', () => {
    // Verified Monday 7 December: deadline Wednesday 16 December; paused from the 8th to Wednesday 23 December (11 working days).
    const settled = event('ApplicationVerified', sip, { verifiedAt: '2026-12-07T10:00:00+07:00', processingDays: 7, slaDeadline: end('2026-12-16') });
    const revision = event('RevisionRequested', sip, { missingDocuments: ['str'], reason: 'STR', requestedAt: '2026-12-08T10:00:00+07:00', slaClockPaused: true });
    unpublished2027
      .given([submitted(sip, '2026-12-07T09:00:00+07:00'), settled, revision])
      .when(command('ResubmitApplication', { applicationId: sip.applicationId, documents: ['str'] }, '2026-12-23T09:00:00+07:00', 'portal'))
      .then([
        event('ApplicationResubmitted', sip, {
          documents: ['str'],
          resubmittedAt: '2026-12-23T09:00:00+07:00',
          pausedWorkingDays: 11,
          slaDeadline: end('2027-01-06'),
          slaDeadlineProvisional: true,
        }),
      ]);
  });
});

describe('a deemed approval held on a provisional deadline', () => {
  // Wednesday 30 December 2026: 31 December, 4 January, 6 January (5 January Isra Mikraj, forecast and then published).
  const verified = event('ApplicationVerified', tdup, { verifiedAt: '2026-12-30T10:00:00+07:00', processingDays: 3, slaDeadline: end('2027-01-06'), slaDeadlineProvisional: true });
  const given = [submitted(tdup, '2026-12-29T09:00:00+07:00'), verified];

  it('is not approved by law while 2027 is not published, even well past the deadline', () => {
    unpublished2027.given(given).when(check(tdup.applicationId, '2027-01-08T09:00:00+07:00')).then([]);
  });

  it('leaves the agency free to decide meanwhile', () => {
    unpublished2027
      .given(given)
      .when(command('RejectApplication', { applicationId: tdup.applicationId, reason: 'izin lokasi tidak sesuai' }, '2027-01-08T09:00:00+07:00'))
      .then([event('ApplicationRejected', tdup, { reason: 'izin lokasi tidak sesuai', rejectedBy: 'officer-7', rejectedAt: '2027-01-08T09:00:00+07:00' })]);
  });

  it('is approved by law at the first check after publication, at once since the confirmed deadline has passed', () => {
    const now = '2027-01-08T09:00:00+07:00';
    with2027
      .given(given)
      .when(check(tdup.applicationId, now))
      .then([
        event('SlaDeadlineRecalculated', tdup, {
          previousDeadline: end('2027-01-06'),
          previousProvisional: true,
          deadline: end('2027-01-06'),
          provisional: false,
          calendar: [BASIS_2026, BASIS_2027],
          reason: REASON_2027_PUBLISHED,
          recalculatedAt: now,
        }),
        event('ApplicationDeemedApproved', tdup, { slaDeadline: end('2027-01-06'), detectedAt: now }),
      ]);
  });

  it('waits for the published deadline when publication moved it later (a collective leave on 4 January)', () => {
    const moved = event('SlaDeadlineRecalculated', tdup, {
      previousDeadline: end('2027-01-06'),
      previousProvisional: true,
      deadline: end('2027-01-07'),
      provisional: false,
      calendar: [BASIS_2026, BASIS_2027],
      reason: REASON_2027_PUBLISHED,
      recalculatedAt: '2027-01-07T10:00:00+07:00',
    });
    with2027LeaveOn4January.given(given).when(check(tdup.applicationId, '2027-01-07T10:00:00+07:00')).then([moved]);
    with2027LeaveOn4January
      .given([...given, moved])
      .when(check(tdup.applicationId, '2027-01-07T17:00:00Z'))
      .then([event('ApplicationDeemedApproved', tdup, { slaDeadline: end('2027-01-07'), detectedAt: '2027-01-07T17:00:00Z' })]);
  });
});

describe('a running deadline after an amendment of the calendar', () => {
  // Tuesday 4 August 2026, 7 working days: Thursday 13 August.
  const verified = event('ApplicationVerified', sip, { verifiedAt: '2026-08-04T10:00:00+07:00', processingDays: 7, slaDeadline: end('2026-08-13') });
  const given = [submitted(sip, '2026-08-03T09:00:00+07:00'), verified];
  const movedTo14 = (recalculatedAt: string): SlaDeadlineRecalculated =>
    event('SlaDeadlineRecalculated', sip, {
      previousDeadline: end('2026-08-13'),
      previousProvisional: false,
      deadline: end('2026-08-14'),
      provisional: false,
      calendar: [BASIS_2026_AMENDED],
      reason: REASON_2026_AMENDED,
      recalculatedAt,
    });

  it('moves one working day later for a collective-leave day added before it', () => {
    withLeaveOn12August.given(given).when(recalculate(sip.applicationId, '2026-08-06T08:00:00+07:00')).then([movedTo14('2026-08-06T08:00:00+07:00')]);
  });

  it('moves only once: a second recalculation records nothing', () => {
    withLeaveOn12August.given([...given, movedTo14('2026-08-06T08:00:00+07:00')]).when(recalculate(sip.applicationId, '2026-08-06T08:00:10+07:00')).then([]);
  });

  it('is recalculated by the deadline check too, before it decides anything', () => {
    withLeaveOn12August.given(given).when(check(sip.applicationId, '2026-08-14T08:00:00+07:00')).then([movedTo14('2026-08-14T08:00:00+07:00')]);
  });

  it('moves a paused clock as well, and the resubmission resumes from the moved one', () => {
    const revision = event('RevisionRequested', sip, { missingDocuments: ['str'], reason: 'STR', requestedAt: '2026-08-05T11:00:00+07:00', slaClockPaused: true });
    withLeaveOn12August.given([...given, revision]).when(recalculate(sip.applicationId, '2026-08-06T08:00:00+07:00')).then([movedTo14('2026-08-06T08:00:00+07:00')]);
    // Paused Thursday 6 to Tuesday 11 August: 4 working days more, from the 14th: 18, 19, 20, 21 (17 August is a holiday).
    withLeaveOn12August
      .given([...given, revision, movedTo14('2026-08-06T08:00:00+07:00')])
      .when(command('ResubmitApplication', { applicationId: sip.applicationId, documents: ['str'] }, '2026-08-11T14:00:00+07:00', 'portal'))
      .then([event('ApplicationResubmitted', sip, { documents: ['str'], resubmittedAt: '2026-08-11T14:00:00+07:00', pausedWorkingDays: 4, slaDeadline: end('2026-08-21') })]);
  });

  it('moves earlier for a collective-leave day removed before it', () => {
    // Monday 11 May 2026: 12, 13, 18, 19, 20, 21, 22 (14 May Kenaikan, 15 May cuti bersama); without the 15th: Thursday 21 May.
    const may = event('ApplicationVerified', sip, { verifiedAt: '2026-05-11T10:00:00+07:00', processingDays: 7, slaDeadline: end('2026-05-22') });
    without15MayLeave
      .given([submitted(sip, '2026-05-11T09:00:00+07:00'), may])
      .when(recalculate(sip.applicationId, '2026-05-12T08:00:00+07:00'))
      .then([
        event('SlaDeadlineRecalculated', sip, {
          previousDeadline: end('2026-05-22'),
          previousProvisional: false,
          deadline: end('2026-05-21'),
          provisional: false,
          calendar: [BASIS_2026_AMENDED],
          reason: REASON_2026_AMENDED,
          recalculatedAt: '2026-05-12T08:00:00+07:00',
        }),
      ]);
  });

  it('is refused for an application without a clock: not verified yet, or decided', () => {
    withLeaveOn12August.given([given[0]]).when(recalculate(sip.applicationId, '2026-08-06T08:00:00+07:00')).thenRejects('PERMIT.INVALID_TRANSITION');
    const approved = event('ApplicationApproved', sip, { approvedBy: 'officer-7', approvedAt: '2026-08-05T09:00:00+07:00' });
    withLeaveOn12August.given([...given, approved]).when(recalculate(sip.applicationId, '2026-08-06T08:00:00+07:00')).thenRejects('PERMIT.INVALID_TRANSITION');
  });

  it('shows the recalculation in the public timeline, with both deadlines and the reason', () => {
    const timeline = timelineOf([...given, movedTo14('2026-08-06T08:00:00+07:00')]);
    expect(timeline[2]).toEqual({
      at: '2026-08-06T08:00:00+07:00',
      event: 'SlaDeadlineRecalculated',
      status: 'verified',
      label: 'Batas waktu layanan dihitung ulang',
      details: { previousDeadline: end('2026-08-13'), slaDeadline: end('2026-08-14'), provisional: false, reason: REASON_2026_AMENDED },
    });
  });
});

describe('resuming a paused clock from its start', () => {
  it('gives the same deadline as moving the paused deadline by the paused working days', () => {
    const calendar = indonesianCalendar();
    const mismatches: string[] = [];
    for (let offset = 0; offset < 70; offset++) {
      const startedAt = new Date(Date.UTC(2026, 10, 20, 3) + offset * 86_400_000).toISOString(); // 20 November 2026 onwards, 10:00 in Jakarta
      for (const workingDays of [1, 3, 7, 14]) {
        for (let paused = 0; paused <= 6; paused++) {
          const resumed = calendar.deadlineOf(startedAt, workingDays + paused).deadline;
          const moved = calendar.addWorkingDays(calendar.addWorkingDays(startedAt, workingDays), paused);
          if (resumed !== moved) mismatches.push(`${startedAt} ${workingDays}+${paused}: ${resumed} vs ${moved}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
