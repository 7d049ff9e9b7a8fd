import { Problems, textAt } from './check';
import { parseTimestamp } from './formats';
import { Parsed, parsed, rejected } from './result';
import { Actor } from './statement';
import { checkIdentifiedActor } from './validate-actor';

export const STATEMENT_FORMATS = ['ids', 'exact', 'canonical'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

/** maxLimit is what limit=0 ("the maximum the server will allow") means, and the cap on any larger limit. */
export const STATEMENT_QUERY_LIMITS = { maxLimit: 500, parameterLength: 2048, cursorLength: 512 } as const;

/** The parameter carrying the opaque position of a "more" link; not in the specification, which allows LRS parameters. */
export const CURSOR_PARAMETER = 'cursor';

const SINGLE_PARAMETERS = ['statementId', 'voidedStatementId'] as const;
const SEARCH_PARAMETERS = [
  'agent', 'verb', 'activity', 'registration', 'related_activities', 'related_agents', 'since', 'until', 'limit', 'ascending', CURSOR_PARAMETER,
] as const;
const SHARED_PARAMETERS = ['format', 'attachments'] as const;
const PARAMETERS: readonly string[] = [...SINGLE_PARAMETERS, ...SEARCH_PARAMETERS, ...SHARED_PARAMETERS];

/** GET statements with statementId (voided: false) or voidedStatementId (voided: true): one Statement. */
export type SingleStatementQuery = Readonly<{ kind: 'single'; statementId: string; voided: boolean; format: StatementFormat; attachments: boolean }>;

/** GET statements otherwise: a StatementResult, newest stored first unless ascending (xAPI-Communication 2.1.3). */
export type StatementSearch = Readonly<{
  kind: 'search';
  /** An Agent or Identified Group, matched by its inverse functional identifier. */
  agent: Actor | null;
  verb: string | null;
  activity: string | null;
  registration: string | null;
  related_activities: boolean;
  related_agents: boolean;
  /** Stored strictly after. */
  since: Date | null;
  /** Stored at or before. */
  until: Date | null;
  /** Never 0: limit=0 and any limit above the maximum become STATEMENT_QUERY_LIMITS.maxLimit. */
  limit: number;
  format: StatementFormat;
  attachments: boolean;
  ascending: boolean;
  /** The position after which a "more" page continues, as passed to moreLink; null on a first page. */
  after: string | null;
}>;

export type StatementQuery = SingleStatementQuery | StatementSearch;
export type QueryParameters = Readonly<Record<string, string | readonly string[] | undefined>>;

export function parseStatementQuery(query: QueryParameters): Parsed<StatementQuery> {
  const problems: Problems = [];
  const values = singleValues(query, problems);
  const format = formatOf(values, problems);
  const attachments = booleanOf(values, 'attachments', problems);
  const single = singleStatement(values, problems);
  if (problems.length) return rejected(problems);
  if (single) return parsed({ kind: 'single', ...single, format, attachments });
  const search = searchOf(values, problems);
  return problems.length ? rejected(problems) : parsed({ kind: 'search', ...search, format, attachments });
}

/**
 * The "more" IRL of a StatementResult: relative (path and query, no scheme or host), holding every filter of the
 * query and the opaque position of the last Statement returned, so the LRS keeps no state (xAPI-Data 2.5.s3.b2).
 */
export function moreLink(basePath: string, query: StatementSearch, lastPosition: string): string {
  const parameters = new URLSearchParams();
  const add = (name: string, value: string | null | false): void => {
    if (value !== null && value !== false) parameters.set(name, value);
  };
  add('agent', query.agent && JSON.stringify(query.agent));
  add('verb', query.verb);
  add('activity', query.activity);
  add('registration', query.registration);
  add('related_activities', query.related_activities && 'true');
  add('related_agents', query.related_agents && 'true');
  add('since', query.since && query.since.toISOString());
  add('until', query.until && query.until.toISOString());
  add('limit', String(query.limit));
  add('format', query.format !== 'exact' && query.format);
  add('attachments', query.attachments && 'true');
  add('ascending', query.ascending && 'true');
  add(CURSOR_PARAMETER, Buffer.from(lastPosition, 'utf8').toString('base64url'));
  return `${basePath}?${parameters.toString()}`;
}

type Values = Readonly<Record<string, string>>;

/** Every parameter known, given once, of bounded length; unknown ones are refused, case mismatches named (3.2.s3.b7, b8). */
function singleValues(query: QueryParameters, problems: Problems): Values {
  const values: Record<string, string> = {};
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    if (!PARAMETERS.includes(name)) {
      const meant = PARAMETERS.find((known) => known.toLowerCase() === name.toLowerCase());
      problems.push(`${name.slice(0, 40)} is not a parameter of GET statements${meant ? ` (parameter names are case sensitive: ${meant})` : ''}`);
    } else if (typeof raw !== 'string' && raw.length !== 1) problems.push(`${name} must be given once`);
    else {
      const value = typeof raw === 'string' ? raw : raw[0];
      if (value.length > STATEMENT_QUERY_LIMITS.parameterLength) problems.push(`${name} is longer than ${STATEMENT_QUERY_LIMITS.parameterLength} characters`);
      else values[name] = value;
    }
  }
  return values;
}

/** statementId and voidedStatementId exclude each other and every parameter but format and attachments (2.1.3.s2.b1, b2). */
function singleStatement(values: Values, problems: Problems): { statementId: string; voided: boolean } | undefined {
  const given = SINGLE_PARAMETERS.filter((name) => values[name] !== undefined);
  if (given.length === 0) return undefined;
  if (given.length === 2) problems.push('statementId and voidedStatementId cannot be combined');
  const others = SEARCH_PARAMETERS.filter((name) => values[name] !== undefined);
  if (others.length) problems.push(`${given[0]} can only be combined with format and attachments, not ${others.join(', ')}`);
  const statementId = textAt(values, given[0], 'UUID', '', problems);
  return statementId === undefined ? undefined : { statementId: statementId.toLowerCase(), voided: given[0] === 'voidedStatementId' };
}

function searchOf(values: Values, problems: Problems): Omit<StatementSearch, 'kind' | 'format' | 'attachments'> {
  return {
    agent: agentOf(values, problems),
    verb: textAt(values, 'verb', 'IRI', '', problems) ?? null,
    activity: textAt(values, 'activity', 'IRI', '', problems) ?? null,
    registration: textAt(values, 'registration', 'UUID', '', problems)?.toLowerCase() ?? null,
    related_activities: booleanOf(values, 'related_activities', problems),
    related_agents: booleanOf(values, 'related_agents', problems),
    since: timestampOf(values, 'since', problems),
    until: timestampOf(values, 'until', problems),
    limit: limitOf(values, problems),
    ascending: booleanOf(values, 'ascending', problems),
    after: cursorOf(values, problems),
  };
}

function agentOf(values: Values, problems: Problems): Actor | null {
  const text = values['agent'];
  if (text === undefined) return null;
  let agent: unknown;
  try {
    agent = JSON.parse(text);
  } catch {
    problems.push('agent must be the JSON of an Agent or Identified Group');
    return null;
  }
  const before = problems.length;
  checkIdentifiedActor(agent, 'agent', problems);
  return problems.length === before ? (agent as Actor) : null;
}

/** Booleans are written as in JSON: true or false (2.1.3 note). */
function booleanOf(values: Values, name: string, problems: Problems): boolean {
  const text = values[name];
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  problems.push(`${name} must be true or false`);
  return false;
}

function timestampOf(values: Values, name: string, problems: Problems): Date | null {
  const text = values[name];
  if (text === undefined) return null;
  const instant = parseTimestamp(text);
  if (!instant) problems.push(`${name} must be an ISO 8601 timestamp with time zone`);
  return instant ?? null;
}

function limitOf(values: Values, problems: Problems): number {
  const text = values['limit'] ?? '0';
  if (!/^\d{1,9}$/.test(text)) {
    problems.push('limit must be a non-negative integer');
    return STATEMENT_QUERY_LIMITS.maxLimit;
  }
  const limit = Number(text);
  return limit === 0 ? STATEMENT_QUERY_LIMITS.maxLimit : Math.min(limit, STATEMENT_QUERY_LIMITS.maxLimit);
}

function formatOf(values: Values, problems: Problems): StatementFormat {
  const text = values['format'] ?? 'exact';
  if ((STATEMENT_FORMATS as readonly string[]).includes(text)) return text as StatementFormat;
  problems.push('format must be ids, exact or canonical');
  return 'exact';
}

function cursorOf(values: Values, problems: Problems): string | null {
  const text = values[CURSOR_PARAMETER];
  if (text === undefined) return null;
  const position = text.length <= STATEMENT_QUERY_LIMITS.cursorLength && /^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url').toString('utf8') : '';
  if (position === '') problems.push(`${CURSOR_PARAMETER} is not a position this LRS issued`);
  return position || null;
}
