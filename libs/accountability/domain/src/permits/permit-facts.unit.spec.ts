import { indonesianCalendar } from '@palembang/working-days';
import { applyPermitEvent, permitFactsOf } from './permit-facts';
import { caseA, caseC, caseD, caseE, caseF, caseH, caseI } from './permit-cases.fixtures';
import { at, endOf, streamOf } from '../testing/envelopes';

const calendar = indonesianCalendar();
const factsOf = (events: Parameters<typeof permitFactsOf>[0]) => permitFactsOf(events, calendar);

describe('the facts of a permit application', () => {
  it('count the working days from verification to decision across a weekend and a holiday', () => {
    expect(factsOf(caseA)).toMatchObject({
      applicationId: 'A', agencyId: 'dinas-pupr', permitTypeCode: 'PBG', submittedAt: at('2026-08-13'),
      verifiedAt: at('2026-08-14', '10:00'), decidedAt: at('2026-08-19', '15:00'), decision: 'approved',
      processingDays: 5, workingDaysToDecision: 2, withinStandard: true, slaBreached: false, version: 3,
    });
  });

  it('take the SLA deadline as the calendar last recalculated it', () => {
    const ref = { applicationId: 'R', agencyId: 'dinas-pupr', permitTypeCode: 'PBG' };
    const events = streamOf('permit-R', [
      ['ApplicationSubmitted', { ...ref, standard: { processingDays: 5 }, submittedAt: at('2026-12-21', '08:00') }],
      ['ApplicationVerified', { ...ref, verifiedAt: at('2026-12-21'), processingDays: 5, slaDeadline: endOf('2026-12-31') }],
      ['SlaDeadlineRecalculated', { ...ref, previousDeadline: endOf('2026-12-31'), deadline: endOf('2027-01-04'), provisional: false }],
    ]);
    expect(factsOf(events)).toMatchObject({ slaDeadline: endOf('2027-01-04'), version: 3 });
  });

  it('leave out the working days the clock was paused for a revision', () => {
    expect(factsOf(caseC)).toMatchObject({ decision: 'rejected', pausedWorkingDays: 3, pausedSince: null, workingDaysToDecision: 5, withinStandard: true, slaDeadline: endOf('2026-08-21') });
  });

  it('close a pause still open when the application is decided while with the applicant', () => {
    // Verified Mon 3, revision Wed 5, rejected Mon 10 while paused: 5 working days (4-7, 10), 3 paused (6, 7, 10): 2.
    const ref = { applicationId: 'P', agencyId: 'dinas-pupr', permitTypeCode: 'PBG' };
    const events = streamOf('permit-P', [
      ['ApplicationSubmitted', { ...ref, standard: { processingDays: 5 }, submittedAt: at('2026-08-03', '08:00') }],
      ['ApplicationVerified', { ...ref, verifiedAt: at('2026-08-03'), processingDays: 5, slaDeadline: endOf('2026-08-10') }],
      ['RevisionRequested', { ...ref, requestedAt: at('2026-08-05'), slaClockPaused: true }],
      ['ApplicationRejected', { ...ref, rejectedAt: at('2026-08-10') }],
    ]);
    expect(factsOf(events)).toMatchObject({ pausedWorkingDays: 3, pausedSince: null, workingDaysToDecision: 2, withinStandard: true });
  });

  it('do not pause for a revision requested before verification', () => {
    const ref = { applicationId: 'Q', agencyId: 'dinas-pupr', permitTypeCode: 'PBG' };
    const events = streamOf('permit-Q', [
      ['ApplicationSubmitted', { ...ref, standard: { processingDays: 5 }, submittedAt: at('2026-08-03') }],
      ['RevisionRequested', { ...ref, requestedAt: at('2026-08-04'), slaClockPaused: false }],
      ['ApplicationResubmitted', { ...ref, resubmittedAt: at('2026-08-07'), pausedWorkingDays: null, slaDeadline: null }],
      ['ApplicationVerified', { ...ref, verifiedAt: at('2026-08-07'), processingDays: 5, slaDeadline: endOf('2026-08-14') }],
      ['ApplicationApproved', { ...ref, approvedAt: at('2026-08-12') }],
    ]);
    expect(factsOf(events)).toMatchObject({ pausedWorkingDays: 0, workingDaysToDecision: 3, withinStandard: true });
  });

  it('record a breach and put a late decision outside the standard', () => {
    expect(factsOf(caseD)).toMatchObject({ slaBreached: true, slaBreachedAt: at('2026-08-11', '00:05'), workingDaysToDecision: 11, withinStandard: false });
  });

  it('date a deemed approval at the deadline that passed, never within standard, and keep its issuance', () => {
    expect(factsOf(caseE)).toMatchObject({ decision: 'deemed', decidedAt: endOf('2026-08-10'), workingDaysToDecision: 5, withinStandard: false, issuedAt: at('2026-08-12'), permitTypeCode: 'SKRK' });
  });

  it('give no decision figures to withdrawn, undecided or never verified applications', () => {
    expect(factsOf(caseH)).toMatchObject({ decision: 'withdrawn', decidedAt: at('2026-08-06'), workingDaysToDecision: null, withinStandard: null });
    expect(factsOf(caseF)).toMatchObject({ decision: null, decidedAt: null, workingDaysToDecision: null, withinStandard: null });
    expect(factsOf(caseI)).toMatchObject({ decision: 'rejected', verifiedAt: null, workingDaysToDecision: null, withinStandard: null });
  });

  it('are the same when an event is delivered twice or replayed, one event at a time', () => {
    const once = factsOf(caseC);
    const twice = caseC.reduce<ReturnType<typeof factsOf>>((facts, envelope) => applyPermitEvent(applyPermitEvent(facts, envelope, calendar), envelope, calendar), undefined);
    expect(twice).toEqual(once);
    expect(applyPermitEvent(once, caseC[2], calendar)).toBe(once);
  });

  it('ignore events of other types and anything before the submission', () => {
    expect(factsOf(caseA.slice(1))).toBeUndefined();
    const review = { ...caseA[1], type: 'ReviewStarted', streamVersion: 2 };
    const facts = factsOf(caseA.slice(0, 1));
    expect(applyPermitEvent(facts, review, calendar)).toBe(facts);
  });

  it('keep a decision once taken', () => {
    const facts = factsOf(caseA);
    const lateRejection = { ...caseA[2], type: 'ApplicationRejected', streamVersion: 4, data: { ...caseA[2].data, rejectedAt: at('2026-08-20') } };
    expect(applyPermitEvent(facts, lateRejection, calendar)).toMatchObject({ decision: 'approved', decidedAt: at('2026-08-19', '15:00'), version: 4 });
  });
});
