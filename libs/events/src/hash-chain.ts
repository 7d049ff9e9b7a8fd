import { createHash } from 'node:crypto';

/** The parts of a stored event that its hash covers. */
export type HashedEventFields = Readonly<{
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  occurredAt: string;
}>;

/**
 * Each event's hash covers its content and the hash of its predecessor in the
 * stream, so altering, removing or reordering any stored event breaks the chain
 * from that event on. The hash covers the stored (encrypted) personal data, so
 * erasing a key does not break it.
 */
export function hashEvent(previousHash: string | null, event: HashedEventFields): string {
  return hashContent(previousHash, canonicalJson(event));
}

/** The hash of an event given as its canonical JSON: sha256(previous hash || '\n' || content), as es_append computes it. */
export function hashContent(previousHash: string | null, content: string): string {
  return createHash('sha256')
    .update(previousHash ?? '')
    .update('\n')
    .update(content)
    .digest('hex');
}

/** JSON with object keys sorted, so equal values always hash equally (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
