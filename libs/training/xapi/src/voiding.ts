import { Statement, VERB_VOIDED } from './statement';

export type RuleViolation = Readonly<{ code: string; reason: string }>;

export function isVoiding(statement: Statement): boolean {
  return statement.verb.id === VERB_VOIDED;
}

/** The id of the Statement this one voids, lowercased; null when it voids nothing (2.3.2). */
export function voidingTarget(statement: Statement): string | null {
  if (!isVoiding(statement) || statement.object.objectType !== 'StatementRef') return null;
  return statement.object.id.toLowerCase();
}

/**
 * "Any Statement that voids another cannot itself be voided" (2.3.2.s1). Given the Statement a voiding Statement
 * targets, when the LRS holds it: a violation when the target is itself a voiding Statement. A missing target is no
 * reason to reject (2.3.2.s2.b5).
 */
export function cannotVoidVoiding(target: Statement | undefined): RuleViolation | null {
  if (!target || !isVoiding(target)) return null;
  const which = target.id === undefined ? 'The targeted Statement' : `Statement ${target.id}`;
  return { code: 'XAPI.CANNOT_VOID_VOIDING', reason: `${which} voids another Statement and cannot itself be voided` };
}

/**
 * Whether a held Statement counts as voided: it is not itself voiding and a voiding Statement targets it (2.3.2.s2.b3).
 * Voided Statements are left out of every query and returned only by voidedStatementId (xAPI-Communication 2.1.4).
 */
export function isVoidedBy(target: Statement, voiding: Statement): boolean {
  return !isVoiding(target) && target.id !== undefined && voidingTarget(voiding) === target.id.toLowerCase();
}
