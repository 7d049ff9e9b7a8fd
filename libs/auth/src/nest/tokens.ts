export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');
export const REQUIRED_SCOPES = 'palembang:required-scopes';
