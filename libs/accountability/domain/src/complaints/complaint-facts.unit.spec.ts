import { indonesianCalendar } from '@palembang/working-days';
import { at, endOf, streamOf } from '../testing/envelopes';
import { applyComplaintEvent, complaintFactsOf } from './complaint-facts';
import { k1, k2, k3, k4, k5, k6 } from './complaint-cases.fixtures';

const calendar = indonesianCalendar();
const factsOf = (events: Parameters<typeof complaintFactsOf>[0]) => complaintFactsOf(events, calendar);

describe('the facts of a complaint', () => {
  it('time the agency from its routing, across a weekend and a holiday, and count a reopening', () => {
    expect(factsOf(k1)).toMatchObject({
      complaintId: 'K1', agencyId: 'disdukcapil', categoryCode: 'ADMINDUK', receivedAt: at('2026-08-14', '10:00'),
      verifiedAt: at('2026-08-18'), verifiedWithinDeadline: true, routedAt: at('2026-08-18'),
      firstResponseAt: at('2026-08-19'), firstResponseWorkingDays: 1,
      firstResolvedAt: at('2026-08-24'), resolvedAt: at('2026-08-31'), resolutionWorkingDays: 8, resolvedWithinDeadline: true,
      reopenCount: 1, escalations: [], closedAt: null,
    });
  });

  it('keep the follow-up deadline in force: none before verification, set by verification, moved by a dispute', () => {
    expect(factsOf(k1.slice(0, 1))).toMatchObject({ followUpDeadline: null });
    expect(factsOf(k1.slice(0, 2))).toMatchObject({ followUpDeadline: endOf('2026-08-26') });
    expect(factsOf(k1.slice(0, 5))).toMatchObject({ followUpDeadline: endOf('2026-09-02') });
  });

  it('follow a recalculated follow-up deadline', () => {
    const [recalculated] = streamOf(k1[0].streamId, [['ComplaintDeadlineRecalculated', { complaintId: 'K1', agencyId: 'disdukcapil', clock: 'follow-up', deadline: endOf('2026-08-27'), provisional: false }]]);
    expect(complaintFactsOf([...k1.slice(0, 2), { ...recalculated, streamVersion: 3 }], calendar)).toMatchObject({ followUpDeadline: endOf('2026-08-27') });
  });

  it('are open again while a disputed resolution is reworked', () => {
    expect(factsOf(k1.slice(0, 5))).toMatchObject({ resolvedAt: null, resolutionWorkingDays: null, resolvedWithinDeadline: null, firstResolvedAt: at('2026-08-24'), reopenCount: 1 });
  });

  it('hold the agency responsible at the end, timed from the reroute, and the late verification', () => {
    expect(factsOf(k2)).toMatchObject({
      agencyId: 'dinas-pupr', verifiedAt: at('2026-08-21'), verifiedWithinDeadline: false, routedAt: at('2026-08-27'),
      firstResponseAt: at('2026-08-28'), firstResponseWorkingDays: 1, resolutionWorkingDays: 2, resolvedWithinDeadline: false,
      escalations: [{ kind: 'verification', at: at('2026-08-21', '00:00') }],
    });
  });

  it('count the declining agency\'s update as its response until the reroute', () => {
    expect(factsOf(k2.slice(0, 4))).toMatchObject({ agencyId: 'dinas-perhubungan', firstResponseAt: at('2026-08-24'), firstResponseWorkingDays: 1 });
    expect(factsOf(k2.slice(0, 6))).toMatchObject({ agencyId: 'dinas-pupr', firstResponseAt: null, firstResponseWorkingDays: null });
  });

  it('settle the verification as late when it was escalated, even if archived later', () => {
    expect(factsOf(k3)).toMatchObject({ agencyId: 'dinas-kominfo', verifiedWithinDeadline: false, archivedAt: at('2026-08-21', '10:00'), closedAt: at('2026-08-21', '10:00'), routedAt: null });
  });

  it('leave a verification pending until it happens', () => {
    expect(factsOf(k4)).toMatchObject({ verifiedAt: null, verifiedWithinDeadline: null, verificationDeadline: endOf('2026-09-01') });
  });

  it('take a recalculated verification deadline while the verification is pending, and no later one', () => {
    const ref = { complaintId: 'K4', agencyId: 'pengaduan', categoryCode: 'JALAN-RUSAK', intakeType: 'complaint' };
    const moved = { ...ref, clock: 'verification', deadline: endOf('2026-09-02'), provisional: false };
    const recalculated = streamOf('complaint-K4', [['ComplaintSubmitted', { ...ref, submittedAt: at('2026-08-27'), verificationDeadline: endOf('2026-09-01') }], ['ComplaintDeadlineRecalculated', moved]]);
    expect(factsOf(recalculated)).toMatchObject({ verificationDeadline: endOf('2026-09-02'), version: 2 });
    const afterVerification = streamOf('complaint-K4', [
      ['ComplaintSubmitted', { ...ref, submittedAt: at('2026-08-27'), verificationDeadline: endOf('2026-09-01') }],
      ['ComplaintVerified', { ...ref, agencyId: 'dinas-pupr', verifiedAt: at('2026-08-28'), followUpDeadline: endOf('2026-09-04') }],
      ['ComplaintDeadlineRecalculated', { ...moved, clock: 'follow-up', deadline: endOf('2026-09-07') }],
    ]);
    expect(factsOf(afterVerification)).toMatchObject({ verificationDeadline: endOf('2026-09-01'), verifiedWithinDeadline: true });
  });

  it('record follow-up escalations and closings', () => {
    expect(factsOf(k5)).toMatchObject({ firstResponseWorkingDays: 3, resolutionWorkingDays: 6, closedAt: at('2026-08-13') });
    expect(factsOf(k6)).toMatchObject({ firstResponseWorkingDays: 7, resolutionWorkingDays: 9, escalations: [{ kind: 'follow-up', at: at('2026-08-11', '00:00') }], closedAt: endOf('2026-08-28') });
  });

  it('are the same when events are delivered twice', () => {
    const twice = k2.reduce<ReturnType<typeof factsOf>>((facts, envelope) => applyComplaintEvent(applyComplaintEvent(facts, envelope, calendar), envelope, calendar), undefined);
    expect(twice).toEqual(factsOf(k2));
  });
});
