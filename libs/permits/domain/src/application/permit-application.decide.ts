import { assertNever, CommandMetadata, Decider, Decision, reject, Rejection } from '@palembang/events/core';
import { recalculateClock } from '@palembang/working-days';
import { PermitType, PermitTypeCatalogue, snapshotOf } from '../permit-types/permit-type';
import { applicantProblem } from './applicant';
import {
  ApplicationRef,
  evolvePermitApplication,
  initialPermitApplication,
  PermitApplication,
  PermitApplicationEvent,
  SlaClock,
  SlaDeadlineRecalculated,
} from './permit-application';
import { PermitApplicationCommand, PermitRejectionCodes as Codes, SubmitApplication } from './permit-application.commands';
import { deadlineDue, resumeClock, SlaCalendar, startSlaClock } from './sla';

export type PermitApplicationDependencies = Readonly<{
  permitTypes: PermitTypeCatalogue | readonly PermitType[];
  calendar: SlaCalendar;
}>;

export type PermitApplicationDecider = Decider<PermitApplicationCommand, PermitApplicationEvent, PermitApplication>;

type Existing = Exclude<PermitApplication, { status: 'absent' }>;
type Status = PermitApplication['status'];

const UNDECIDED: readonly Status[] = ['submitted', 'revision-requested', 'verified', 'under-review'];

/**
 * The permit application as a decider, given the service standards and the working-day calendar.
 *
 *   submitted --verify (documents complete; SLA clock starts)--> verified --start review--> under-review
 *   submitted | verified | under-review --request revision--> revision-requested --resubmit--> back where it was
 *     (to submitted if the clock had not started; otherwise verified or under-review, the deadline moved by the paused days)
 *   under-review --approve--> approved --issue--> issued
 *   verified | under-review --deadline passed--> approved (deemed, once) or SlaBreached recorded (once, status unchanged)
 *     (never on a provisional deadline: the check first recalculates it with the calendar as it stands)
 *   verified | under-review | revision-requested with a paused clock --calendar changed--> SlaDeadlineRecalculated (status unchanged)
 *   any undecided status --reject--> rejected, --withdraw--> withdrawn
 */
export function permitApplicationDecider(dependencies: PermitApplicationDependencies): PermitApplicationDecider {
  const catalogue = dependencies.permitTypes instanceof PermitTypeCatalogue ? dependencies.permitTypes : new PermitTypeCatalogue(dependencies.permitTypes);
  const { calendar } = dependencies;

  function decide(command: PermitApplicationCommand, state: PermitApplication): Decision<PermitApplicationEvent> {
    if (command.type === 'SubmitApplication') return submit(command, state);
    if (state.status === 'absent') return reject(Codes.NOT_FOUND, `No permit application ${command.data.applicationId}`);
    const meta = command.metadata;
    const ref = refOf(state);
    if (command.type === 'CheckDeadline') return checkDeadline(state, meta.now);
    if (command.type === 'RecalculateSlaDeadline') return recalculateDeadline(state, meta.now);
    const due = deemedApprovalDue(state, meta.now);
    if (due) return due;
    switch (command.type) {
      case 'RequestRevision': {
        const notAllowed = allowedOnlyIn(state, command.type, 'submitted', 'verified', 'under-review');
        if (notAllowed) return notAllowed;
        if (command.data.missingDocuments.length === 0) return invalid('missingDocuments', 'Name at least one missing or faulty document');
        if (!command.data.reason.trim()) return invalid('reason', 'A reason is required');
        const { missingDocuments, reason } = command.data;
        return [{ type: 'RevisionRequested', data: { ...ref, missingDocuments, reason, requestedAt: meta.now, slaClockPaused: state.status !== 'submitted' } }];
      }
      case 'ResubmitApplication': {
        if (state.status !== 'revision-requested') return invalidTransition(state, command.type);
        const resumed = state.pausedClock ? resumeClock(calendar, state.pausedClock, state.requestedAt, meta.now) : null;
        return [{
          type: 'ApplicationResubmitted',
          data: {
            ...ref,
            documents: unique(command.data.documents),
            resubmittedAt: meta.now,
            pausedWorkingDays: resumed?.pausedWorkingDays ?? null,
            slaDeadline: resumed?.clock.deadline ?? null,
            ...provisionalMark(resumed?.clock),
          },
        }];
      }
      case 'VerifyApplication': {
        if (state.status !== 'submitted') return invalidTransition(state, command.type);
        const missing = state.standard.requiredDocuments.filter((code) => !state.documents.includes(code));
        if (missing.length > 0) return reject(Codes.DOCUMENTS_INCOMPLETE, `Documents missing: ${missing.join(', ')}; request a revision instead`, 'documents');
        const { processingDays } = state.standard;
        const clock = startSlaClock(calendar, meta.now, processingDays);
        return [{ type: 'ApplicationVerified', data: { ...ref, verifiedAt: meta.now, processingDays, slaDeadline: clock.deadline, ...provisionalMark(clock) } }];
      }
      case 'StartReview':
        if (state.status !== 'verified') return invalidTransition(state, command.type);
        if (!command.data.officerId.trim()) return invalid('officerId', 'The officer id is required');
        return [{ type: 'ReviewStarted', data: { ...ref, officerId: command.data.officerId, startedAt: meta.now } }];
      case 'ApproveApplication':
        if (state.status !== 'under-review') return invalidTransition(state, command.type);
        return [{ type: 'ApplicationApproved', data: { ...ref, approvedBy: meta.actor, approvedAt: meta.now } }];
      case 'RejectApplication':
        if (!UNDECIDED.includes(state.status)) return invalidTransition(state, command.type);
        if (!command.data.reason.trim()) return invalid('reason', 'A reason is required');
        return [{ type: 'ApplicationRejected', data: { ...ref, reason: command.data.reason, rejectedBy: meta.actor, rejectedAt: meta.now } }];
      case 'IssuePermit':
        if (state.status !== 'approved') return invalidTransition(state, command.type);
        if (!command.data.permitNumber.trim()) return invalid('permitNumber', 'The permit number is required');
        return [{ type: 'PermitIssued', data: { ...ref, permitNumber: command.data.permitNumber, issuedAt: meta.now } }];
      case 'WithdrawApplication':
        if (!UNDECIDED.includes(state.status)) return invalidTransition(state, command.type);
        return [{ type: 'ApplicationWithdrawn', data: { ...ref, reason: command.data.reason?.trim() || null, withdrawnAt: meta.now } }];
      default:
        return assertNever(command);
    }
  }

  function submit(command: SubmitApplication, state: PermitApplication): Decision<PermitApplicationEvent> {
    if (state.status !== 'absent') return reject(Codes.ALREADY_SUBMITTED, `Permit application ${command.data.applicationId} was already submitted`);
    const { applicationId, trackingCode, permitTypeCode, applicant, documents } = command.data;
    if (!applicationId.trim()) return invalid('applicationId', 'The application id is required');
    if (!/^[A-Z0-9][A-Z0-9-]{3,39}$/.test(trackingCode)) return invalid('trackingCode', 'The tracking code must be 4-40 upper case letters, digits or dashes');
    const type = catalogue.find(permitTypeCode);
    if (!type) return reject(Codes.UNKNOWN_TYPE, `No permit type ${permitTypeCode}`, 'permitTypeCode');
    const problem = applicantProblem(applicant);
    if (problem) return problem;
    return [{
      type: 'ApplicationSubmitted',
      data: {
        applicationId,
        agencyId: type.agencyId,
        permitTypeCode,
        trackingCode,
        applicant: { ...applicant, email: applicant.email ?? null },
        documents: unique(documents),
        standard: snapshotOf(type),
        submittedAt: command.metadata.now,
      },
    }];
  }

  /**
   * Recalculates the deadline with the calendar as it stands, then, past a deadline that
   * is not provisional and without a decision: deemed approval where the type has it,
   * else a breach, each once.
   */
  function checkDeadline(state: Existing, now: CommandMetadata['now']): Decision<PermitApplicationEvent> {
    const clock = clockOf(state);
    const recalculated = clock ? recalculation(state, clock, now) : [];
    const current = recalculated.reduce<PermitApplication>(evolvePermitApplication, state);
    if (current.status !== 'verified' && current.status !== 'under-review') return recalculated;
    if (!deadlineDue(current.sla, now)) return recalculated;
    const data = { ...refOf(current), slaDeadline: current.sla.deadline, detectedAt: now };
    if (current.standard.deemedApproval) return [...recalculated, { type: 'ApplicationDeemedApproved', data }];
    return current.sla.breached ? recalculated : [...recalculated, { type: 'SlaBreached', data }];
  }

  /** After a calendar change: one event when the deadline or its provisional mark moved, none otherwise. */
  function recalculateDeadline(state: Existing, now: string): Decision<PermitApplicationEvent> {
    const clock = clockOf(state);
    if (!clock) return reject(Codes.INVALID_TRANSITION, `No SLA clock to recalculate while the application is ${state.status}`);
    return recalculation(state, clock, now);
  }

  function recalculation(state: Existing, clock: SlaClock, now: string): SlaDeadlineRecalculated[] {
    const change = recalculateClock(calendar, clock);
    return change ? [{ type: 'SlaDeadlineRecalculated', data: { ...refOf(state), ...change, recalculatedAt: now } }] : [];
  }

  return { decide, evolve: evolvePermitApplication, initialState: initialPermitApplication };
}

/**
 * Once the deadline of a deemed-approval type has passed, the law has decided: only the deadline check may record it.
 * A provisional deadline decides nothing yet: the agency may still act until the calendar is published.
 */
function deemedApprovalDue(state: Existing, now: string): Rejection | undefined {
  if (state.status !== 'verified' && state.status !== 'under-review') return undefined;
  if (!state.standard.deemedApproval || !deadlineDue(state.sla, now)) return undefined;
  return reject(Codes.DEEMED_APPROVAL_DUE, `The deadline ${state.sla.deadline} passed: the application is approved by law (fiktif positif)`);
}

/** The running clock, or the paused one while the applicant revises; undefined before verification and after a decision. */
function clockOf(state: Existing): SlaClock | undefined {
  if ('sla' in state) return state.sla;
  return state.status === 'revision-requested' ? (state.pausedClock ?? undefined) : undefined;
}

/** Older events carry no mark: only a provisional deadline is marked. */
function provisionalMark(clock: SlaClock | undefined): { slaDeadlineProvisional?: true } {
  return clock?.provisional ? { slaDeadlineProvisional: true } : {};
}

function allowedOnlyIn(state: Existing, command: string, ...allowed: Status[]): Rejection | undefined {
  return allowed.includes(state.status) ? undefined : invalidTransition(state, command);
}

function invalidTransition(state: Existing, command: string): Rejection {
  return reject(Codes.INVALID_TRANSITION, `${command} is not allowed while the application is ${state.status}`);
}

function invalid(field: string, message: string): Rejection {
  return reject(Codes.INVALID_INPUT, message, field);
}

function refOf(state: Existing): ApplicationRef {
  return { applicationId: state.applicationId, agencyId: state.agencyId, permitTypeCode: state.permitTypeCode };
}

function unique(codes: readonly string[]): string[] {
  return [...new Set(codes.map((code) => code.trim()).filter((code) => code.length > 0))];
}
