import { assertNever, Command, Decider, Decision, reject } from '@palembang/events/core';
import { invalidInput, isAgencyId, isId, isJp, isNip, isTime, jakartaYearOf, rejectionCodes, required } from '../shared/rules';
import { CreditSource, DevelopmentAccount, DevelopmentEvent, evolveDevelopmentAccount, initialDevelopmentAccount } from './development';

/**
 * Credits JP of a program to a civil servant, on the stream `development-<nip>-<year>`. Idempotent:
 * the same `reference` again (even once revoked), or another credit of a program already credited
 * that year, records nothing (no events, no rejection), so retried or duplicated xAPI statements
 * never count twice.
 */
export type CreditJp = Command<'CreditJp', {
  nip: string;
  /** The agency employing the civil servant when the learning was completed (the cohort's employer agency, or the register's for xAPI). */
  agencyId: string;
  year: number;
  source: CreditSource;
  programId: string;
  jp: number;
  /** The cohort id (source `program`) or the xAPI statement id (source `xapi`). */
  reference: string;
  /** When the learning was completed; its Asia/Jakarta year must be `year`. */
  creditedAt: string;
}>;

/**
 * Withdraws the credit earned by `reference`, e.g. when the LMS voids the xAPI statement. A reference
 * that credited nothing (never credited, or already revoked) records nothing.
 */
export type RevokeJpCredit = Command<'RevokeJpCredit', { nip: string; year: number; reference: string; reason: string }>;

export type DevelopmentCommand = CreditJp | RevokeJpCredit;

/** DEVELOPMENT.INVALID_INPUT 400 (with `field`); INVALID_TRANSITION 409 (a command for another NIP or year on this stream). */
export const DevelopmentRejectionCodes = rejectionCodes('DEVELOPMENT');
const Codes = DevelopmentRejectionCodes;

export type DevelopmentDecider = Decider<DevelopmentCommand, DevelopmentEvent, DevelopmentAccount>;

/**
 * A civil servant's development record of one year, credited from cohort completions and from
 * xAPI learning records. The service sends CreditJp in reaction to ParticipantCompleted (see
 * `creditFromCompletion`) and to LMS statements (see `creditFromXapiStatement`); no agency check here.
 */
export function developmentDecider(): DevelopmentDecider {
  function decide(command: DevelopmentCommand, state: DevelopmentAccount): Decision<DevelopmentEvent> {
    switch (command.type) {
      case 'CreditJp':
        return credit(command, state);
      case 'RevokeJpCredit':
        return revoke(command, state);
      default:
        return assertNever(command);
    }
  }

  function revoke(command: RevokeJpCredit, state: DevelopmentAccount): Decision<DevelopmentEvent> {
    const { nip, year, reference } = command.data;
    if (!isNip(nip)) return invalidInput(Codes, 'nip', 'The NIP must be a valid 18-digit Nomor Induk Pegawai');
    if (typeof reference !== 'string' || !reference.trim()) return invalidInput(Codes, 'reference', 'The reference of the credit is required');
    const reason = required(command.data.reason, 500);
    if (!reason) return invalidInput(Codes, 'reason', 'Say why the credit is revoked (at most 500 characters)');
    if (state.status !== 'recording') return [];
    if (state.nip !== nip || state.year !== year) return reject(Codes.INVALID_TRANSITION, 'This record is of another civil servant or year');
    const revoked = state.credits.find((entry) => entry.reference === reference);
    if (!revoked) return [];
    const { source, programId, agencyId, jp } = revoked;
    return [{ type: 'JpCreditRevoked', data: { nip, year, agencyId, source, programId, jp, reference, reason, revokedAt: command.metadata.now } }];
  }

  function credit(command: CreditJp, state: DevelopmentAccount): Decision<DevelopmentEvent> {
    const { nip, year, agencyId, source, programId, jp, reference, creditedAt } = command.data;
    const invalid = (field: string, message: string) => invalidInput(Codes, field, message);
    if (!isNip(nip)) return invalid('nip', 'The NIP must be a valid 18-digit Nomor Induk Pegawai');
    if (!Number.isSafeInteger(year) || year < 2000 || year > 2100) return invalid('year', 'The year must be a whole number such as 2026');
    if (!isAgencyId(agencyId)) return invalid('agencyId', "The civil servant's agency is required");
    if (source !== 'program' && source !== 'xapi') return invalid('source', 'The source is program or xapi');
    if (!isId(programId)) return invalid('programId', 'The program id is required');
    if (!isJp(jp)) return invalid('jp', 'The JP credited must be a whole number from 1 to 400');
    if (typeof reference !== 'string' || !reference.trim() || reference.length > 200) return invalid('reference', 'The reference (cohort or xAPI statement id) is required');
    if (!isTime(creditedAt)) return invalid('creditedAt', 'The completion time must be an ISO 8601 instant with an offset');
    if (jakartaYearOf(creditedAt) !== year) return invalid('creditedAt', `The learning was completed in ${jakartaYearOf(creditedAt)} (Asia/Jakarta), not in ${year}`);
    if (state.status === 'recording') {
      if (state.nip !== nip || state.year !== year) return reject(Codes.INVALID_TRANSITION, `This record is of another civil servant or year`);
      if (state.credits.some((entry) => entry.reference === reference || entry.programId === programId)) return [];
      if (state.revokedReferences.includes(reference)) return [];
    }
    return [{ type: 'JpCredited', data: { nip, year, agencyId, source, programId, jp, reference, creditedAt, recordedAt: command.metadata.now } }];
  }

  return { decide, evolve: evolveDevelopmentAccount, initialState: initialDevelopmentAccount };
}
