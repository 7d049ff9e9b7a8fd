import { OAuthError } from './oauth-error';
import { parseTokenRequest } from './token-request';

const FORM = 'application/x-www-form-urlencoded';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function errorOf(run: () => unknown): { error: string; status: number } {
  try {
    run();
  } catch (error) {
    if (error instanceof OAuthError) return { error: error.error, status: error.status };
    throw error;
  }
  throw new Error('expected an OAuthError');
}

describe('reading a client credentials token request', () => {
  it('takes the client from HTTP Basic, form-urlencoded inside (RFC 6749 section 2.3.1)', () => {
    expect(parseTokenRequest(FORM, { grant_type: 'client_credentials', scope: 'permits:read' }, basic('portal', 's3cr:t+/ü'))).toEqual({
      grantType: 'client_credentials',
      clientId: 'portal',
      clientSecret: 's3cr:t+/ü',
      authMethod: 'client_secret_basic',
      scope: 'permits:read',
    });
  });

  it('takes the client from form fields', () => {
    expect(parseTokenRequest(`${FORM}; charset=utf-8`, { grant_type: 'client_credentials', client_id: 'portal', client_secret: 's' }, undefined)).toMatchObject({
      clientId: 'portal',
      authMethod: 'client_secret_post',
      scope: undefined,
    });
  });

  it.each([
    ['a JSON body', 'application/json', { grant_type: 'client_credentials' }, basic('a', 'b'), 'invalid_request', 400],
    ['no grant_type', FORM, {}, basic('a', 'b'), 'invalid_request', 400],
    ['a repeated parameter', FORM, { grant_type: ['client_credentials', 'client_credentials'] }, basic('a', 'b'), 'invalid_request', 400],
    ['two authentication methods', FORM, { grant_type: 'client_credentials', client_secret: 'b' }, basic('a', 'b'), 'invalid_request', 400],
    ['another grant type', FORM, { grant_type: 'authorization_code' }, basic('a', 'b'), 'unsupported_grant_type', 400],
    ['a malformed scope', FORM, { grant_type: 'client_credentials', scope: 'permits:read  "admin"' }, basic('a', 'b'), 'invalid_scope', 400],
    ['no client authentication', FORM, { grant_type: 'client_credentials' }, undefined, 'invalid_client', 401],
    ['a client id without a secret', FORM, { grant_type: 'client_credentials', client_id: 'a' }, undefined, 'invalid_client', 401],
    ['a malformed Basic header', FORM, { grant_type: 'client_credentials' }, 'Basic !!!', 'invalid_client', 401],
    ['a Bearer header', FORM, { grant_type: 'client_credentials' }, 'Bearer abc', 'invalid_client', 401],
  ])('refuses %s', (_case, contentType, body, authorization, error, status) => {
    expect(errorOf(() => parseTokenRequest(contentType, body, authorization))).toEqual({ error, status });
  });
});
