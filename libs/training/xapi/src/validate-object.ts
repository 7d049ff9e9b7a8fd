import { Json, Problems, allowOnly, at, label, objectAt, textAt } from './check';
import { checkActivity } from './validate-activity';
import { checkAgent, checkGroup, hasIdentifier } from './validate-actor';

export type ObjectKind = 'Activity' | 'Agent' | 'Group' | 'StatementRef' | 'SubStatement';
/** Validates a SubStatement; absent inside a SubStatement, which cannot nest another (2.4.4.3.s8.b4). */
export type SubStatementCheck = (subStatement: Json, path: string, problems: Problems) => void;

/** The object of a Statement: by objectType, Activity when absent (2.4.4.s2). */
export function checkObject(value: unknown, path: string, problems: Problems, checkSubStatement: SubStatementCheck | null): ObjectKind | undefined {
  const object = objectAt(value, path, problems);
  if (!object) return undefined;
  switch (object['objectType']) {
    case undefined:
      if (hasIdentifier(object) || object['member'] !== undefined) {
        problems.push(`${at(path, 'objectType')} is required when the object is an Agent or Group`);
        return undefined;
      }
      checkActivity(object, path, problems);
      return 'Activity';
    case 'Activity':
      checkActivity(object, path, problems);
      return 'Activity';
    case 'Agent':
      checkAgent(object, path, problems);
      return 'Agent';
    case 'Group':
      checkGroup(object, path, problems);
      return 'Group';
    case 'StatementRef':
      checkStatementRef(object, path, problems);
      return 'StatementRef';
    case 'SubStatement':
      if (checkSubStatement) checkSubStatement(object, path, problems);
      else problems.push(`${label(path)} must not be a SubStatement: SubStatements cannot be nested`);
      return 'SubStatement';
    default:
      problems.push(`${at(path, 'objectType')} must be Activity, Agent, Group, StatementRef or SubStatement`);
      return undefined;
  }
}

/** objectType StatementRef and the UUID of a Statement (2.4.4.3.s4). */
export function checkStatementRef(ref: Json, path: string, problems: Problems): void {
  allowOnly(ref, ['objectType', 'id'], path, problems);
  if (ref['objectType'] !== 'StatementRef') problems.push(`${at(path, 'objectType')} must be StatementRef`);
  textAt(ref, 'id', 'UUID', path, problems, true);
}

export function checkStatementRefValue(value: unknown, path: string, problems: Problems): void {
  const ref = objectAt(value, path, problems);
  if (ref) checkStatementRef(ref, path, problems);
}
