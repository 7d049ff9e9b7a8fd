import { OAuthError } from './oauth-error';

/** What this token endpoint accepts, as RFC 8414 metadata names it (see authorization-server-metadata.ts). */
export const SUPPORTED_GRANT_TYPES = ['client_credentials'] as const;
export const TOKEN_ENDPOINT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'] as const;

export interface TokenRequest {
  grantType: (typeof SUPPORTED_GRANT_TYPES)[number];
  clientId: string;
  clientSecret: string;
  /** How the client authenticated; a failed Basic authentication is answered with a Basic challenge. */
  authMethod: (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];
  /** Undefined: every scope of the client. */
  scope?: string;
}

const MAX_FIELD_LENGTH = 1024;

/**
 * Reads a client credentials token request (RFC 6749 sections 2.3.1, 4.4.2):
 * form fields, client authentication by Basic or by form fields but not both.
 */
export function parseTokenRequest(contentType: string | undefined, body: unknown, authorization: string | undefined): TokenRequest {
  if (!contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new OAuthError('invalid_request', 'The request must be application/x-www-form-urlencoded.');
  }
  const form = readForm(body);
  const basic = authorization === undefined ? undefined : parseBasic(authorization);
  if (form.client_secret !== undefined && basic) throw new OAuthError('invalid_request', 'Use one client authentication method, not both.');
  if (!form.grant_type) throw new OAuthError('invalid_request', 'grant_type is required.');
  if (form.grant_type !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'Only the client_credentials grant is supported.');
  const scope = form.scope?.trim() ? form.scope : undefined;
  if (scope !== undefined && !/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/.test(scope.trim())) {
    throw new OAuthError('invalid_scope', 'scope must be a space-separated list of scope names.');
  }
  if (basic) {
    if (form.client_id !== undefined && form.client_id !== basic.clientId) throw new OAuthError('invalid_request', 'client_id does not match the Authorization header.');
    return { grantType: 'client_credentials', ...basic, authMethod: 'client_secret_basic', scope: scope?.trim() };
  }
  if (!form.client_id || form.client_secret === undefined) {
    throw new OAuthError('invalid_client', 'Client authentication is required (HTTP Basic or client_id and client_secret).');
  }
  return { grantType: 'client_credentials', clientId: form.client_id, clientSecret: form.client_secret, authMethod: 'client_secret_post', scope: scope?.trim() };
}

function readForm(body: unknown): Record<string, string | undefined> {
  const form: Record<string, string | undefined> = {};
  if (typeof body !== 'object' || body === null) return form;
  for (const [name, value] of Object.entries(body)) {
    // Parameters must not be repeated (RFC 6749 section 3.2); repeated ones arrive as arrays.
    if (typeof value !== 'string') throw new OAuthError('invalid_request', `${name} must be given once.`);
    if (value.length > MAX_FIELD_LENGTH) throw new OAuthError('invalid_request', `${name} is too long.`);
    form[name] = value;
  }
  return form;
}

/** `Basic base64(urlencode(id):urlencode(secret))`; a malformed header is a failed client authentication. */
function parseBasic(header: string): { clientId: string; clientSecret: string } {
  const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header.trim());
  const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new OAuthError('invalid_client', 'The Authorization header is not valid HTTP Basic client authentication.', 401);
  try {
    return { clientId: decodeFormComponent(decoded.slice(0, colon)), clientSecret: decodeFormComponent(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError('invalid_client', 'The Authorization header is not valid HTTP Basic client authentication.', 401);
  }
}

function decodeFormComponent(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}
