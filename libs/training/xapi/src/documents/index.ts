export type { DocumentMethod, DocumentQuery, DocumentRequest, DocumentResource, DocumentScope } from './document-parameters';
export { DOCUMENT_ID_MAX_LENGTH, parseActivityIdParameter, parseAgentParameter, parseDocumentRequest } from './document-parameters';
export type { PreconditionOutcome, Preconditions } from './document-preconditions';
export { preconditionOutcome, quotedEtag } from './document-preconditions';
export type { JsonCandidate } from './document-merge';
export { isJsonMediaType, mergedJsonDocument, postedJsonObject } from './document-merge';
export type { ActivityObject, Person } from './person-and-activity';
export { activityOf, personOf } from './person-and-activity';
export { AGENT_PARAMETER_SCHEMA, IRI_PATTERN, IRL_PATTERN } from './document-parameter-schemas';
