import { assertNever, Event, PersonalField } from '@palembang/events/core';
import { LocalDate } from '@palembang/working-days';

/** One meeting of a cohort, on a Jakarta calendar day. */
export type CohortSession = Readonly<{ sessionId: string; date: LocalDate }>;

/** What every event of a cohort carries. `agencyId` is the agency organising the cohort. */
export type CohortRef = Readonly<{ cohortId: string; agencyId: string; programId: string }>;

/**
 * A civil servant in an event. The NIP is an official identifier used across government and is kept
 * in the clear as the pseudonymous key of the person; the name is personal data, sealed per subject
 * `civil-servant:<nip>`. Services must never log NIPs or names.
 */
export type ParticipantRef = Readonly<{ enrolmentId: string; nip: string; employerAgencyId: string }>;

export type CohortScheduled = Event<'CohortScheduled', CohortRef & {
  /** The program's length when the cohort was scheduled: what a pass credits. */
  programJp: number;
  startsOn: LocalDate;
  endsOn: LocalDate;
  capacity: number;
  sessions: readonly CohortSession[];
  scheduledAt: string;
}>;
/** A seat was free: the civil servant takes part. */
export type ParticipantEnrolled = Event<'ParticipantEnrolled', CohortRef & ParticipantRef & { name: PersonalField<string>; enrolledAt: string }>;
/** The cohort was full: the civil servant waits at `position` (1 = next to be promoted). */
export type ParticipantWaitlisted = Event<'ParticipantWaitlisted', CohortRef & ParticipantRef & { name: PersonalField<string>; position: number; waitlistedAt: string }>;
/** `seatFreed` when the civil servant held a seat (the first on the waiting list is promoted in the same decision). */
export type EnrolmentWithdrawn = Event<'EnrolmentWithdrawn', CohortRef & ParticipantRef & { seatFreed: boolean; reason: string | null; withdrawnAt: string }>;
/** The first on the waiting list took a freed seat. */
export type EnrolmentPromoted = Event<'EnrolmentPromoted', CohortRef & ParticipantRef & { promotedAt: string }>;
/** Who was present at a session; recording a session again replaces the earlier record. */
export type AttendanceRecorded = Event<'AttendanceRecorded', CohortRef & { sessionId: string; sessionDate: LocalDate; presentNips: readonly string[]; absentNips: readonly string[]; recordedAt: string }>;
/**
 * A participant finished the cohort. `jp` is the program's JP when passed, 0 otherwise; `year` is the
 * Asia/Jakarta calendar year of `completedAt`, the year the JP count for.
 */
export type ParticipantCompleted = Event<'ParticipantCompleted', CohortRef & ParticipantRef & {
  score: number;
  passed: boolean;
  certificateNumber: string | null;
  jp: number;
  year: number;
  completedAt: string;
}>;
export type CohortCancelled = Event<'CohortCancelled', CohortRef & { reason: string; cancelledAt: string }>;

export type CohortEvent =
  | CohortScheduled
  | ParticipantEnrolled
  | ParticipantWaitlisted
  | EnrolmentWithdrawn
  | EnrolmentPromoted
  | AttendanceRecorded
  | ParticipantCompleted
  | CohortCancelled;

export type ParticipantStatus = 'enrolled' | 'waitlisted' | 'withdrawn' | 'completed';

/** A participant as the decider needs it: no name, only the NIP. */
export type Participant = ParticipantRef & Readonly<{ status: ParticipantStatus; passed: boolean | null }>;

type Scheduled = CohortRef & Readonly<{
  programJp: number;
  startsOn: LocalDate;
  endsOn: LocalDate;
  capacity: number;
  sessions: readonly CohortSession[];
  /** By NIP. */
  participants: Readonly<Record<string, Participant>>;
  /** NIPs waiting for a seat, first come first served. */
  waitlist: readonly string[];
  /** NIPs present, by session id. */
  attendance: Readonly<Record<string, readonly string[]>>;
}>;

export type Cohort =
  | Readonly<{ status: 'absent' }>
  /** Open: enrolment until the start day, then attendance and completion. */
  | (Scheduled & Readonly<{ status: 'scheduled' }>)
  | (Scheduled & Readonly<{ status: 'cancelled'; cancelledAt: string }>);

export type CohortStatus = Cohort['status'];

export const initialCohort = (): Cohort => ({ status: 'absent' });

/** Seats taken: enrolled and completed participants. */
export function seatsTaken(state: Scheduled): number {
  return Object.values(state.participants).filter((participant) => participant.status === 'enrolled' || participant.status === 'completed').length;
}

export function evolveCohort(state: Cohort, event: CohortEvent): Cohort {
  if (event.type === 'CohortScheduled') {
    const { cohortId, agencyId, programId, programJp, startsOn, endsOn, capacity, sessions } = event.data;
    return { status: 'scheduled', cohortId, agencyId, programId, programJp, startsOn, endsOn, capacity, sessions, participants: {}, waitlist: [], attendance: {} };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'ParticipantEnrolled':
      return withParticipant(state, event.data, 'enrolled');
    case 'ParticipantWaitlisted':
      return { ...withParticipant(state, event.data, 'waitlisted'), waitlist: [...state.waitlist, event.data.nip] };
    case 'EnrolmentWithdrawn':
      return { ...withParticipant(state, event.data, 'withdrawn'), waitlist: state.waitlist.filter((nip) => nip !== event.data.nip) };
    case 'EnrolmentPromoted':
      return { ...withParticipant(state, event.data, 'enrolled'), waitlist: state.waitlist.filter((nip) => nip !== event.data.nip) };
    case 'AttendanceRecorded':
      return { ...state, attendance: { ...state.attendance, [event.data.sessionId]: event.data.presentNips } };
    case 'ParticipantCompleted':
      return withParticipant(state, event.data, 'completed', event.data.passed);
    case 'CohortCancelled':
      return { ...state, status: 'cancelled', cancelledAt: event.data.cancelledAt };
    default:
      return assertNever(event);
  }
}

function withParticipant<S extends Scheduled>(state: S, ref: ParticipantRef, status: ParticipantStatus, passed: boolean | null = null): S {
  const { enrolmentId, nip, employerAgencyId } = ref;
  return { ...state, participants: { ...state.participants, [nip]: { enrolmentId, nip, employerAgencyId, status, passed } } };
}
