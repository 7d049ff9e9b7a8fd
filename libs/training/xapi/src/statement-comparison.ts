import { durationForComparison, parseTimestamp } from './formats';
import { withActivityArrays } from './prepare-for-storage';
import { Activity, Actor, Context, Result, Statement, StatementObject, SubStatement, isActivity } from './statement';

/**
 * xAPI-Data 2.3.1 "Statement Comparison Requirements": differences that the exceptions to immutability could cause are
 * ignored; every other difference counts. Ignored: id, stored, authority and version (assigned by the LRS); timestamp
 * when either side lacks it (the LRS fills it) and its serialisation otherwise (compared as instants, to the ms);
 * Activity definitions and Verb display (not part of the Statement); the order of Group members; a single context
 * Activity against an array of one; case where the value is case insensitive (mbox domain, hex hashes, UUIDs);
 * duration precision beyond 0.01 s. Anything else, including objectType written out or left to its default, counts.
 */
export function statementsEquivalent(a: Statement, b: Statement): boolean {
  return stableJson(comparable(a)) === stableJson(comparable(b)) && sameTimestamp(a.timestamp, b.timestamp);
}

export type DuplicateOutcome = 'new' | 'identical' | 'conflict';

/**
 * PUT or POST of an id the LRS may already hold: store it when new; when identical, change nothing (PUT answers
 * 204 No Content, POST returns the id); when different, 409 Conflict (xAPI-Communication 2.1.1.s2, 2.1.2.s2).
 */
export function duplicateOutcome(existing: Statement | undefined, incoming: Statement): DuplicateOutcome {
  if (!existing) return 'new';
  return statementsEquivalent(existing, incoming) ? 'identical' : 'conflict';
}

type Comparable = Record<string, unknown>;

function comparable(statement: Statement | SubStatement): Comparable {
  const { actor, verb, object, result, context } = statement;
  return {
    ...withoutKeys(statement, ['id', 'stored', 'authority', 'version', 'timestamp']),
    actor: comparableActor(actor),
    verb: { id: verb.id },
    object: comparableObject(object),
    ...(result && { result: comparableResult(result) }),
    ...(context && { context: comparableContext(context) }),
  };
}

function comparableObject(object: StatementObject): Comparable {
  if (isActivity(object)) return comparableActivity(object);
  switch (object.objectType) {
    case 'StatementRef':
      return { ...object, id: object.id.toLowerCase() };
    case 'SubStatement':
      return { ...comparable(object), timestamp: instantOf(object.timestamp) };
    default:
      return comparableActor(object);
  }
}

function comparableActivity(activity: Activity): Comparable {
  return withoutKeys(activity, ['definition']);
}

function comparableActor(actor: Actor): Comparable {
  const identified: Comparable = { ...comparableAgent(actor) };
  if (actor.objectType === 'Group' && actor.member) identified['member'] = actor.member.map(comparableAgent).sort(byStableJson);
  return identified;
}

function comparableAgent(agent: Actor): Comparable {
  return {
    ...agent,
    ...(agent.mbox && { mbox: lowercaseDomain(agent.mbox) }),
    ...(agent.mbox_sha1sum && { mbox_sha1sum: agent.mbox_sha1sum.toLowerCase() }),
  };
}

function comparableResult(result: Result): Comparable {
  return { ...result, ...(result.duration && { duration: durationForComparison(result.duration) }) };
}

function comparableContext(context: Context): Comparable {
  const withArrays = withActivityArrays(context);
  const activities = Object.entries(withArrays.contextActivities ?? {}).map(([kind, list]) => [kind, (list as Activity[]).map(comparableActivity)]);
  return {
    ...withArrays,
    ...(context.registration && { registration: context.registration.toLowerCase() }),
    ...(context.instructor && { instructor: comparableActor(context.instructor) }),
    ...(context.team && { team: comparableActor(context.team) }),
    ...(context.statement && { statement: { ...context.statement, id: context.statement.id.toLowerCase() } }),
    ...(context.contextActivities && { contextActivities: Object.fromEntries(activities) }),
  };
}

function sameTimestamp(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || instantOf(a) === instantOf(b);
}

function instantOf(timestamp: string | undefined): number | undefined {
  return timestamp === undefined ? undefined : parseTimestamp(timestamp)?.getTime();
}

/** The domain part of an e-mail address is case insensitive (2.3.1.b7). */
function lowercaseDomain(mbox: string): string {
  const at = mbox.lastIndexOf('@');
  return at < 0 ? mbox : mbox.slice(0, at) + mbox.slice(at).toLowerCase();
}

function withoutKeys<T extends object>(value: T, keys: readonly string[]): Comparable {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

function byStableJson(a: unknown, b: unknown): number {
  const [left, right] = [stableJson(a), stableJson(b)];
  return left < right ? -1 : left > right ? 1 : 0;
}

/** JSON with object keys sorted, so property order never matters (2.2.s2.b4). */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
