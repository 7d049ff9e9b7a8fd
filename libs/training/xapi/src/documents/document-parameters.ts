import { Problems, textAt } from '../check';
import { parseTimestamp } from '../formats';
import { Parsed, parsed, rejected } from '../result';
import { Actor } from '../statement';
import { checkIdentifiedActor } from '../validate-actor';

/** The three Document resources of xAPI 1.0.3 (xAPI-Communication 2.2, 2.3, 2.6, 2.7). */
export type DocumentResource = 'state' | 'activity-profile' | 'agent-profile';
export type DocumentMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

/** Where a resource's documents live: the activity, the agent and the registration that apply to it, null otherwise. */
export type DocumentScope = Readonly<{ resource: DocumentResource; activityId: string | null; agent: Actor | null; registration: string | null }>;

/**
 * One document (its id given), the ids of the scope's documents (GET without id, `since` optional), or every
 * document of the scope (DELETE on State without stateId: all of the activity and agent, registration optional).
 */
export type DocumentRequest =
  | Readonly<{ kind: 'single'; scope: DocumentScope; documentId: string }>
  | Readonly<{ kind: 'ids'; scope: DocumentScope; since: Date | null }>
  | Readonly<{ kind: 'all'; scope: DocumentScope }>;

/** The query parameters as the HTTP server hands them over: a repeated parameter arrives as an array. */
export type DocumentQuery = Readonly<Record<string, unknown>>;

const PARAMETERS: Readonly<Record<DocumentResource, readonly string[]>> = {
  state: ['activityId', 'agent', 'registration', 'stateId', 'since'],
  'activity-profile': ['activityId', 'profileId', 'since'],
  'agent-profile': ['agent', 'profileId', 'since'],
};
const ID_PARAMETER: Readonly<Record<DocumentResource, string>> = { state: 'stateId', 'activity-profile': 'profileId', 'agent-profile': 'profileId' };
/** Ids are free strings; a bound keeps keys and answers small. */
export const DOCUMENT_ID_MAX_LENGTH = 1024;

/**
 * Reads the query of a Document resource request. Unknown parameters, parameters differing only in case,
 * and repeated ones are refused (xAPI-Communication 3.2: 400 for parameters the LRS does not recognise);
 * the id is required to write (PUT, POST) and, on the profile resources, to delete; `since` only lists ids.
 */
export function parseDocumentRequest(resource: DocumentResource, method: DocumentMethod, query: DocumentQuery): Parsed<DocumentRequest> {
  const problems: Problems = [];
  const values = singleValues(query, PARAMETERS[resource], problems);
  const scope: DocumentScope = {
    resource,
    activityId: resource === 'agent-profile' ? null : textAt(values, 'activityId', 'IRI', '', problems, true) ?? null,
    agent: resource === 'activity-profile' ? null : agentOf(values['agent'], problems),
    registration: resource === 'state' ? textAt(values, 'registration', 'UUID', '', problems)?.toLowerCase() ?? null : null,
  };
  const idName = ID_PARAMETER[resource];
  const documentId = values[idName];
  if (documentId !== undefined && (documentId.length === 0 || documentId.length > DOCUMENT_ID_MAX_LENGTH)) problems.push(`${idName} must be 1 to ${DOCUMENT_ID_MAX_LENGTH} characters`);
  const sinceText = values['since'];
  const since = sinceText === undefined ? null : parseTimestamp(sinceText) ?? null;
  if (sinceText !== undefined && since === null) problems.push('since must be an ISO 8601 timestamp');
  const writes = method === 'PUT' || method === 'POST';
  if (documentId === undefined && (writes || (method === 'DELETE' && resource !== 'state'))) problems.push(`${idName} is required to ${method} a document`);
  if (sinceText !== undefined && (documentId !== undefined || method !== 'GET' && method !== 'HEAD')) problems.push(`since only applies to the list of ${idName}s (GET without ${idName})`);
  if (problems.length > 0) return rejected(problems);
  if (documentId !== undefined) return parsed({ kind: 'single', scope, documentId });
  return parsed(method === 'DELETE' ? { kind: 'all', scope } : { kind: 'ids', scope, since });
}

/** The `agent` parameter of the Agents resource (2.4): required, the JSON of an Agent or Identified Group. */
export function parseAgentParameter(query: DocumentQuery): Parsed<Actor> {
  const problems: Problems = [];
  const agent = agentOf(singleValues(query, ['agent'], problems)['agent'], problems);
  return agent && problems.length === 0 ? parsed(agent) : rejected(problems);
}

/** The `activityId` parameter of the Activities resource (2.5): required, an IRI. */
export function parseActivityIdParameter(query: DocumentQuery): Parsed<string> {
  const problems: Problems = [];
  const activityId = textAt(singleValues(query, ['activityId'], problems), 'activityId', 'IRI', '', problems, true);
  return activityId !== undefined && problems.length === 0 ? parsed(activityId) : rejected(problems);
}

function singleValues(query: DocumentQuery, allowed: readonly string[], problems: Problems): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, raw] of Object.entries(query)) {
    if (!allowed.includes(name)) {
      const meant = allowed.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
      problems.push(`${name.slice(0, 64)} is not a parameter of this resource${meant ? ` (parameter names are case sensitive: ${meant})` : ''}`);
    } else if (typeof raw !== 'string') problems.push(`${name} must be given once`);
    else values[name] = raw;
  }
  return values;
}

function agentOf(text: string | undefined, problems: Problems): Actor | null {
  if (text === undefined) {
    problems.push('agent is required');
    return null;
  }
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
