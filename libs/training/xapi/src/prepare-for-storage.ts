import { formatTimestamp, parseTimestamp } from './formats';
import { Account, Activity, Context, ContextActivities, Statement, StoredStatement, SubStatement } from './statement';

/** Statements that arrive without a version are stored as 1.0.0 (xAPI-Data 2.4.10.s3.b3), not as the API version. */
export const DEFAULT_STATEMENT_VERSION = '1.0.0';

export type StorageContext = Readonly<{
  /** The clock of the request: becomes "stored", and "timestamp" when none was sent. */
  now: Date;
  /** The authenticated LMS client; the LRS overwrites any authority sent (2.4.9.s3.b4). */
  authority: Account;
  /** A fresh UUID for Statements sent without an id (2.4.1.s2.b1). */
  newId: () => string;
}>;

/** The properties an LRS assigns, on a Statement that validateStatement accepted. */
export function prepareForStorage(statement: Statement, { now, authority, newId }: StorageContext): StoredStatement {
  const stored = formatTimestamp(now);
  return {
    ...statement,
    id: (statement.id ?? newId()).toLowerCase(),
    timestamp: statement.timestamp === undefined ? stored : inUtc(statement.timestamp),
    stored,
    authority: { objectType: 'Agent', account: { homePage: authority.homePage, name: authority.name } },
    version: statement.version ?? DEFAULT_STATEMENT_VERSION,
    ...(statement.context && { context: withActivityArrays(statement.context) }),
    ...(statement.object.objectType === 'SubStatement' && { object: subStatementWithActivityArrays(statement.object) }),
  };
}

/** A SubStatement's context follows the same rule: its contextActivities come back as arrays too. */
function subStatementWithActivityArrays(subStatement: SubStatement): SubStatement {
  return subStatement.context ? { ...subStatement, context: withActivityArrays(subStatement.context) } : subStatement;
}

/** The LRS returns every contextActivities value as an array (2.4.6.2.s4.b3, b4). */
export function withActivityArrays(context: Context): Context {
  if (!context.contextActivities) return context;
  const entries = Object.entries(context.contextActivities) as [keyof ContextActivities, Activity | readonly Activity[]][];
  const contextActivities = Object.fromEntries(entries.map(([kind, value]) => [kind, Array.isArray(value) ? value : [value]]));
  return { ...context, contextActivities };
}

function inUtc(timestamp: string): string {
  const instant = parseTimestamp(timestamp);
  if (!instant) throw new Error(`prepareForStorage needs a validated Statement; timestamp ${timestamp} is not ISO 8601`);
  return formatTimestamp(instant);
}
