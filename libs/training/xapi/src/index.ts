export * from './statement';
export type { Parsed } from './result';
export { BAD_REQUEST, MAX_REPORTED_ERRORS } from './result';
export {
  durationForComparison, formatTimestamp, isDuration, isIri, isIrl, isLanguageTag, isMailtoIri, isTimestamp, isUuid, parseTimestamp,
} from './formats';
export { BATCH_LIMITS, validateStatement, validateStatementBatch, validateStatementForPut } from './validate-statement';
export type { StorageContext } from './prepare-for-storage';
export { DEFAULT_STATEMENT_VERSION, prepareForStorage } from './prepare-for-storage';
export type { DuplicateOutcome } from './statement-comparison';
export { duplicateOutcome, statementsEquivalent } from './statement-comparison';
export type { QueryParameters, SingleStatementQuery, StatementFormat, StatementQuery, StatementSearch } from './statement-query';
export { CURSOR_PARAMETER, STATEMENT_FORMATS, STATEMENT_QUERY_LIMITS, moreLink, parseStatementQuery } from './statement-query';
export type { RuleViolation } from './voiding';
export { cannotVoidVoiding, isVoidedBy, isVoiding, voidingTarget } from './voiding';
export type { JpCredit, JpProgram } from './jp-credit';
export { CREDIT_VERBS, jpCreditOf } from './jp-credit';
export type { About } from './version';
export { XAPI_CONSISTENT_THROUGH_HEADER, XAPI_VERSION, XAPI_VERSION_HEADER, aboutDocument, acceptsVersion, checkVersionHeader } from './version';
export { inIdsFormat } from './ids-format';
export * from './documents';
export { acceptedLanguages, bestLanguageOf, inCanonicalFormat } from './canonical-format';
export type { AlternateRequest, FormFields } from './alternate-request';
export { ALTERNATE_CONTENT_TYPE, ALTERNATE_METHODS, alternateRequest, isAlternateRequest } from './alternate-request';
export type { AttachmentPart, Sha2, StatementsMultipart } from './multipart';
export { MULTIPART_BODY_LIMIT, MULTIPART_MIXED, checkAttachmentParts, isMultipartMixed, multipartAnswer, readStatementsMultipart } from './multipart';
export { SIGNATURE_ALGORITHMS, SIGNATURE_USAGE_TYPE, checkSignedStatements } from './signed-statements';
