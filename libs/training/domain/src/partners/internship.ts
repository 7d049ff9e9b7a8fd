import { assertNever, Command, CommandMetadata, Decider, Decision, Event, PersonalField, reject, Rejection } from '@palembang/events/core';
import { jakartaDateOf, LocalDate } from '@palembang/working-days';
import { BKPSDM_AGENCY, invalidInput, invalidTransition, isAgencyId, isDate, isId, isNip, isScore, rejectionCodes, required } from '../shared/rules';
import { AgreementTerms, agreementProblem } from './partner';

/** Every event of an internship; `agencyId` is the host agency. */
export type InternshipRef = Readonly<{ internshipId: string; agencyId: string; partnerId: string }>;

/** The student's name is personal data, sealed per subject `student:<studentId>`. */
export type InternPlaced = Event<'InternPlaced', InternshipRef & {
  agreementId: string;
  studentId: string;
  studentName: PersonalField<string>;
  supervisorNip: string;
  startsOn: LocalDate;
  endsOn: LocalDate;
  placedAt: string;
}>;
export type InternshipEvaluated = Event<'InternshipEvaluated', InternshipRef & { score: number; remarks: string; evaluatedAt: string }>;
export type InternshipCompleted = Event<'InternshipCompleted', InternshipRef & { score: number; completedAt: string }>;

export type InternshipEvent = InternPlaced | InternshipEvaluated | InternshipCompleted;

type Known = InternshipRef & Readonly<{ agreementId: string; studentId: string; supervisorNip: string; startsOn: LocalDate; endsOn: LocalDate }>;

export type Internship =
  | Readonly<{ status: 'absent' }>
  | (Known & Readonly<{ status: 'placed' }>)
  | (Known & Readonly<{ status: 'evaluated'; score: number }>)
  | (Known & Readonly<{ status: 'completed'; score: number; completedAt: string }>);

export type InternshipStatus = Internship['status'];

export const initialInternship = (): Internship => ({ status: 'absent' });

export function evolveInternship(state: Internship, event: InternshipEvent): Internship {
  switch (event.type) {
    case 'InternPlaced': {
      const { internshipId, agencyId, partnerId, agreementId, studentId, supervisorNip, startsOn, endsOn } = event.data;
      return { status: 'placed', internshipId, agencyId, partnerId, agreementId, studentId, supervisorNip, startsOn, endsOn };
    }
    case 'InternshipEvaluated':
      return state.status === 'placed' || state.status === 'evaluated' ? { ...state, status: 'evaluated', score: event.data.score } : state;
    case 'InternshipCompleted':
      return state.status === 'evaluated' ? { ...state, status: 'completed', completedAt: event.data.completedAt } : state;
    default:
      return assertNever(event);
  }
}

type Ref = { internshipId: string };

/**
 * Places a student of a partner at a host agency (`agencyId`), under an agreement covering internships
 * for the whole period. The service reads the partner and passes the agreement's terms (null if unknown).
 * Sent by the host agency or BKPSDM.
 */
export type PlaceIntern = Command<'PlaceIntern', Ref & {
  partnerId: string;
  agreementId: string;
  agreement: AgreementTerms | null;
  studentId: string;
  studentName: string;
  agencyId: string;
  supervisorNip: string;
  startsOn: LocalDate;
  endsOn: LocalDate;
}>;
/** The host agency evaluates the intern, from the start day on; a later evaluation replaces it until completion. */
export type EvaluateInternship = Command<'EvaluateInternship', Ref & { score: number; remarks: string }>;
export type CompleteInternship = Command<'CompleteInternship', Ref>;

export type InternshipCommand = PlaceIntern | EvaluateInternship | CompleteInternship;

/** INTERNSHIP.NOT_FOUND 404, FORBIDDEN 403, INVALID_INPUT 400, ALREADY_EXISTS, INVALID_TRANSITION, AGREEMENT_NOT_VALID and NOT_STARTED 409. */
export const InternshipRejectionCodes = {
  ...rejectionCodes('INTERNSHIP'),
  AGREEMENT_NOT_VALID: 'INTERNSHIP.AGREEMENT_NOT_VALID',
  NOT_STARTED: 'INTERNSHIP.NOT_STARTED',
} as const;
const Codes = InternshipRejectionCodes;

export type InternshipDecider = Decider<InternshipCommand, InternshipEvent, Internship>;

/**
 *   absent --place--> placed --evaluate--> evaluated (--evaluate again--> evaluated) --complete--> completed
 */
export function internshipDecider(): InternshipDecider {
  function decide(command: InternshipCommand, state: Internship): Decision<InternshipEvent> {
    const meta = command.metadata;
    if (command.type === 'PlaceIntern') return place(command, state);
    if (state.status === 'absent') return reject(Codes.NOT_FOUND, `No internship ${command.data.internshipId}`);
    if (meta.agencyId !== state.agencyId) return reject(Codes.FORBIDDEN, `Only ${state.agencyId}, the host agency, may do this`);
    const ref: InternshipRef = { internshipId: state.internshipId, agencyId: state.agencyId, partnerId: state.partnerId };
    switch (command.type) {
      case 'EvaluateInternship': {
        if (state.status !== 'placed' && state.status !== 'evaluated') return invalidTransition(Codes, 'internship', state.status, command.type);
        if (jakartaDateOf(meta.now) < state.startsOn) return reject(Codes.NOT_STARTED, `The internship starts on ${state.startsOn}`);
        if (!isScore(command.data.score)) return invalidInput(Codes, 'score', 'The score must be a number from 0 to 100');
        const remarks = required(command.data.remarks, 4000);
        if (!remarks) return invalidInput(Codes, 'remarks', 'The remarks are required (at most 4000 characters)');
        return [{ type: 'InternshipEvaluated', data: { ...ref, score: command.data.score, remarks, evaluatedAt: meta.now } }];
      }
      case 'CompleteInternship':
        if (state.status !== 'evaluated') return invalidTransition(Codes, 'internship', state.status, command.type);
        return [{ type: 'InternshipCompleted', data: { ...ref, score: state.score, completedAt: meta.now } }];
      default:
        return assertNever(command);
    }
  }

  function place(command: PlaceIntern, state: Internship): Decision<InternshipEvent> {
    if (state.status !== 'absent') return reject(Codes.ALREADY_EXISTS, `Internship ${command.data.internshipId} already exists`);
    const { internshipId, partnerId, agreementId, agreement, studentId, agencyId, supervisorNip, startsOn, endsOn } = command.data;
    const invalid = (field: string, message: string) => invalidInput(Codes, field, message);
    if (!isId(internshipId)) return invalid('internshipId', 'The internship id is required');
    if (!isAgencyId(agencyId)) return invalid('agencyId', 'The host agency is required');
    const refused = hostOrBkpsdm(command.metadata, agencyId);
    if (refused) return refused;
    if (!isId(partnerId)) return invalid('partnerId', 'The partner id is required');
    if (!isId(studentId)) return invalid('studentId', "The student's id (e.g. the student number) is required");
    const studentName = required(command.data.studentName, 200);
    if (!studentName) return invalid('studentName', "The student's name is required (at most 200 characters)");
    if (!isNip(supervisorNip)) return invalid('supervisorNip', "The supervisor's NIP must be a valid 18-digit Nomor Induk Pegawai");
    if (!isDate(startsOn)) return invalid('startsOn', 'The start must be a date YYYY-MM-DD');
    if (!isDate(endsOn) || endsOn < startsOn) return invalid('endsOn', 'The end must be a date YYYY-MM-DD, not before the start');
    if (!agreement || agreement.agreementId !== agreementId || agreement.partnerId !== partnerId) return invalid('agreementId', `Partner ${partnerId} has no agreement ${agreementId}`);
    const problem = agreementProblem(agreement, 'internship', startsOn, endsOn);
    if (problem?.reason === 'period') return invalid(startsOn < agreement.validFrom ? 'startsOn' : 'endsOn', `${problem.message}: the internship must fall inside it`);
    if (problem) return reject(Codes.AGREEMENT_NOT_VALID, problem.message);
    return [{
      type: 'InternPlaced',
      data: { internshipId, agencyId, partnerId, agreementId, studentId, studentName, supervisorNip, startsOn, endsOn, placedAt: command.metadata.now },
    }];
  }

  return { decide, evolve: evolveInternship, initialState: initialInternship };
}

function hostOrBkpsdm(meta: CommandMetadata, host: string): Rejection | undefined {
  return meta.agencyId === host || meta.agencyId === BKPSDM_AGENCY ? undefined : reject(Codes.FORBIDDEN, 'Only the host agency or BKPSDM places interns');
}
