import { Json, Problems, allowOnly, at, field, isJsonObject, label, objectAt, textAt } from './check';
import { Parsed, parsed, rejected } from './result';
import { Statement, VERB_VOIDED } from './statement';
import { checkActor } from './validate-actor';
import { ObjectKind, checkObject } from './validate-object';
import { checkAttachments, checkContext, checkResult } from './validate-result-context';
import { checkVerb } from './validate-verb';

const STATEMENT_KEYS = ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments'];
/** A SubStatement MUST NOT have id, stored, version or authority (2.4.4.3.s8.b3). */
const SUB_STATEMENT_KEYS = ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments'];

export const BATCH_LIMITS = { statements: 1000 } as const;

/** A Statement as received by PUT or POST, checked against every MUST of xAPI 1.0.3 part two. */
export function validateStatement(raw: unknown): Parsed<Statement> {
  const problems: Problems = [];
  checkStatement(raw, '', problems);
  return problems.length ? rejected(problems) : parsed(raw as Statement);
}

/** The body of POST statements: one Statement or an array of them, ids unique within the batch (2.1.2.s2.b6). */
export function validateStatementBatch(raw: unknown): Parsed<readonly Statement[]> {
  if (isJsonObject(raw)) {
    const single = validateStatement(raw);
    return single.ok ? parsed([single.value]) : single;
  }
  if (!Array.isArray(raw)) return rejected(['the body must be a Statement or an array of Statements']);
  if (raw.length === 0) return rejected(['the batch holds no Statements']);
  if (raw.length > BATCH_LIMITS.statements) return rejected([`the batch holds more than ${BATCH_LIMITS.statements} Statements`]);
  const problems: Problems = [];
  raw.forEach((statement, index) => checkStatement(statement, `[${index}]`, problems));
  problems.push(...duplicateIds(raw));
  return problems.length ? rejected(problems) : parsed(raw as Statement[]);
}

/** PUT statements?statementId=…: the parameter is required and a Statement id, where given, must match it (2.1.1.s3.b3). */
export function validateStatementForPut(raw: unknown, statementId: string | undefined): Parsed<Statement> {
  if (statementId === undefined || statementId === '') return rejected(['statementId is required']);
  if (!textAt({ statementId }, 'statementId', 'UUID', '', [])) return rejected(['statementId must be a UUID in standard string form']);
  const result = validateStatement(raw);
  if (!result.ok) return result;
  const { id } = result.value;
  if (id !== undefined && id.toLowerCase() !== statementId.toLowerCase()) return rejected(['id does not match the statementId parameter']);
  return parsed({ ...result.value, id: id ?? statementId });
}

function checkStatement(value: unknown, path: string, problems: Problems): void {
  const statement = objectAt(value, path, problems);
  if (!statement) return;
  allowOnly(statement, STATEMENT_KEYS, path, problems);
  textAt(statement, 'id', 'UUID', path, problems);
  checkBody(statement, path, problems, checkSubStatement);
  textAt(statement, 'stored', 'timestamp', path, problems);
  textAt(statement, 'version', 'version', path, problems);
  const authority = field(statement, 'authority', path, problems);
  if (authority !== undefined) checkAuthority(authority, at(path, 'authority'), problems);
}

/** A SubStatement is validated as a Statement, without the LRS-assigned properties and without nesting (2.4.4.3.s8). */
function checkSubStatement(subStatement: Json, path: string, problems: Problems): void {
  allowOnly(subStatement, SUB_STATEMENT_KEYS, path, problems);
  checkBody(subStatement, path, problems, null);
}

/** What Statements and SubStatements share: actor, verb, object, result, context, timestamp, attachments. */
function checkBody(statement: Json, path: string, problems: Problems, subStatement: typeof checkSubStatement | null): void {
  const actor = field(statement, 'actor', path, problems, true);
  if (actor !== undefined) checkActor(actor, at(path, 'actor'), problems);
  const verb = field(statement, 'verb', path, problems, true);
  if (verb !== undefined) checkVerb(verb, at(path, 'verb'), problems);
  const object = field(statement, 'object', path, problems, true);
  const kind = object === undefined ? undefined : checkObject(object, at(path, 'object'), problems, subStatement);
  checkVoiding(verb, kind, path, problems);
  const result = field(statement, 'result', path, problems);
  if (result !== undefined) checkResult(result, at(path, 'result'), problems);
  const context = field(statement, 'context', path, problems);
  if (context !== undefined) checkContext(context, at(path, 'context'), problems, kind === 'Activity');
  textAt(statement, 'timestamp', 'timestamp', path, problems);
  checkAttachments(statement, path, problems);
}

/** A voiding Statement's object is a StatementRef (2.3.2.s2.b1). */
function checkVoiding(verb: unknown, kind: ObjectKind | undefined, path: string, problems: Problems): void {
  if (isJsonObject(verb) && verb['id'] === VERB_VOIDED && kind !== undefined && kind !== 'StatementRef') {
    problems.push(`${at(path, 'object')} must be a StatementRef when the verb is ${VERB_VOIDED}`);
  }
}

/** An Agent, or in 3-legged OAuth a Group of two Agents (2.4.9.s3.b1). */
function checkAuthority(value: unknown, path: string, problems: Problems): void {
  checkActor(value, path, problems);
  if (!isJsonObject(value) || value['objectType'] !== 'Group') return;
  const members = value['member'];
  if (!Array.isArray(members) || members.length !== 2) problems.push(`${label(path)} must be an Agent, or a Group of exactly two Agents`);
}

function duplicateIds(statements: readonly unknown[]): string[] {
  const firstIndexOf = new Map<string, number>();
  const problems: string[] = [];
  statements.forEach((statement, index) => {
    const id = isJsonObject(statement) && typeof statement['id'] === 'string' ? statement['id'].toLowerCase() : undefined;
    if (id === undefined) return;
    const first = firstIndexOf.get(id);
    if (first !== undefined) problems.push(`[${index}].id repeats the id of [${first}]: ids must be unique within a batch`);
    else firstIndexOf.set(id, index);
  });
  return problems;
}
