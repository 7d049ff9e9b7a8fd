import { foldEvents } from '@palembang/events/core';
import { indonesianCalendar } from '@palembang/working-days';
import { ComplaintEvent } from './complaint';
import { complaintCommand, complaintEvent } from './complaint.fixtures';
import { followUpClock, isOpen, nextDeadlineOf, verificationClock } from './deadlines';
import {
  decider, endOf, FRI_14_AUG, KTP, KTP_AT_DUKCAPIL, ktpAccepted, ktpDisputed, ktpResolved, ktpSubmitted, ktpVerified,
  LIGHT, LIGHT_AT_DISHUB, LIGHT_AT_PUPR, lightDeclined, lightRerouted, lightSubmitted, lightVerified, spec, VERIFICATION_DEADLINE,
} from './complaint.test-kit';

const check = (complaintId: string, now: string) => complaintCommand('CheckDeadlines', { complaintId }, now, 'system', 'deadline-watcher');
const stateOf = (events: readonly ComplaintEvent[]) => foldEvents(decider, events);

describe('the working-day deadlines of a complaint', () => {
  const calendar = indonesianCalendar();

  it('skip the weekend and Independence Day for verification: Friday 14 August is due Thursday 20', () => {
    expect(verificationClock(calendar, FRI_14_AUG).deadline).toBe(endOf('2026-08-20'));
  });

  it('skip the Maulid Nabi holiday for follow-up: 5 working days from Thursday 20 August end Friday 28', () => {
    expect(followUpClock(calendar, '2026-08-20T15:00:00+07:00', 'standard').deadline).toBe(endOf('2026-08-28'));
  });

  it('run 14 and 60 working days for cases without and with a field examination', () => {
    expect(followUpClock(calendar, '2026-08-18T09:00:00+07:00', 'no-field-check').deadline).toBe(endOf('2026-09-08'));
    expect(followUpClock(calendar, '2026-08-18T09:00:00+07:00', 'field-examination').deadline).toBe(endOf('2026-11-11'));
  });

  it('count a report received late on Friday evening UTC on the Jakarta Saturday', () => {
    // 18:00 UTC on Friday is 01:00 on Saturday in Palembang: the clock starts from Saturday, due Thursday 20 as well.
    expect(verificationClock(calendar, '2026-08-14T18:00:00Z').deadline).toBe(endOf('2026-08-20'));
  });
});

describe('a complaint not verified in time', () => {
  const overdue = complaintEvent('VerificationOverdue', KTP, { verificationDeadline: VERIFICATION_DEADLINE, detectedAt: '2026-08-21T00:00:00+07:00' });

  it('is not overdue at the last millisecond of the deadline day', () => {
    spec.given([ktpSubmitted]).when(check(KTP.complaintId, '2026-08-20T16:59:59.999Z')).then([]);
  });

  it('escalates once the deadline has passed', () => {
    spec.given([ktpSubmitted]).when(check(KTP.complaintId, '2026-08-21T00:00:00+07:00')).then([overdue]);
  });

  it('escalates only once', () => {
    spec.given([ktpSubmitted, overdue]).when(check(KTP.complaintId, '2026-08-24T09:00:00+07:00')).then([]);
  });

  it('may still be verified late', () => {
    spec
      .given([ktpSubmitted, overdue])
      .when(complaintCommand('VerifyComplaint', { complaintId: KTP.complaintId }, '2026-08-24T09:00:00+07:00'))
      .then([complaintEvent('ComplaintVerified', KTP, { agencyId: 'disdukcapil', followUpKind: 'standard', followUpDays: 5, verifiedAt: '2026-08-24T09:00:00+07:00', followUpDeadline: endOf('2026-09-01') })]);
  });
});

describe('a complaint not followed up in time', () => {
  const overdue = complaintEvent('FollowUpOverdue', KTP_AT_DUKCAPIL, { followUpKind: 'standard', followUpDeadline: endOf('2026-08-26'), detectedAt: '2026-08-27T08:00:00+07:00' });

  it('escalates once the follow-up deadline has passed, routed or in progress', () => {
    spec.given([ktpSubmitted, ktpVerified]).when(check(KTP.complaintId, '2026-08-27T08:00:00+07:00')).then([overdue]);
    spec.given([ktpSubmitted, ktpVerified, ktpAccepted]).when(check(KTP.complaintId, '2026-08-27T08:00:00+07:00')).then([overdue]);
  });

  it('is not overdue on the holiday before its deadline', () => {
    spec.given([ktpSubmitted, ktpVerified, ktpAccepted]).when(check(KTP.complaintId, '2026-08-25T12:00:00+07:00')).then([]);
  });

  it('escalates only once, even after it was accepted late', () => {
    const accepted = complaintEvent('ComplaintAccepted', KTP_AT_DUKCAPIL, { acceptedAt: '2026-08-28T08:00:00+07:00', followUpDeadline: endOf('2026-08-26') });
    spec.given([ktpSubmitted, ktpVerified, overdue, accepted]).when(check(KTP.complaintId, '2026-08-31T08:00:00+07:00')).then([]);
  });

  it('escalates again against the fresh deadline of a reopening', () => {
    const given = [ktpSubmitted, ktpVerified, ktpAccepted, overdue, ktpResolved, ktpDisputed];
    spec.given(given).when(check(KTP.complaintId, endOf('2026-09-02'))).then([]);
    spec
      .given(given)
      .when(check(KTP.complaintId, '2026-09-03T07:00:00+07:00'))
      .then([complaintEvent('FollowUpOverdue', KTP_AT_DUKCAPIL, { followUpKind: 'standard', followUpDeadline: endOf('2026-09-02'), detectedAt: '2026-09-03T07:00:00+07:00' })]);
  });
});

describe('a declined complaint', () => {
  it('escalates once when the desk does not reroute it within 3 working days', () => {
    const given = [lightSubmitted, lightVerified, lightDeclined];
    const overdue = complaintEvent('VerificationOverdue', LIGHT, { verificationDeadline: endOf('2026-08-27'), detectedAt: '2026-08-28T08:00:00+07:00' });
    spec.given(given).when(check(LIGHT.complaintId, '2026-08-27T20:00:00+07:00')).then([]);
    spec.given(given).when(check(LIGHT.complaintId, '2026-08-28T08:00:00+07:00')).then([overdue]);
    spec.given([...given, overdue]).when(check(LIGHT.complaintId, '2026-08-31T08:00:00+07:00')).then([]);
  });

  it('escalates the old agency once, and the new agency again against its fresh deadline', () => {
    const first = complaintEvent('FollowUpOverdue', LIGHT_AT_DISHUB, { followUpKind: 'no-field-check', followUpDeadline: endOf('2026-09-08'), detectedAt: '2026-09-09T08:00:00+07:00' });
    spec.given([lightSubmitted, lightVerified]).when(check(LIGHT.complaintId, '2026-09-09T08:00:00+07:00')).then([first]);
    const rerouted = [lightSubmitted, lightVerified, first, lightDeclined, lightRerouted];
    spec.given(rerouted).when(check(LIGHT.complaintId, '2026-09-14T12:00:00+07:00')).then([]);
    spec
      .given(rerouted)
      .when(check(LIGHT.complaintId, '2026-09-15T08:00:00+07:00'))
      .then([complaintEvent('FollowUpOverdue', LIGHT_AT_PUPR, { followUpKind: 'no-field-check', followUpDeadline: endOf('2026-09-14'), detectedAt: '2026-09-15T08:00:00+07:00' })]);
  });
});

describe('a resolved complaint the reporter does not react to', () => {
  const given = [ktpSubmitted, ktpVerified, ktpAccepted, ktpResolved];
  const closed = complaintEvent('ComplaintAutoClosed', KTP_AT_DUKCAPIL, { autoCloseAt: endOf('2026-09-08'), closedAt: '2026-09-09T00:05:00+07:00' });

  it('stays open until its auto-close date has passed', () => {
    spec.given(given).when(check(KTP.complaintId, '2026-09-08T23:00:00+07:00')).then([]);
  });

  it('closes by itself, once', () => {
    spec.given(given).when(check(KTP.complaintId, '2026-09-09T00:05:00+07:00')).then([closed]);
    spec.given([...given, closed]).when(check(KTP.complaintId, '2026-09-10T00:05:00+07:00')).then([]);
    expect(stateOf([...given, closed])).toMatchObject({ status: 'closed', closedBy: 'system', closedAt: '2026-09-09T00:05:00+07:00' });
  });
});

describe('a complaint with nothing due', () => {
  it('records nothing when checked before any deadline, nor once archived or closed', () => {
    spec.given([ktpSubmitted]).when(check(KTP.complaintId, '2026-08-18T09:00:00+07:00')).then([]);
    const archived = complaintEvent('ComplaintArchived', KTP, { reason: 'invalid', note: 'x', duplicateOf: null, archivedAt: '2026-08-18T09:00:00+07:00' });
    spec.given([ktpSubmitted, archived]).when(check(KTP.complaintId, '2027-01-04T09:00:00+07:00')).then([]);
    const confirmed = complaintEvent('ResolutionConfirmed', KTP_AT_DUKCAPIL, { confirmedAt: '2026-08-26T09:00:00+07:00' });
    spec.given([ktpSubmitted, ktpVerified, ktpAccepted, ktpResolved, confirmed]).when(check(KTP.complaintId, '2027-01-04T09:00:00+07:00')).then([]);
  });
});

describe('the next deadline the watcher looks at', () => {
  it('is verification while with the desk, follow-up while with an agency, auto-close once resolved', () => {
    expect(nextDeadlineOf(stateOf([]))).toBeNull();
    expect(nextDeadlineOf(stateOf([ktpSubmitted]))).toEqual({ kind: 'verification', at: VERIFICATION_DEADLINE, provisional: false });
    expect(nextDeadlineOf(stateOf([ktpSubmitted, ktpVerified]))).toEqual({ kind: 'follow-up', at: endOf('2026-08-26'), provisional: false });
    expect(nextDeadlineOf(stateOf([ktpSubmitted, ktpVerified, ktpAccepted]))).toEqual({ kind: 'follow-up', at: endOf('2026-08-26'), provisional: false });
    expect(nextDeadlineOf(stateOf([lightSubmitted, lightVerified, lightDeclined]))).toEqual({ kind: 'verification', at: endOf('2026-08-27'), provisional: false });
    expect(nextDeadlineOf(stateOf([ktpSubmitted, ktpVerified, ktpAccepted, ktpResolved]))).toEqual({ kind: 'auto-close', at: endOf('2026-09-08'), provisional: false });
    expect(nextDeadlineOf(stateOf([ktpSubmitted, ktpVerified, ktpAccepted, ktpResolved, ktpDisputed]))).toEqual({ kind: 'follow-up', at: endOf('2026-09-02'), provisional: false });
  });

  it('is none once the running deadline was escalated, or the complaint is closed', () => {
    const overdue = complaintEvent('FollowUpOverdue', KTP_AT_DUKCAPIL, { followUpKind: 'standard', followUpDeadline: endOf('2026-08-26'), detectedAt: '2026-08-27T08:00:00+07:00' });
    expect(nextDeadlineOf(stateOf([ktpSubmitted, ktpVerified, overdue]))).toBeNull();
    const confirmed = complaintEvent('ResolutionConfirmed', KTP_AT_DUKCAPIL, { confirmedAt: '2026-08-26T09:00:00+07:00' });
    expect(nextDeadlineOf(stateOf([ktpSubmitted, ktpVerified, ktpAccepted, ktpResolved, confirmed]))).toBeNull();
  });
});

describe('an open complaint', () => {
  it('is any complaint neither closed nor archived', () => {
    const archived = complaintEvent('ComplaintArchived', KTP, { reason: 'duplicate', note: 'x', duplicateOf: 'cmp-ktp-0', archivedAt: '2026-08-18T09:00:00+07:00' });
    const confirmed = complaintEvent('ResolutionConfirmed', KTP_AT_DUKCAPIL, { confirmedAt: '2026-08-26T09:00:00+07:00' });
    expect(isOpen(stateOf([ktpSubmitted]))).toBe(true);
    expect(isOpen(stateOf([lightSubmitted, lightVerified, lightDeclined]))).toBe(true);
    expect(isOpen(stateOf([ktpSubmitted, ktpVerified, ktpAccepted, ktpResolved]))).toBe(true);
    expect(isOpen(stateOf([ktpSubmitted, archived]))).toBe(false);
    expect(isOpen(stateOf([ktpSubmitted, ktpVerified, ktpAccepted, ktpResolved, confirmed]))).toBe(false);
    expect(isOpen(stateOf([]))).toBe(false);
  });
});
