import { assertNever, Command, CommandMetadata, Decider, Decision, reject, Rejection } from '@palembang/events/core';
import { jakartaDateOf, LocalDate } from '@palembang/working-days';
import { BKPSDM_AGENCY, invalidInput, invalidTransition, isAgencyId, isDate, isId, isJp, isNip, isScore, jakartaYearOf, rejectionCodes, required } from '../shared/rules';
import { Cohort, CohortEvent, CohortRef, CohortSession, evolveCohort, initialCohort, Participant, seatsTaken } from './cohort';

type Ref = { cohortId: string };

/**
 * Schedules a cohort of a program; the agency sending it organises the cohort. The service reads
 * the program first: it must be active, and its JP are passed as `programJp`.
 */
export type ScheduleCohort = Command<'ScheduleCohort', Ref & {
  programId: string;
  programJp: number;
  startsOn: LocalDate;
  endsOn: LocalDate;
  capacity: number;
  sessions: readonly CohortSession[];
}>;
/**
 * Enrols a civil servant: a seat while seats remain, else a place at the end of the waiting list.
 * Sent by the civil servant's agency (`agencyId`), BKPSDM or a caller with agencies:all; an organiser
 * enrols only its own agency's civil servants.
 */
export type Enrol = Command<'Enrol', Ref & { enrolmentId: string; nip: string; agencyId: string; name: string }>;
/** Withdraws an enrolment or a place on the waiting list; a freed seat goes to the first waiting. */
export type Withdraw = Command<'Withdraw', Ref & { nip: string; reason?: string | null }>;
/** The organiser records who was present at a session (held today or earlier). */
export type RecordAttendance = Command<'RecordAttendance', Ref & { sessionId: string; presentNips: readonly string[] }>;
/** The organiser records a participant's result; the certificate number is required if and only if passed. */
export type Complete = Command<'Complete', Ref & { nip: string; score: number; passed: boolean; certificateNumber?: string | null }>;
export type CancelCohort = Command<'CancelCohort', Ref & { reason: string }>;

export type CohortCommand = ScheduleCohort | Enrol | Withdraw | RecordAttendance | Complete | CancelCohort;

/**
 * COHORT.NOT_FOUND and COHORT.PARTICIPANT.NOT_FOUND 404; FORBIDDEN 403; INVALID_INPUT 400 (with
 * `field`); ALREADY_EXISTS, INVALID_TRANSITION, ALREADY_ENROLLED, ENROLMENT_CLOSED, NOT_ENROLLED,
 * NOT_STARTED and HAS_COMPLETIONS 409.
 */
export const CohortRejectionCodes = {
  ...rejectionCodes('COHORT'),
  PARTICIPANT_NOT_FOUND: 'COHORT.PARTICIPANT.NOT_FOUND',
  ALREADY_ENROLLED: 'COHORT.ALREADY_ENROLLED',
  ENROLMENT_CLOSED: 'COHORT.ENROLMENT_CLOSED',
  NOT_ENROLLED: 'COHORT.NOT_ENROLLED',
  NOT_STARTED: 'COHORT.NOT_STARTED',
  HAS_COMPLETIONS: 'COHORT.HAS_COMPLETIONS',
} as const;
const Codes = CohortRejectionCodes;

export type CohortDecider = Decider<CohortCommand, CohortEvent, Cohort>;
type Open = Extract<Cohort, { status: 'scheduled' }>;

export const MAX_COHORT_CAPACITY = 1000;

/**
 * A cohort of a training program, one stream per cohort.
 *
 *   absent --schedule--> scheduled --cancel (no one completed yet)--> cancelled
 *   scheduled: enrol (seat or waiting list, until the start day), withdraw (promotes the first waiting),
 *              record attendance (sessions held), complete (from the start day; JP credited when passed)
 *
 * Concurrent enrolments are the service's business: it appends with the expected stream version and,
 * on a conflict, reloads and decides again. Every decision is taken on the state it was given, so the
 * waiting list keeps the order in which Enrol commands were accepted.
 */
export function cohortDecider(): CohortDecider {
  function decide(command: CohortCommand, state: Cohort): Decision<CohortEvent> {
    if (command.type === 'ScheduleCohort') return schedule(command, state);
    if (state.status === 'absent') return reject(Codes.NOT_FOUND, `No cohort ${command.data.cohortId}`);
    if (state.status !== 'scheduled') return invalidTransition(Codes, 'cohort', state.status, command.type);
    const meta = command.metadata;
    const ref: CohortRef = { cohortId: state.cohortId, agencyId: state.agencyId, programId: state.programId };
    switch (command.type) {
      case 'Enrol':
        return enrol(command, state, ref);
      case 'Withdraw': {
        const found = participantOf(state, command.data.nip);
        if ('rejected' in found) return found;
        const refused = allowedFor(meta, found.employerAgencyId, state.agencyId);
        if (refused) return refused;
        if (found.status !== 'enrolled' && found.status !== 'waitlisted') return reject(Codes.NOT_ENROLLED, `The civil servant is ${found.status}, neither enrolled nor waiting`);
        const reason = command.data.reason == null ? null : required(command.data.reason, 1000) ?? null;
        const { enrolmentId, nip, employerAgencyId } = found;
        const seatFreed = found.status === 'enrolled';
        const withdrawn: CohortEvent = { type: 'EnrolmentWithdrawn', data: { ...ref, enrolmentId, nip, employerAgencyId, seatFreed, reason, withdrawnAt: meta.now } };
        const next = seatFreed ? state.waitlist[0] : undefined;
        if (next === undefined) return [withdrawn];
        const promoted = state.participants[next];
        return [withdrawn, { type: 'EnrolmentPromoted', data: { ...ref, enrolmentId: promoted.enrolmentId, nip: promoted.nip, employerAgencyId: promoted.employerAgencyId, promotedAt: meta.now } }];
      }
      case 'RecordAttendance': {
        const refused = organiserOnly(meta, state);
        if (refused) return refused;
        const session = state.sessions.find((candidate) => candidate.sessionId === command.data.sessionId);
        if (!session) return invalidInput(Codes, 'sessionId', `The cohort has no session ${command.data.sessionId}`);
        if (jakartaDateOf(meta.now) < session.date) return invalidInput(Codes, 'sessionId', `Session ${session.sessionId} is on ${session.date}: record its attendance once it was held`);
        if (!Array.isArray(command.data.presentNips)) return invalidInput(Codes, 'presentNips', 'List the NIPs of those present');
        const present = [...new Set(command.data.presentNips)];
        const stranger = present.find((nip) => state.participants[nip]?.status !== 'enrolled' && state.participants[nip]?.status !== 'completed');
        if (stranger !== undefined) return invalidInput(Codes, 'presentNips', 'Each NIP present must be of a participant holding a seat');
        const seated = Object.values(state.participants).filter((participant) => participant.status === 'enrolled' || participant.status === 'completed').map((participant) => participant.nip);
        const absent = seated.filter((nip) => !present.includes(nip));
        return [{ type: 'AttendanceRecorded', data: { ...ref, sessionId: session.sessionId, sessionDate: session.date, presentNips: present, absentNips: absent, recordedAt: meta.now } }];
      }
      case 'Complete': {
        const refused = organiserOnly(meta, state);
        if (refused) return refused;
        const found = participantOf(state, command.data.nip);
        if ('rejected' in found) return found;
        if (found.status !== 'enrolled') return reject(Codes.NOT_ENROLLED, `The civil servant is ${found.status}: only an enrolled participant completes`);
        if (jakartaDateOf(meta.now) < state.startsOn) return reject(Codes.NOT_STARTED, `The cohort starts on ${state.startsOn}`);
        const { score, passed } = command.data;
        if (!isScore(score)) return invalidInput(Codes, 'score', 'The score must be a number from 0 to 100');
        if (typeof passed !== 'boolean') return invalidInput(Codes, 'passed', 'Say whether the participant passed');
        const certificateNumber = command.data.certificateNumber == null ? null : required(command.data.certificateNumber, 100) ?? '';
        if (passed && !certificateNumber) return invalidInput(Codes, 'certificateNumber', 'A participant who passed gets a certificate number');
        if (!passed && certificateNumber !== null) return invalidInput(Codes, 'certificateNumber', 'Only a participant who passed gets a certificate number');
        const { enrolmentId, nip, employerAgencyId } = found;
        return [{
          type: 'ParticipantCompleted',
          data: { ...ref, enrolmentId, nip, employerAgencyId, score, passed, certificateNumber, jp: passed ? state.programJp : 0, year: jakartaYearOf(meta.now), completedAt: meta.now },
        }];
      }
      case 'CancelCohort': {
        const refused = organiserOnly(meta, state);
        if (refused) return refused;
        const reason = required(command.data.reason, 1000);
        if (!reason) return invalidInput(Codes, 'reason', 'Say why the cohort is cancelled (at most 1000 characters)');
        if (Object.values(state.participants).some((participant) => participant.status === 'completed')) {
          return reject(Codes.HAS_COMPLETIONS, 'Participants have already completed this cohort: it can no longer be cancelled');
        }
        return [{ type: 'CohortCancelled', data: { ...ref, reason, cancelledAt: meta.now } }];
      }
      default:
        return assertNever(command);
    }
  }

  function schedule(command: ScheduleCohort, state: Cohort): Decision<CohortEvent> {
    if (state.status !== 'absent') return reject(Codes.ALREADY_EXISTS, `Cohort ${command.data.cohortId} already exists`);
    const { cohortId, programId, programJp, startsOn, endsOn, capacity, sessions } = command.data;
    const invalid = (field: string, message: string) => invalidInput(Codes, field, message);
    if (!isId(cohortId)) return invalid('cohortId', 'The cohort id is required');
    if (!isId(programId)) return invalid('programId', 'The program id is required');
    if (!isJp(programJp)) return invalid('programJp', 'The program length must be a whole number of JP from 1 to 400');
    if (!isDate(startsOn)) return invalid('startsOn', 'The start must be a date YYYY-MM-DD');
    if (!isDate(endsOn) || endsOn < startsOn) return invalid('endsOn', 'The end must be a date YYYY-MM-DD, not before the start');
    if (!Number.isSafeInteger(capacity) || capacity < 1 || capacity > MAX_COHORT_CAPACITY) return invalid('capacity', `The capacity must be a whole number from 1 to ${MAX_COHORT_CAPACITY}`);
    if (!Array.isArray(sessions) || sessions.length === 0 || sessions.length > 200) return invalid('sessions', 'A cohort has from 1 to 200 sessions');
    for (const [index, session] of sessions.entries()) {
      if (!isId(session?.sessionId)) return invalid(`sessions[${index}].sessionId`, 'The session id is required');
      if (!isDate(session.date) || session.date < startsOn || session.date > endsOn) return invalid(`sessions[${index}].date`, 'Each session falls between the start and the end of the cohort');
    }
    if (new Set(sessions.map((session) => session.sessionId)).size !== sessions.length) return invalid('sessions', 'Each session id appears once');
    const ordered = [...sessions].sort((a, b) => a.date.localeCompare(b.date)).map(({ sessionId, date }) => ({ sessionId, date }));
    return [{
      type: 'CohortScheduled',
      data: { cohortId, agencyId: command.metadata.agencyId, programId, programJp, startsOn, endsOn, capacity, sessions: ordered, scheduledAt: command.metadata.now },
    }];
  }

  function enrol(command: Enrol, state: Open, ref: CohortRef): Decision<CohortEvent> {
    const meta = command.metadata;
    const { enrolmentId, nip, agencyId } = command.data;
    if (!isId(enrolmentId)) return invalidInput(Codes, 'enrolmentId', 'The enrolment id is required');
    if (!isNip(nip)) return invalidInput(Codes, 'nip', 'The NIP must be a valid 18-digit Nomor Induk Pegawai');
    if (!isAgencyId(agencyId)) return invalidInput(Codes, 'agencyId', "The civil servant's agency is required");
    const name = required(command.data.name, 200);
    if (!name) return invalidInput(Codes, 'name', 'The name is required (at most 200 characters)');
    const refused = allowedFor(meta, agencyId);
    if (refused) return refused;
    const existing = state.participants[nip];
    if (existing && existing.status !== 'withdrawn') return reject(Codes.ALREADY_ENROLLED, `The civil servant is already ${existing.status} in this cohort`);
    if (jakartaDateOf(meta.now) > state.startsOn) return reject(Codes.ENROLMENT_CLOSED, `Enrolment closed when the cohort started on ${state.startsOn}`);
    const participant = { enrolmentId, nip, employerAgencyId: agencyId, name };
    if (seatsTaken(state) < state.capacity) return [{ type: 'ParticipantEnrolled', data: { ...ref, ...participant, enrolledAt: meta.now } }];
    return [{ type: 'ParticipantWaitlisted', data: { ...ref, ...participant, position: state.waitlist.length + 1, waitlistedAt: meta.now } }];
  }

  return { decide, evolve: evolveCohort, initialState: initialCohort };
}

function participantOf(state: Open, nip: string): Participant | Rejection {
  if (!isNip(nip)) return invalidInput(Codes, 'nip', 'The NIP must be a valid 18-digit Nomor Induk Pegawai');
  return state.participants[nip] ?? reject(Codes.PARTICIPANT_NOT_FOUND, 'The civil servant is not in this cohort');
}

function organiserOnly(meta: CommandMetadata, state: Open): Rejection | undefined {
  return meta.agencyId === state.agencyId ? undefined : reject(Codes.FORBIDDEN, `Only ${state.agencyId}, which organises the cohort, may do this`);
}

/**
 * The civil servant's own agency, BKPSDM and agencies:all act for a civil servant; the organiser
 * (`organiser`, given for a withdrawal) may take a participant out of its cohort, never put another
 * agency's civil servant in.
 */
function allowedFor(meta: CommandMetadata, employerAgencyId: string, organiser?: string): Rejection | undefined {
  if (meta.allAgencies === true || [employerAgencyId, BKPSDM_AGENCY, organiser].includes(meta.agencyId)) return undefined;
  return reject(Codes.FORBIDDEN, organiser === undefined
    ? "Only the civil servant's agency, BKPSDM or agencies:all may enrol a civil servant"
    : "Only the civil servant's agency, the organiser, BKPSDM or agencies:all may withdraw a civil servant");
}
