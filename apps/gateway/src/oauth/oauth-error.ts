/**
 * The error codes of RFC 6749 section 5.2, and `temporarily_unavailable`
 * (section 4.1.2.1) for a client refused, with 429 and Retry-After, after too
 * many failed logins.
 */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope' | 'temporarily_unavailable';

/** A token endpoint failure, answered as `{error, error_description}` rather than problem+json. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status: 400 | 401 | 429 = error === 'invalid_client' ? 401 : 400,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${error}: ${description}`);
  }
}
