import { ParticipantCompleted } from '../cohort/cohort';
import { ProgramDetails } from '../program/program';
import { isNip, isTime, jakartaYearOf } from '../shared/rules';
import { CreditJp } from './development.decide';

/** What the service needs to credit JP: the data of a CreditJp and its stream is `developmentStreamId(nip, year)`. */
export type CreditJpData = CreditJp['data'];

/** Process manager: a passed completion credits the program's JP to the participant, in the year of completion. */
export function creditFromCompletion(event: ParticipantCompleted): CreditJpData | undefined {
  const { passed, jp, nip, employerAgencyId, year, programId, cohortId, completedAt } = event.data;
  if (!passed || jp <= 0) return undefined;
  return { nip, agencyId: employerAgencyId, year, source: 'program', programId, jp, reference: cohortId, creditedAt: completedAt };
}

/** The parts of an xAPI statement (IEEE 9274.1.1) that credits need. */
export type XapiStatement = Readonly<{
  id: string;
  /** The civil servant, as an account whose name is the NIP (homePage of the city's LMS). */
  actor: Readonly<{ account?: Readonly<{ homePage: string; name: string }> }>;
  verb: Readonly<{ id: string }>;
  object: Readonly<{ id: string }>;
  result?: Readonly<{ completion?: boolean; success?: boolean }>;
  /** When the learning happened, ISO 8601 with an offset. */
  timestamp: string;
}>;

/** Verbs that say a learner finished an activity (ADL vocabulary). */
export const XAPI_COMPLETION_VERBS: readonly string[] = ['http://adlnet.gov/expapi/verbs/completed', 'http://adlnet.gov/expapi/verbs/passed'];

export type XapiProgram = Readonly<{ programId: string; jp: number; xapiActivityIds: ProgramDetails['xapiActivityIds'] }>;

/**
 * The credit an xAPI statement earns, or why it earns none: a completion (or pass) verb, not failed,
 * on an activity mapped to a program, by an actor whose account name is a valid NIP.
 */
export function creditFromXapiStatement(statement: XapiStatement, programs: readonly XapiProgram[], agencyOf: (nip: string) => string | undefined): { credit: CreditJpData } | { ignored: string } {
  if (!XAPI_COMPLETION_VERBS.includes(statement.verb?.id)) return { ignored: 'the verb is not a completion' };
  if (statement.result?.success === false || statement.result?.completion === false) return { ignored: 'the activity was not completed successfully' };
  const nip = statement.actor?.account?.name;
  if (!isNip(nip)) return { ignored: 'the actor is not identified by a valid NIP' };
  if (!isTime(statement.timestamp)) return { ignored: 'the statement has no usable timestamp' };
  const program = programs.find((candidate) => candidate.xapiActivityIds.includes(statement.object?.id));
  if (!program) return { ignored: 'the activity is mapped to no program' };
  const agencyId = agencyOf(nip);
  if (!agencyId) return { ignored: 'the civil servant is not in the register' };
  return {
    credit: { nip, agencyId, year: jakartaYearOf(statement.timestamp), source: 'xapi', programId: program.programId, jp: program.jp, reference: statement.id, creditedAt: statement.timestamp },
  };
}

/** A credit as the xAPI library (`jpCreditOf`) reports it. */
export type XapiJpCredit = Readonly<{ nip: string; programId: string; jp: number; statementId: string; completedAt: string }>;

/** The CreditJp for a credit reported by the xAPI library; the year is the Asia/Jakarta year of completion. */
export function creditFromXapiCredit(credit: XapiJpCredit, agencyId: string): CreditJpData {
  const { nip, programId, jp, statementId, completedAt } = credit;
  return { nip, agencyId, year: jakartaYearOf(completedAt), source: 'xapi', programId, jp, reference: statementId, creditedAt: completedAt };
}
