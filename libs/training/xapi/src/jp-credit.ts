import { formatTimestamp, parseTimestamp } from './formats';
import { Actor, Statement, VERB_COMPLETED, VERB_PASSED, isActivity, isGroup } from './statement';

/** The verbs that earn a civil servant the hours of learning (jam pelajaran, JP) of a training program. */
export const CREDIT_VERBS: readonly string[] = [VERB_COMPLETED, VERB_PASSED];

export type JpProgram = Readonly<{ programId: string; jp: number }>;

export type JpCredit = Readonly<{
  /** Nomor Induk Pegawai: the account name of the actor. */
  nip: string;
  programId: string;
  jp: number;
  /** The Statement that earned the credit; voiding it withdraws the credit. */
  statementId: string;
  /** The Statement's timestamp, in UTC. */
  completedAt: string;
}>;

/** The format check only; the service validates a NIP fully (birth date, appointment date, sex, sequence). */
const NIP = /^\d{18}$/;

/**
 * The credit a stored Statement earns: completed or passed, not explicitly unsuccessful, an Activity mapped to a
 * program, an Agent identified by an account whose name is a NIP. Null otherwise.
 */
export function jpCreditOf(statement: Statement, programsByActivityId: ReadonlyMap<string, JpProgram>): JpCredit | null {
  if (!CREDIT_VERBS.includes(statement.verb.id) || statement.result?.success === false) return null;
  if (!isActivity(statement.object)) return null;
  const program = programsByActivityId.get(statement.object.id);
  const nip = nipOf(statement.actor);
  const completedAt = statement.timestamp === undefined ? undefined : parseTimestamp(statement.timestamp);
  if (!program || !nip || !statement.id || !completedAt) return null;
  return { nip, programId: program.programId, jp: program.jp, statementId: statement.id, completedAt: formatTimestamp(completedAt) };
}

function nipOf(actor: Actor): string | null {
  if (isGroup(actor) || !actor.account) return null;
  return NIP.test(actor.account.name) ? actor.account.name : null;
}
