/**
 * Concurrency of the Document resources (xAPI-Communication 3.1): what the If-Match and If-None-Match
 * headers of a write say about the document as it is now (its ETag, null when there is none).
 * - a failed precondition is 412 and changes nothing (PUT: MUST; POST and DELETE: SHOULD*, done here too);
 * - a PUT over an existing Activity or Agent Profile document without either header is 409: the client
 *   is to read the document and send its ETag. The State resource lets such a PUT overwrite, as cmi5
 *   content does on every save.
 */
export type PreconditionOutcome = 'proceed' | 'precondition-failed' | 'header-required';

export type Preconditions = Readonly<{
  method: 'PUT' | 'POST' | 'DELETE';
  /** The current document's ETag, quoted as sent; null when there is no document. */
  current: string | null;
  ifMatch: string | undefined;
  ifNoneMatch: string | undefined;
  /** True for the profile resources: a PUT over an existing document names the version it replaces. */
  headerRequiredToOverwrite: boolean;
}>;

export function preconditionOutcome(request: Preconditions): PreconditionOutcome {
  const { current } = request;
  const ifMatch = present(request.ifMatch);
  const ifNoneMatch = present(request.ifNoneMatch);
  if (ifMatch !== undefined && !(current !== null && matches(ifMatch, current))) return 'precondition-failed';
  if (ifNoneMatch !== undefined && current !== null && matches(ifNoneMatch, current)) return 'precondition-failed';
  if (request.method === 'PUT' && request.headerRequiredToOverwrite && current !== null && ifMatch === undefined && ifNoneMatch === undefined) return 'header-required';
  return 'proceed';
}

/** The ETag of a document: the hexadecimal SHA-1 of its content, in quotes (2.2, so clients can compute it). */
export function quotedEtag(sha1Hex: string): string {
  return `"${sha1Hex.toLowerCase()}"`;
}

function present(header: string | undefined): string | undefined {
  return header === undefined || header.trim() === '' ? undefined : header.trim();
}

/** `*` matches any current document; otherwise a comma-separated list of ETags, a weak one compared by its opaque part. */
function matches(header: string, current: string): boolean {
  if (header === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
  return header.split(',').some((tag) => opaque(tag) === opaque(current));
}
