import {
  isDuration, isIri, isIrl, isLanguageTag, isMailtoIri, isMediaType, isSha1Hex, isSha2Hex, isTimestamp, isUuid, isVersion10x,
} from './formats';

/** A JSON object as parsed, before validation. */
export type Json = Readonly<Record<string, unknown>>;
/** Problems found so far, each a sentence starting with the path of the offending value. */
export type Problems = string[];

export function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `actor` + `account` → `actor.account`; the root of a Statement is called `statement` in messages. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export function label(path: string): string {
  return path || 'statement';
}

export function objectAt(value: unknown, path: string, problems: Problems): Json | undefined {
  if (isJsonObject(value)) return value;
  problems.push(`${label(path)} must be an object`);
  return undefined;
}

/** Keys are case sensitive and no property may be added (2.2.s4.b1.b5, b7). */
export function allowOnly(object: Json, allowed: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key)) continue;
    const meant = allowed.find((name) => name.toLowerCase() === key.toLowerCase());
    problems.push(`${at(path, shorten(key))} is not allowed${meant ? ` (property names are case sensitive: ${meant})` : ''}`);
  }
}

/** The value of a property, undefined when absent; null is refused everywhere outside extensions (2.2.s4.b1.b1). */
export function field(object: Json, key: string, path: string, problems: Problems, required = false): unknown {
  const value = object[key];
  if (value === undefined && required) problems.push(`${at(path, key)} is required`);
  if (value === null) problems.push(`${at(path, key)} must not be null`);
  return value ?? undefined;
}

const TEXT_FORMATS = {
  string: { test: () => true, description: 'a string' },
  IRI: { test: isIri, description: 'an IRI' },
  IRL: { test: isIrl, description: 'an IRL' },
  mailto: { test: isMailtoIri, description: 'a mailto IRI (mailto:name@example.com)' },
  UUID: { test: isUuid, description: 'a UUID in standard string form' },
  SHA1: { test: isSha1Hex, description: 'a hex-encoded SHA-1 hash' },
  SHA2: { test: isSha2Hex, description: 'a hex-encoded SHA-2 hash' },
  mediaType: { test: isMediaType, description: 'an Internet media type' },
  languageTag: { test: isLanguageTag, description: 'an RFC 5646 language tag' },
  timestamp: { test: isTimestamp, description: 'an ISO 8601 timestamp with time zone' },
  duration: { test: isDuration, description: 'an ISO 8601 duration (e.g. PT4H35M59.14S)' },
  version: { test: isVersion10x, description: 'a 1.0.x version (e.g. 1.0.0)' },
} as const;
export type TextFormat = keyof typeof TEXT_FORMATS;

export function textAt(object: Json, key: string, format: TextFormat, path: string, problems: Problems, required = false): string | undefined {
  const value = field(object, key, path, problems, required);
  if (value === undefined) return undefined;
  const { test, description } = TEXT_FORMATS[format];
  if (typeof value !== 'string' || !test(value)) {
    problems.push(`${at(path, key)} must be ${description}`);
    return undefined;
  }
  return value;
}

export function booleanAt(object: Json, key: string, path: string, problems: Problems): void {
  const value = field(object, key, path, problems);
  if (value !== undefined && typeof value !== 'boolean') problems.push(`${at(path, key)} must be true or false (not a string)`);
}

export function numberAt(object: Json, key: string, path: string, problems: Problems): number | undefined {
  const value = field(object, key, path, problems);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push(`${at(path, key)} must be a number (not a string)`);
    return undefined;
  }
  return value;
}

export function arrayAt(object: Json, key: string, path: string, problems: Problems, required = false): readonly unknown[] | undefined {
  const value = field(object, key, path, problems, required);
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value;
  problems.push(`${at(path, key)} must be an array`);
  return undefined;
}

/** Keys are RFC 5646 language tags, values plain strings (4.2). */
export function languageMapAt(object: Json, key: string, path: string, problems: Problems, required = false): void {
  const value = field(object, key, path, problems, required);
  if (value === undefined) return;
  const map = objectAt(value, at(path, key), problems);
  if (!map) return;
  for (const [tag, text] of Object.entries(map)) {
    if (!isLanguageTag(tag)) problems.push(`${at(path, key)} has a key that is not an RFC 5646 language tag: "${shorten(tag)}"`);
    if (typeof text !== 'string') problems.push(`${at(path, key)}["${shorten(tag)}"] must be a string`);
  }
}

/** Keys are IRIs; values may be any JSON, null included (4.1.s3.b2). */
export function extensionsAt(object: Json, key: string, path: string, problems: Problems): void {
  const value = field(object, key, path, problems);
  if (value === undefined) return;
  const map = objectAt(value, at(path, key), problems);
  for (const name of Object.keys(map ?? {})) {
    if (!isIri(name)) problems.push(`${at(path, key)} has a key that is not an IRI: "${shorten(name)}"`);
  }
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
