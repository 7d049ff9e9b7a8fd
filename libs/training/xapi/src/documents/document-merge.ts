import { isJsonObject } from '../check';
import { Parsed, parsed, rejected } from '../result';

/** A stored or posted document: its media type as sent and its content read as text (JSON documents only are merged). */
export type JsonCandidate = Readonly<{ contentType: string | null; text: string }>;

/** application/json, with or without parameters (`; charset=utf-8`). */
export function isJsonMediaType(contentType: string | null | undefined): boolean {
  return typeof contentType === 'string' && contentType.split(';')[0].trim().toLowerCase() === 'application/json';
}

/**
 * The body of a POST to a Document resource (xAPI-Communication 2.2): a JSON object sent as application/json,
 * with or without a stored document to merge it into; anything else is 400 (PUT stores a document of any type).
 */
export function postedJsonObject(posted: JsonCandidate): Parsed<Record<string, unknown>> {
  if (!isJsonMediaType(posted.contentType)) return rejected([`body is ${posted.contentType ?? 'of no media type'}, not application/json: a POST merges JSON objects only; PUT stores a document of any media type`]);
  const object = objectOf(posted.text);
  return object === null ? rejected(['body is not a JSON object: a POST merges JSON objects only; PUT stores any document']) : parsed(object);
}

/**
 * POST to a Document resource over an existing document (xAPI-Communication 2.2): when both are JSON
 * objects sent as application/json, the posted properties are set on the stored object, top level only
 * (a posted property replaces the stored one, objects included); anything else is 400 and the stored
 * document stays as it is.
 */
export function mergedJsonDocument(stored: JsonCandidate, posted: JsonCandidate): Parsed<string> {
  const after = postedJsonObject(posted);
  const before = isJsonMediaType(stored.contentType) ? objectOf(stored.text) : null;
  const problems = after.ok ? [] : [...after.errors];
  if (!isJsonMediaType(stored.contentType)) problems.push(`the stored document is ${stored.contentType ?? 'of no media type'}, not application/json: only JSON objects are merged; PUT replaces it`);
  else if (before === null) problems.push('the stored document is not a JSON object: only JSON objects are merged; PUT replaces it');
  if (!after.ok || before === null) return rejected(problems);
  return parsed(JSON.stringify({ ...before, ...after.value }));
}

function objectOf(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? { ...value } : null;
  } catch {
    return null;
  }
}
