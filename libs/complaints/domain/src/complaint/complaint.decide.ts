import { assertNever, CommandMetadata, Decider, Decision, reject, Rejection } from '@palembang/events/core';
import { CalendarDeadline, DeadlineCalendar } from '@palembang/working-days';
import { COMPLAINTS_DESK_AGENCY, ComplaintCategory, ComplaintCategoryCatalogue, FOLLOW_UP_WORKING_DAYS } from '../categories/complaint-category';
import { Complaint, ComplaintDeadlineRecalculated, ComplaintEvent, ComplaintRef, evolveComplaint, initialComplaint } from './complaint';
import { ComplaintCommand, ComplaintRejectionCodes as Codes, SubmitComplaint } from './complaint.commands';
import { defaultFollowUpKind, invalid, required, routingProblem, submissionProblem } from './complaint.rules';
import { autoCloseClock, deadlineDue, deadlinePassed, followUpClock, isOpen, recalculationOf, runningClockOf, verificationClock } from './deadlines';

export type ComplaintDependencies = Readonly<{
  categories: ComplaintCategoryCatalogue | readonly ComplaintCategory[];
  calendar: DeadlineCalendar;
  /** Working days after the resolution before a complaint the reporter neither confirmed nor disputed closes by itself. */
  autoCloseWorkingDays: number;
}>;

export type ComplaintDecider = Decider<ComplaintCommand, ComplaintEvent, Complaint>;

type Existing = Exclude<Complaint, { status: 'absent' }>;
type Status = Complaint['status'];

/**
 * A complaint (SP4N-LAPOR!) as a decider, given the categories, the working-day calendar
 * and the auto-close period.
 *
 *   received --verify (desk)--> routed --accept (agency)--> in-progress --resolve--> resolved
 *   received --archive as invalid or duplicate (desk)--> archived
 *   routed --decline authority (agency)--> awaiting-reroute --reroute (desk, another agency)--> routed
 *   routed | in-progress --post public update--> unchanged
 *   resolved --confirm (reporter)--> closed; --dispute (reporter)--> in-progress (reopened, fresh deadline)
 *   deadline check: VerificationOverdue, FollowUpOverdue (each once per deadline); resolved past auto-close --> closed
 *   recalculation (after a calendar change, and first in every deadline check): ComplaintDeadlineRecalculated when the running deadline moved
 *
 * No escalation and no auto-close fires on a provisional deadline (one in a year whose calendar is not published).
 *
 * Desk commands need `metadata.agencyId` to be the complaints desk; agency commands need the agency responsible.
 */
export function complaintDecider(dependencies: ComplaintDependencies): ComplaintDecider {
  const catalogue = dependencies.categories instanceof ComplaintCategoryCatalogue ? dependencies.categories : new ComplaintCategoryCatalogue(dependencies.categories);
  const { calendar, autoCloseWorkingDays } = dependencies;
  if (!Number.isSafeInteger(autoCloseWorkingDays) || autoCloseWorkingDays < 1) throw new RangeError(`autoCloseWorkingDays must be a whole number >= 1, got ${autoCloseWorkingDays}`);

  function decide(command: ComplaintCommand, state: Complaint): Decision<ComplaintEvent> {
    if (command.type === 'SubmitComplaint') return submit(command, state);
    if (state.status === 'absent') return reject(Codes.NOT_FOUND, `No complaint ${command.data.complaintId}`);
    const meta = command.metadata;
    const ref = refOf(state);
    switch (command.type) {
      case 'CheckDeadlines':
        return checkDeadlines(state, meta.now);
      case 'RecalculateDeadlines':
        return isOpen(state) ? recalculate(state, meta.now) : invalidTransition(state, command.type);
      case 'VerifyComplaint': {
        const refused = allowedOnlyIn(state, command.type, 'received') ?? deskOnly(meta);
        if (refused) return refused;
        const problem = routingProblem(command.data.agencyId, command.data.followUpKind);
        if (problem) return problem;
        const category = catalogue.find(state.categoryCode);
        const agencyId = command.data.agencyId ?? category?.agencyId;
        const kind = command.data.followUpKind ?? defaultFollowUpKind(state.intakeType, category);
        if (!agencyId || !kind) return invalid('agencyId', `Category ${state.categoryCode} is no longer configured: name the agency and the follow-up kind`);
        const followUp = followUpClock(calendar, meta.now, kind);
        return [{
          type: 'ComplaintVerified',
          data: { ...ref, agencyId, followUpKind: kind, followUpDays: FOLLOW_UP_WORKING_DAYS[kind], verifiedAt: meta.now, followUpDeadline: followUp.deadline, ...mark('followUpProvisional', followUp) },
        }];
      }
      case 'ArchiveComplaint': {
        const refused = allowedOnlyIn(state, command.type, 'received') ?? deskOnly(meta);
        if (refused) return refused;
        const { reason, note, duplicateOf } = command.data;
        if (reason !== 'invalid' && reason !== 'duplicate') return invalid('reason', 'The reason must be invalid or duplicate');
        if (typeof note !== 'string' || !note.trim() || note.length > 1000) return invalid('note', 'A note for the reporter is required (at most 1000 characters)');
        if (reason === 'duplicate' && (typeof duplicateOf !== 'string' || !duplicateOf.trim())) return invalid('duplicateOf', 'Name the complaint this one duplicates');
        if (reason === 'duplicate' && duplicateOf === state.complaintId) return invalid('duplicateOf', 'A complaint cannot duplicate itself');
        if (reason === 'invalid' && duplicateOf != null) return invalid('duplicateOf', 'Only a duplicate names another complaint');
        return [{ type: 'ComplaintArchived', data: { ...ref, reason, note: note.trim(), duplicateOf: reason === 'duplicate' ? duplicateOf : null, archivedAt: meta.now } }];
      }
      case 'AcceptComplaint': {
        if (state.status !== 'routed') return invalidTransition(state, command.type);
        return agencyOnly(state, meta) ?? [{ type: 'ComplaintAccepted', data: { ...ref, acceptedAt: meta.now, followUpDeadline: state.followUp.deadline } }];
      }
      case 'DeclineAuthority': {
        const refused = allowedOnlyIn(state, command.type, 'routed') ?? agencyOnly(state, meta);
        if (refused) return refused;
        const reason = required(command.data.reason, 1000);
        if (!reason) return invalid('reason', 'Say why the matter is not your authority (at most 1000 characters)');
        const verification = verificationClock(calendar, meta.now);
        return [{
          type: 'AuthorityDeclined',
          data: {
            ...ref,
            agencyId: COMPLAINTS_DESK_AGENCY,
            declinedBy: state.agencyId,
            reason,
            declinedAt: meta.now,
            verificationDeadline: verification.deadline,
            ...mark('verificationProvisional', verification),
          },
        }];
      }
      case 'RerouteComplaint': {
        if (state.status !== 'awaiting-reroute') return invalidTransition(state, command.type);
        const refused = deskOnly(meta);
        if (refused) return refused;
        const { agencyId } = command.data;
        const kind = command.data.followUpKind ?? state.followUpKind;
        if (agencyId == null) return invalid('agencyId', 'Name the agency to route the complaint to');
        const problem = routingProblem(agencyId, kind);
        if (problem) return problem;
        if (agencyId === state.declinedBy) return reject(Codes.SAME_AGENCY, `${agencyId} declined this complaint as not its authority: route it to another agency`, 'agencyId');
        const followUp = followUpClock(calendar, meta.now, kind);
        return [{
          type: 'ComplaintRerouted',
          data: {
            ...ref,
            agencyId,
            previousAgencyId: state.declinedBy,
            followUpKind: kind,
            followUpDays: FOLLOW_UP_WORKING_DAYS[kind],
            reroutedAt: meta.now,
            followUpDeadline: followUp.deadline,
            ...mark('followUpProvisional', followUp),
          },
        }];
      }
      case 'PostPublicUpdate': {
        const refused = allowedOnlyIn(state, command.type, 'routed', 'in-progress') ?? agencyOnly(state, meta);
        if (refused) return refused;
        const message = required(command.data.message, 2000);
        if (!message) return invalid('message', 'The message is required (at most 2000 characters)');
        return [{ type: 'PublicUpdatePosted', data: { ...ref, message, postedAt: meta.now } }];
      }
      case 'ResolveComplaint': {
        if (state.status !== 'in-progress') return invalidTransition(state, command.type);
        const refused = agencyOnly(state, meta);
        if (refused) return refused;
        const response = required(command.data.response, 4000);
        if (!response) return invalid('response', 'The response to the reporter is required (at most 4000 characters)');
        const { deadline } = state.followUp;
        const autoClose = autoCloseClock(calendar, meta.now, autoCloseWorkingDays);
        return [{
          type: 'ComplaintResolved',
          data: {
            ...ref,
            response,
            resolvedAt: meta.now,
            followUpDeadline: deadline,
            withinDeadline: !deadlinePassed(deadline, meta.now),
            autoCloseAt: autoClose.deadline,
            ...mark('autoCloseProvisional', autoClose),
            autoCloseWorkingDays,
          },
        }];
      }
      case 'ConfirmResolution': {
        if (state.status !== 'resolved') return invalidTransition(state, command.type);
        return autoCloseDue(state.autoClose, meta.now) ?? [{ type: 'ResolutionConfirmed', data: { ...ref, confirmedAt: meta.now } }];
      }
      case 'DisputeResolution': {
        if (state.status !== 'resolved') return invalidTransition(state, command.type);
        const refused = autoCloseDue(state.autoClose, meta.now);
        if (refused) return refused;
        const reason = required(command.data.reason, 2000);
        if (!reason) return invalid('reason', 'Say why the answer does not resolve the complaint (at most 2000 characters)');
        const kind = state.followUpKind;
        const followUp = followUpClock(calendar, meta.now, kind);
        return [{
          type: 'ResolutionDisputed',
          data: { ...ref, reason, disputedAt: meta.now, reopenCount: state.reopenCount + 1, followUpKind: kind, followUpDeadline: followUp.deadline, ...mark('followUpProvisional', followUp) },
        }];
      }
      default:
        return assertNever(command);
    }
  }

  function submit(command: SubmitComplaint, state: Complaint): Decision<ComplaintEvent> {
    if (state.status !== 'absent') return reject(Codes.ALREADY_SUBMITTED, `Complaint ${command.data.complaintId} was already submitted`);
    const { complaintId, trackingCode, intakeType, channel, categoryCode, title, description, location, address, reporter, anonymous } = command.data;
    const problem = submissionProblem(command.data);
    if (problem) return problem;
    if (!catalogue.find(categoryCode)) return reject(Codes.UNKNOWN_CATEGORY, `No complaint category ${categoryCode}`, 'categoryCode');
    const now = command.metadata.now;
    const verification = verificationClock(calendar, now);
    return [{
      type: 'ComplaintSubmitted',
      data: {
        complaintId,
        agencyId: COMPLAINTS_DESK_AGENCY,
        categoryCode,
        intakeType,
        trackingCode,
        channel,
        title: title.trim(),
        description: description.trim(),
        location: location === null ? null : { latitude: location.latitude, longitude: location.longitude },
        address: address?.trim() || null,
        reporter: { reporterId: reporter.reporterId, name: reporter.name.trim(), nik: reporter.nik ?? null, phone: reporter.phone ?? null, email: reporter.email ?? null },
        anonymous,
        submittedAt: now,
        verificationDeadline: verification.deadline,
        ...mark('verificationProvisional', verification),
      },
    }];
  }

  /** The running deadline under the calendar as it is now, then what is due on it. */
  function checkDeadlines(state: Existing, now: CommandMetadata['now']): Decision<ComplaintEvent> {
    const recalculation = recalculate(state, now);
    return [...recalculation, ...overdue(recalculation.reduce<Complaint>(evolveComplaint, state), now)];
  }

  /** One recalculation event when the running deadline or its provisional mark changed, none otherwise. */
  function recalculate(state: Existing, now: string): ComplaintDeadlineRecalculated[] {
    const running = runningClockOf(state);
    const recalculation = running && recalculationOf(calendar, running);
    if (!running || !recalculation) return [];
    return [{ type: 'ComplaintDeadlineRecalculated', data: { ...refOf(state), clock: running.name, ...recalculation, recalculatedAt: now } }];
  }

  return { decide, evolve: evolveComplaint, initialState: initialComplaint };
}

/** Past a final deadline: each escalation once per deadline; a resolved complaint past its auto-close date closes. */
function overdue(state: Complaint, now: string): ComplaintEvent[] {
  switch (state.status) {
    case 'received':
    case 'awaiting-reroute': {
      const { deadline, escalated } = state.verification;
      return escalated || !deadlineDue(state.verification, now) ? [] : [{ type: 'VerificationOverdue', data: { ...refOf(state), verificationDeadline: deadline, detectedAt: now } }];
    }
    case 'routed':
    case 'in-progress': {
      const { deadline, escalated, kind } = state.followUp;
      return escalated || !deadlineDue(state.followUp, now) ? [] : [{ type: 'FollowUpOverdue', data: { ...refOf(state), followUpKind: kind, followUpDeadline: deadline, detectedAt: now } }];
    }
    case 'resolved':
      return deadlineDue(state.autoClose, now) ? [{ type: 'ComplaintAutoClosed', data: { ...refOf(state), autoCloseAt: state.autoClose.deadline, closedAt: now } }] : [];
    case 'absent':
    case 'archived':
    case 'closed':
      return [];
    default:
      return assertNever(state);
  }
}

/** Once the (final) auto-close date has passed, only the deadline check may record the closing. */
function autoCloseDue(autoClose: CalendarDeadline, now: string): Rejection | undefined {
  return deadlineDue(autoClose, now) ? reject(Codes.AUTO_CLOSE_DUE, `The period to confirm or dispute the resolution ended at ${autoClose.deadline}`) : undefined;
}

/** An event records a deadline's provisional mark only when it is provisional: absent reads as final, as in the events from before. */
function mark<Field extends string>(field: Field, clock: CalendarDeadline): Partial<Record<Field, true>> {
  return (clock.provisional ? { [field]: true } : {}) as Partial<Record<Field, true>>;
}

function deskOnly(meta: CommandMetadata): Rejection | undefined {
  return meta.agencyId === COMPLAINTS_DESK_AGENCY ? undefined : reject(Codes.FORBIDDEN, 'Only the complaints desk verifies, archives and routes complaints');
}

function agencyOnly(state: Existing, meta: CommandMetadata): Rejection | undefined {
  return meta.agencyId === state.agencyId ? undefined : reject(Codes.FORBIDDEN, `Only ${state.agencyId}, the agency responsible, may do this`);
}

function allowedOnlyIn(state: Existing, command: string, ...allowed: Status[]): Rejection | undefined {
  return allowed.includes(state.status) ? undefined : invalidTransition(state, command);
}

function invalidTransition(state: Existing, command: string): Rejection {
  return reject(Codes.INVALID_TRANSITION, `${command} is not allowed while the complaint is ${state.status}`);
}

function refOf(state: Existing): ComplaintRef {
  return { complaintId: state.complaintId, agencyId: state.agencyId, categoryCode: state.categoryCode, intakeType: state.intakeType };
}
