import { isJsonObject } from '../check';
import { Parsed, parsed, rejected } from '../result';

/** A stored or posted document: its media type as sent and its content read as text (JSON documents only are merged). */
export type JsonCandidate = Readonly<{ contentType: string | null; text: string }>;

/** application/json, with or without parameters (`; charset=utf-8`). */
export function isJsonMediaType(contentType: string | null | undefined): boolean {
  return typeof contentType === 'string' && contentType.split(';')[0].trim().toLowerCase() === 'application/json';
}

/**
 * POST to a Document resource over an existing document (xAPI-Communication 2.2): when both are JSON
 * objects sent as application/json, the posted properties are set on the stored object, top level only
 * (a posted property replaces the stored one, objects included); anything else is 400 and the stored
 * document stays as it is. Without a stored document a POST stores the posted one as a PUT would.
 */
export function mergedJsonDocument(stored: JsonCandidate, posted: JsonCandidate): Parsed<string> {
  const problems: string[] = [];
  if (!isJsonMediaType(stored.contentType)) problems.push(`the stored document is ${stored.contentType ?? 'of no media type'}, not application/json: only JSON objects are merged; PUT replaces it`);
  if (!isJsonMediaType(posted.contentType)) problems.push(`the posted document is ${posted.contentType ?? 'of no media type'}, not application/json: only JSON objects are merged`);
  if (problems.length > 0) return rejected(problems);
  const before = objectOf(stored.text);
  const after = objectOf(posted.text);
  if (before === null) problems.push('the stored document is not a JSON object: only JSON objects are merged; PUT replaces it');
  if (after === null) problems.push('the posted document is not a JSON object: only JSON objects are merged');
  if (before === null || after === null) return rejected(problems);
  return parsed(JSON.stringify({ ...before, ...after }));
}

function objectOf(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? { ...value } : null;
  } catch {
    return null;
  }
}
