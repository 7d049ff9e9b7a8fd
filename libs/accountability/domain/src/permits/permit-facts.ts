import { assertNever } from '@palembang/events/core';
import { FactsCalendar } from '../facts-calendar';
import { AnyEnvelope, ConsumedEnvelope, isEnvelopeOf } from '../published-language/envelope';
import { PERMIT_EVENT_TYPES_READ, PermitEventRead } from '../published-language/permit-events';

/**
 * How an application ended: approved by an officer, deemed approved by law
 * (fiktif positif), rejected, or withdrawn by the applicant. The first three are
 * decisions; a withdrawal is not (it leaves the backlog without being decided).
 */
export type PermitOutcome = 'approved' | 'deemed' | 'rejected' | 'withdrawn';

/**
 * One row per permit application: what the figures need, computed from its events.
 *
 * Definitions (working days per the WorkingDayCalendar convention: the working days
 * after the start's Jakarta day up to and including the end's day):
 * - `decidedAt`: approval time, rejection time, the deadline that passed for a deemed
 *   approval (as the permits context itself records it), or the withdrawal time.
 * - `pausedWorkingDays`: the working days the SLA clock stood still while the
 *   applicant revised, counted as the permits context counts them: for each revision
 *   requested after verification, the working days after the request day up to and
 *   including the day of resubmission (or of the decision, when the application was
 *   decided while with the applicant). Revisions before verification pause nothing:
 *   the clock had not started.
 * - `workingDaysToDecision` = workingDaysBetween(verifiedAt, decidedAt) -
 *   pausedWorkingDays, at least 0; null when the application was never verified (the
 *   clock never ran), is undecided, or was withdrawn.
 * - `withinStandard`: for an officer's approval or rejection after verification,
 *   true when workingDaysToDecision <= processingDays and no SLA breach was recorded;
 *   false for a deemed approval (the agency let the deadline pass); null otherwise.
 * - `slaBreached`: a SlaBreached event was recorded (`slaBreachedAt` its detection).
 */
export type PermitCaseFacts = Readonly<{
  applicationId: string;
  agencyId: string;
  permitTypeCode: string;
  submittedAt: string;
  verifiedAt: string | null;
  decidedAt: string | null;
  decision: PermitOutcome | null;
  issuedAt: string | null;
  /** The service standard's processing time in working days (from verification, else from submission). */
  processingDays: number;
  slaDeadline: string | null;
  pausedWorkingDays: number;
  /** When the running clock was paused for a revision that is still with the applicant. */
  pausedSince: string | null;
  workingDaysToDecision: number | null;
  withinStandard: boolean | null;
  slaBreached: boolean;
  slaBreachedAt: string | null;
  /** The stream version of the last event applied: replays and duplicates are ignored. */
  version: number;
}>;

/**
 * Folds one envelope into the facts of its application, for a projection that sees
 * one event at a time. Events of other types, events before ApplicationSubmitted, and
 * envelopes at or below the version already applied leave the facts as they are, so
 * the function is idempotent and safe to replay.
 */
export function applyPermitEvent(facts: PermitCaseFacts | undefined, envelope: AnyEnvelope, calendar: FactsCalendar): PermitCaseFacts | undefined {
  if (!isEnvelopeOf<PermitEventRead>(PERMIT_EVENT_TYPES_READ, envelope)) return facts;
  if (facts && envelope.streamVersion <= facts.version) return facts;
  if (envelope.type === 'ApplicationSubmitted') {
    if (facts) return facts;
    const { applicationId, agencyId, permitTypeCode, standard, submittedAt } = envelope.data;
    return {
      applicationId, agencyId, permitTypeCode, submittedAt,
      verifiedAt: null, decidedAt: null, decision: null, issuedAt: null,
      processingDays: standard.processingDays, slaDeadline: null, pausedWorkingDays: 0, pausedSince: null,
      workingDaysToDecision: null, withinStandard: null, slaBreached: false, slaBreachedAt: null,
      version: envelope.streamVersion,
    };
  }
  if (!facts) return undefined;
  const next = { ...evolve(facts, envelope, calendar), version: envelope.streamVersion };
  return next.decision === facts.decision ? next : withDecisionFigures(next, calendar);
}

/** The facts of one application from its events in stream order; undefined before it was submitted. */
export function permitFactsOf(events: readonly AnyEnvelope[], calendar: FactsCalendar): PermitCaseFacts | undefined {
  return events.reduce<PermitCaseFacts | undefined>((facts, envelope) => applyPermitEvent(facts, envelope, calendar), undefined);
}

/** Every event read after the submission; a decided application only takes its issuance. */
type LaterEnvelope = Exclude<ConsumedEnvelope<PermitEventRead>, { type: 'ApplicationSubmitted' }>;

function evolve(facts: PermitCaseFacts, envelope: LaterEnvelope, calendar: FactsCalendar): PermitCaseFacts {
  if (facts.decision !== null && envelope.type !== 'PermitIssued') return facts;
  return evolveByType(facts, envelope, calendar);
}

function evolveByType(facts: PermitCaseFacts, envelope: LaterEnvelope, calendar: FactsCalendar): PermitCaseFacts {
  switch (envelope.type) {
    case 'ApplicationVerified':
      return { ...facts, verifiedAt: envelope.data.verifiedAt, processingDays: envelope.data.processingDays, slaDeadline: envelope.data.slaDeadline };
    case 'RevisionRequested':
      return envelope.data.slaClockPaused && facts.verifiedAt !== null ? { ...facts, pausedSince: envelope.data.requestedAt } : facts;
    case 'ApplicationResubmitted': {
      const resumed = facts.pausedSince === null ? facts : { ...facts, pausedWorkingDays: facts.pausedWorkingDays + pausedDays(calendar, facts.pausedSince, envelope.data.resubmittedAt), pausedSince: null };
      return envelope.data.slaDeadline === null ? resumed : { ...resumed, slaDeadline: envelope.data.slaDeadline };
    }
    case 'SlaDeadlineRecalculated':
      return { ...facts, slaDeadline: envelope.data.deadline };
    case 'SlaBreached':
      return facts.slaBreached ? facts : { ...facts, slaBreached: true, slaBreachedAt: envelope.data.detectedAt };
    case 'ApplicationApproved':
      return { ...facts, decision: 'approved', decidedAt: envelope.data.approvedAt };
    case 'ApplicationDeemedApproved':
      return { ...facts, decision: 'deemed', decidedAt: envelope.data.slaDeadline };
    case 'ApplicationRejected':
      return { ...facts, decision: 'rejected', decidedAt: envelope.data.rejectedAt };
    case 'ApplicationWithdrawn':
      return { ...facts, decision: 'withdrawn', decidedAt: envelope.data.withdrawnAt };
    case 'PermitIssued':
      return { ...facts, issuedAt: envelope.data.issuedAt };
    default:
      return assertNever(envelope);
  }
}

/** Closes a pause still open at the decision, then derives the decision's figures. */
function withDecisionFigures(facts: PermitCaseFacts, calendar: FactsCalendar): PermitCaseFacts {
  const { decision, decidedAt, verifiedAt } = facts;
  if (decision === null || decidedAt === null) return facts;
  const pausedWorkingDays = facts.pausedWorkingDays + (facts.pausedSince === null ? 0 : pausedDays(calendar, facts.pausedSince, decidedAt));
  const closed = { ...facts, pausedWorkingDays, pausedSince: null };
  if (decision === 'withdrawn' || verifiedAt === null) return { ...closed, workingDaysToDecision: null, withinStandard: null };
  const workingDaysToDecision = Math.max(0, calendar.workingDaysBetween(verifiedAt, decidedAt) - pausedWorkingDays);
  const withinStandard = decision === 'deemed' ? false : !facts.slaBreached && workingDaysToDecision <= facts.processingDays;
  return { ...closed, workingDaysToDecision, withinStandard };
}

function pausedDays(calendar: FactsCalendar, requestedAt: string, resumedAt: string): number {
  return Math.max(0, calendar.workingDaysBetween(requestedAt, resumedAt));
}
