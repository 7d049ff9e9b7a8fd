import { RawBody } from '@palembang/http';

/** The body limit of a document: the platform's JSON limit, so a document is not larger as bytes than as JSON. */
export const DOCUMENT_BODY_LIMIT = '64kb';
/** The same limit in bytes, for a document made by merging (POST). */
export const MAX_DOCUMENT_BYTES = 64 * 1024;

/**
 * A document may be of any media type (xAPI-Communication 2.2): what the shared JSON and form parsers do
 * not read arrives as bytes, unchanged. JSON and form bodies arrive parsed, as on every route.
 */
export const RawDocumentBody = () => RawBody(DOCUMENT_BODY_LIMIT);
