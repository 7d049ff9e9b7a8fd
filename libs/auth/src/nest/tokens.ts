export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');
export const REQUIRED_SCOPES = 'palembang:required-scopes';
/** The service's InternalAssertionVerifier; not provided when it has no internal assertion key (the feature is off). */
export const INTERNAL_ASSERTION_VERIFIER = Symbol('INTERNAL_ASSERTION_VERIFIER');
