import { Json, Problems, allowOnly, arrayAt, at, field, isJsonObject, label, objectAt, textAt } from './check';
import { IFI_KEYS } from './statement';

const AGENT_KEYS = ['objectType', 'name', ...IFI_KEYS];
const GROUP_KEYS = [...AGENT_KEYS, 'member'];

/** An Agent, or a Group when objectType says so (2.4.2). */
export function checkActor(value: unknown, path: string, problems: Problems): void {
  const actor = objectAt(value, path, problems);
  if (!actor) return;
  if (actor['objectType'] === 'Group') checkGroup(actor, path, problems);
  else checkAgent(actor, path, problems);
}

/** Exactly one inverse functional identifier (2.4.2.1.s2.b1, b2). */
export function checkAgent(agent: Json, path: string, problems: Problems): void {
  allowOnly(agent, AGENT_KEYS, path, problems);
  if (agent['objectType'] !== undefined && agent['objectType'] !== 'Agent') problems.push(`${at(path, 'objectType')} must be Agent or Group`);
  textAt(agent, 'name', 'string', path, problems);
  const identifiers = checkIdentifiers(agent, path, problems);
  if (identifiers !== 1) problems.push(`${label(path)} must have exactly one inverse functional identifier (mbox, mbox_sha1sum, openid or account), not ${identifiers}`);
}

/** Anonymous: members and no identifier. Identified: exactly one identifier. Members are Agents, never Groups (2.4.2.2). */
export function checkGroup(group: Json, path: string, problems: Problems): void {
  allowOnly(group, GROUP_KEYS, path, problems);
  textAt(group, 'name', 'string', path, problems);
  const identifiers = checkIdentifiers(group, path, problems);
  if (identifiers > 1) problems.push(`${label(path)} must have at most one inverse functional identifier, not ${identifiers}`);
  const members = arrayAt(group, 'member', path, problems, identifiers === 0);
  members?.forEach((member, index) => checkMember(member, at(at(path, 'member'), index), problems));
}

/** The Agent or Identified Group of an `agent` query parameter or a filter: an identifier is required. */
export function checkIdentifiedActor(value: unknown, path: string, problems: Problems): void {
  const actor = objectAt(value, path, problems);
  if (!actor) return;
  if (actor['objectType'] !== 'Group') return checkAgent(actor, path, problems);
  checkGroup(actor, path, problems);
  if (!IFI_KEYS.some((key) => actor[key] !== undefined)) problems.push(`${label(path)} must be an Agent or an Identified Group, not an Anonymous Group`);
}

export function hasIdentifier(value: unknown): boolean {
  return isJsonObject(value) && IFI_KEYS.some((key) => value[key] !== undefined);
}

function checkMember(value: unknown, path: string, problems: Problems): void {
  const member = objectAt(value, path, problems);
  if (!member) return;
  if (member['objectType'] === 'Group') problems.push(`${path} must be an Agent: a Group cannot contain Groups`);
  else checkAgent(member, path, problems);
}

function checkIdentifiers(actor: Json, path: string, problems: Problems): number {
  textAt(actor, 'mbox', 'mailto', path, problems);
  textAt(actor, 'mbox_sha1sum', 'SHA1', path, problems);
  textAt(actor, 'openid', 'IRI', path, problems);
  const account = field(actor, 'account', path, problems);
  if (account !== undefined) checkAccount(account, at(path, 'account'), problems);
  return IFI_KEYS.filter((key) => actor[key] !== undefined && actor[key] !== null).length;
}

function checkAccount(value: unknown, path: string, problems: Problems): void {
  const account = objectAt(value, path, problems);
  if (!account) return;
  allowOnly(account, ['homePage', 'name'], path, problems);
  textAt(account, 'homePage', 'IRL', path, problems, true);
  textAt(account, 'name', 'string', path, problems, true);
}
