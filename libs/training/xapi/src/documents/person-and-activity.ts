import { isJsonObject } from '../check';
import { Account, Actor } from '../statement';

/** The Person object of the Agents resource (xAPI-Communication 2.4): every name and identifier known for one person, each an array. */
export type Person = Readonly<{
  objectType: 'Person';
  name?: readonly string[];
  mbox?: readonly string[];
  mbox_sha1sum?: readonly string[];
  openid?: readonly string[];
  account?: readonly Account[];
}>;

/**
 * The Person the learning record store knows for `agent`: the agents given are taken to be the same person
 * (the LRS links no identities of its own, so the agent asked about is always among them); names and
 * identifiers are gathered without repeats, in order, and absent kinds are left out.
 */
export function personOf(agents: readonly Actor[]): Person {
  const person = {
    objectType: 'Person' as const,
    name: distinct(agents.map((agent) => agent.name), String),
    mbox: distinct(agents.map((agent) => agent.mbox), String),
    mbox_sha1sum: distinct(agents.map((agent) => agent.mbox_sha1sum?.toLowerCase()), String),
    openid: distinct(agents.map((agent) => agent.openid), String),
    account: distinct(agents.map((agent) => agent.account), (account) => `${account.homePage}|${account.name}`),
  };
  return Object.fromEntries(Object.entries(person).filter(([, value]) => !Array.isArray(value) || value.length > 0)) as unknown as Person;
}

function distinct<T>(values: ReadonlyArray<T | undefined>, keyOf: (value: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const value of values) if (value !== undefined && !byKey.has(keyOf(value))) byKey.set(keyOf(value), value);
  return [...byKey.values()];
}

/** The Activity object of the Activities resource (2.5): its id and, when statements defined it, its definition. */
export type ActivityObject = Readonly<{ objectType: 'Activity'; id: string; definition?: Readonly<Record<string, unknown>> }>;

const LANGUAGE_MAPS = ['name', 'description'];

/**
 * The definition of an activity as the statements received define it, oldest first: each later definition
 * sets the properties it carries, language maps merged by language (a later "en-US" name replaces the
 * earlier one, an "id-ID" name is added beside it), extensions merged by key. Without any definition the
 * answer is still an Activity object, as 2.5 asks.
 */
export function activityOf(activityId: string, definitionsOldestFirst: readonly unknown[]): ActivityObject {
  const merged: Record<string, unknown> = {};
  for (const definition of definitionsOldestFirst) {
    if (!isJsonObject(definition)) continue;
    for (const [key, value] of Object.entries(definition)) {
      const before = merged[key];
      const mergesByKey = LANGUAGE_MAPS.includes(key) || key === 'extensions';
      merged[key] = mergesByKey && isJsonObject(before) && isJsonObject(value) ? { ...before, ...value } : value;
    }
  }
  return Object.keys(merged).length === 0 ? { objectType: 'Activity', id: activityId } : { objectType: 'Activity', id: activityId, definition: merged };
}
