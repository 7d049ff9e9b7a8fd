import { raw } from 'express';

/** The body limit of a document: the platform's JSON limit, so a document is not larger as bytes than as JSON. */
export const DOCUMENT_BODY_LIMIT = '64kb';
/** The same limit in bytes, for a document made by merging (POST). */
export const MAX_DOCUMENT_BYTES = 64 * 1024;

/**
 * A document may be of any media type (xAPI-Communication 2.2): what the shared JSON and form parsers did
 * not read is read here as bytes, unchanged. JSON bodies arrive parsed already and are left as they are.
 */
export const rawDocumentBody = raw({ type: () => true, limit: DOCUMENT_BODY_LIMIT });
