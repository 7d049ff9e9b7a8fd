import { assertNever } from '@palembang/events/core';
import { isAfter } from '@palembang/working-days';
import { FactsCalendar } from '../facts-calendar';
import { AnyEnvelope, ConsumedEnvelope, isEnvelopeOf } from '../published-language/envelope';
import { COMPLAINT_EVENT_TYPES_READ, ComplaintEventRead } from '../published-language/complaint-events';

export type ComplaintEscalation = Readonly<{ kind: 'verification' | 'follow-up'; at: string }>;

/**
 * One row per complaint: what the figures need, computed from its events.
 *
 * Definitions (working days per the WorkingDayCalendar convention):
 * - `agencyId`: the agency responsible after the last event (the complaints desk
 *   until routing and while a declined report waits to be rerouted).
 * - `verifiedAt`: the desk's first verification outcome: routing (ComplaintVerified)
 *   or archiving as invalid or duplicate (ComplaintArchived).
 * - `verifiedWithinDeadline`: that outcome came at or before the verification deadline
 *   of the submission (3 working days); false as soon as VerificationOverdue was
 *   recorded before it; null while pending. Rerouting after a decline is not part of it.
 * - `routedAt`: when the report reached the agency now responsible (the latest
 *   ComplaintVerified or ComplaintRerouted). The agency's times run from here, so an
 *   agency does not answer for the desk's verification or another agency's decline.
 * - `firstResponseAt`: the first ComplaintAccepted, PublicUpdatePosted or
 *   ComplaintResolved of the agency now responsible (a reroute starts it afresh);
 *   `firstResponseWorkingDays` = workingDaysBetween(routedAt, firstResponseAt).
 * - `resolvedAt`: the current resolution (the latest ComplaintResolved, none while a
 *   disputed complaint is reopened); `resolutionWorkingDays` =
 *   workingDaysBetween(routedAt, resolvedAt); `resolvedWithinDeadline` is the
 *   resolution's own `withinDeadline` (against the follow-up deadline in force).
 * - `firstResolvedAt`: the first resolution ever, for the reopen rate.
 * - `reopenCount`: disputes of a resolution (ResolutionDisputed).
 * - `escalations`: every VerificationOverdue and FollowUpOverdue, with its detection time.
 */
export type ComplaintCaseFacts = Readonly<{
  complaintId: string;
  agencyId: string;
  categoryCode: string;
  intakeType: string;
  receivedAt: string;
  verificationDeadline: string;
  verifiedAt: string | null;
  archivedAt: string | null;
  verifiedWithinDeadline: boolean | null;
  routedAt: string | null;
  firstResponseAt: string | null;
  firstResponseWorkingDays: number | null;
  firstResolvedAt: string | null;
  resolvedAt: string | null;
  resolutionWorkingDays: number | null;
  resolvedWithinDeadline: boolean | null;
  /**
   * The follow-up deadline in force (set by verification, rerouting, a dispute or a recalculation); null before
   * verification. Rows projected before it existed lack it: read it as `followUpDeadline ?? null` until a rebuild.
   */
  followUpDeadline?: string | null;
  closedAt: string | null;
  reopenCount: number;
  escalations: readonly ComplaintEscalation[];
  /** The stream version of the last event applied: replays and duplicates are ignored. */
  version: number;
}>;

/**
 * Folds one envelope into the facts of its complaint. Events of other types, events
 * before ComplaintSubmitted and envelopes at or below the version already applied
 * leave the facts as they are: idempotent and safe to replay.
 */
export function applyComplaintEvent(facts: ComplaintCaseFacts | undefined, envelope: AnyEnvelope, calendar: FactsCalendar): ComplaintCaseFacts | undefined {
  if (!isEnvelopeOf<ComplaintEventRead>(COMPLAINT_EVENT_TYPES_READ, envelope)) return facts;
  if (facts && envelope.streamVersion <= facts.version) return facts;
  if (envelope.type === 'ComplaintSubmitted') {
    if (facts) return facts;
    const { complaintId, agencyId, categoryCode, intakeType, submittedAt, verificationDeadline } = envelope.data;
    return {
      complaintId, agencyId, categoryCode, intakeType, receivedAt: submittedAt, verificationDeadline,
      verifiedAt: null, archivedAt: null, verifiedWithinDeadline: null, routedAt: null,
      firstResponseAt: null, firstResponseWorkingDays: null, firstResolvedAt: null,
      resolvedAt: null, resolutionWorkingDays: null, resolvedWithinDeadline: null, followUpDeadline: null, closedAt: null,
      reopenCount: 0, escalations: [], version: envelope.streamVersion,
    };
  }
  if (!facts) return undefined;
  const evolved = evolve({ ...facts, agencyId: envelope.data.agencyId }, envelope, calendar);
  return { ...evolved, version: envelope.streamVersion };
}

/** The facts of one complaint from its events in stream order; undefined before it was submitted. */
export function complaintFactsOf(events: readonly AnyEnvelope[], calendar: FactsCalendar): ComplaintCaseFacts | undefined {
  return events.reduce<ComplaintCaseFacts | undefined>((facts, envelope) => applyComplaintEvent(facts, envelope, calendar), undefined);
}

type LaterEnvelope = Exclude<ConsumedEnvelope<ComplaintEventRead>, { type: 'ComplaintSubmitted' }>;

function evolve(facts: ComplaintCaseFacts, envelope: LaterEnvelope, calendar: FactsCalendar): ComplaintCaseFacts {
  switch (envelope.type) {
    case 'ComplaintVerified':
      return { ...verificationOutcome(facts, envelope.data.verifiedAt), routedAt: envelope.data.verifiedAt, followUpDeadline: envelope.data.followUpDeadline };
    case 'ComplaintArchived':
      return { ...verificationOutcome(facts, envelope.data.archivedAt), archivedAt: envelope.data.archivedAt, closedAt: envelope.data.archivedAt };
    case 'AuthorityDeclined':
      return facts;
    case 'ComplaintRerouted':
      return { ...facts, routedAt: envelope.data.reroutedAt, firstResponseAt: null, firstResponseWorkingDays: null, followUpDeadline: envelope.data.followUpDeadline };
    case 'ComplaintAccepted':
      return response(facts, envelope.data.acceptedAt, calendar);
    case 'PublicUpdatePosted':
      return response(facts, envelope.data.postedAt, calendar);
    case 'ComplaintResolved': {
      const { resolvedAt, withinDeadline } = envelope.data;
      const responded = response(facts, resolvedAt, calendar);
      const resolutionWorkingDays = facts.routedAt === null ? null : calendar.workingDaysBetween(facts.routedAt, resolvedAt);
      return { ...responded, resolvedAt, resolutionWorkingDays, resolvedWithinDeadline: withinDeadline, firstResolvedAt: facts.firstResolvedAt ?? resolvedAt, followUpDeadline: envelope.data.followUpDeadline };
    }
    case 'ResolutionDisputed':
      return { ...facts, resolvedAt: null, resolutionWorkingDays: null, resolvedWithinDeadline: null, reopenCount: Math.max(facts.reopenCount + 1, envelope.data.reopenCount), followUpDeadline: envelope.data.followUpDeadline };
    case 'ResolutionConfirmed':
      return { ...facts, closedAt: envelope.data.confirmedAt };
    case 'ComplaintAutoClosed':
      return { ...facts, closedAt: envelope.data.closedAt };
    case 'VerificationOverdue': {
      const escalated = { ...facts, escalations: [...facts.escalations, { kind: 'verification' as const, at: envelope.data.detectedAt }] };
      return facts.verifiedAt === null ? { ...escalated, verifiedWithinDeadline: false } : escalated;
    }
    case 'FollowUpOverdue':
      return { ...facts, escalations: [...facts.escalations, { kind: 'follow-up', at: envelope.data.detectedAt }], followUpDeadline: envelope.data.followUpDeadline };
    case 'ComplaintDeadlineRecalculated':
      // Only the first verification's deadline is a fact here; the follow-up's is kept for the pending complaints past it.
      if (envelope.data.clock === 'verification') return facts.verifiedAt === null ? { ...facts, verificationDeadline: envelope.data.deadline } : facts;
      return envelope.data.clock === 'follow-up' ? { ...facts, followUpDeadline: envelope.data.deadline } : facts;
    default:
      return assertNever(envelope);
  }
}

/** The first verification outcome settles verifiedWithinDeadline (unless VerificationOverdue already did). */
function verificationOutcome(facts: ComplaintCaseFacts, at: string): ComplaintCaseFacts {
  if (facts.verifiedAt !== null) return facts;
  const verifiedWithinDeadline = facts.verifiedWithinDeadline ?? !isAfter(at, facts.verificationDeadline);
  return { ...facts, verifiedAt: at, verifiedWithinDeadline };
}

function response(facts: ComplaintCaseFacts, at: string, calendar: FactsCalendar): ComplaintCaseFacts {
  if (facts.firstResponseAt !== null || facts.routedAt === null) return facts;
  return { ...facts, firstResponseAt: at, firstResponseWorkingDays: calendar.workingDaysBetween(facts.routedAt, at) };
}
