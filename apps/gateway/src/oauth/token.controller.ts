import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBasicAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { issueAccessToken, parseScopes } from '@palembang/auth';
import { CredentialCheck } from '../credentials/credential-check';
import { AgencyRule } from '../forwarding/agency-rule';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';
import { OAuthClientStore } from './oauth-client.store';
import { OAuthError } from './oauth-error';
import { SigningKeyStore } from './signing-key.store';
import { parseTokenRequest } from './token-request';
import type { HttpRequest, HttpReply } from '@palembang/http';

export const CLIENT_BASIC_SCHEME = 'client_secret_basic';

const OAUTH_ERROR_SCHEMA = {
  type: 'object',
  required: ['error', 'error_description'],
  properties: {
    error: { type: 'string', enum: ['invalid_request', 'invalid_client', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope', 'temporarily_unavailable'] },
    error_description: { type: 'string' },
  },
};

/** The OAuth 2.0 token endpoint, client credentials grant only (RFC 6749 section 4.4). */
@ApiTags('oauth')
@Controller('oauth')
@AgencyRule('client-authentication')
export class TokenController {
  constructor(
    @Inject(OAuthClientStore) private readonly clients: OAuthClientStore,
    @Inject(SigningKeyStore) private readonly keys: SigningKeyStore,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(CredentialCheck) private readonly check: CredentialCheck,
  ) {}

  @Post('token')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Issue an access token (client credentials)',
    description: 'Client authentication by HTTP Basic (client_secret_basic) or form fields (client_secret_post). The token is an ES256 JWT valid for GATEWAY_TOKEN_TTL_SECONDS (10 minutes by default, at most an hour); revoking the client ends it within a minute.',
  })
  @ApiBasicAuth(CLIENT_BASIC_SCHEME)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['grant_type'],
      properties: {
        grant_type: { type: 'string', enum: ['client_credentials'] },
        scope: { type: 'string', description: 'Space-separated; a subset of the client\'s scopes. Default: all of them.', example: 'permits:read permits:write' },
        client_id: { type: 'string', description: 'client_secret_post only' },
        client_secret: { type: 'string', description: 'client_secret_post only' },
      },
    },
  })
  @ApiOkResponse({
    description: 'An access token; sent with Cache-Control: no-store',
    schema: {
      type: 'object',
      required: ['access_token', 'token_type', 'expires_in', 'scope'],
      properties: {
        access_token: { type: 'string' },
        token_type: { type: 'string', enum: ['Bearer'] },
        expires_in: { type: 'integer', example: 600 },
        scope: { type: 'string', example: 'permits:read permits:write' },
      },
    },
  })
  @ApiBadRequestResponse({ description: 'invalid_request, unsupported_grant_type, invalid_scope or unauthorized_client', schema: OAUTH_ERROR_SCHEMA })
  @ApiUnauthorizedResponse({ description: 'invalid_client', schema: OAUTH_ERROR_SCHEMA })
  @ApiTooManyRequestsResponse({ description: 'temporarily_unavailable: too many failed logins for this client id or from this address; see Retry-After', schema: OAUTH_ERROR_SCHEMA })
  async token(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    response.header('Cache-Control', 'no-store');
    response.header('Pragma', 'no-cache');
    try {
      response.status(200).send(await this.issue(request));
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      // A 401 always carries a challenge (RFC 9110); the client authenticates with Basic.
      if (error.status === 401) response.header('WWW-Authenticate', 'Basic realm="palembang-gateway", charset="UTF-8"');
      if (error.retryAfterSeconds !== undefined) response.header('Retry-After', String(error.retryAfterSeconds));
      response.status(error.status).send({ error: error.error, error_description: error.description });
    }
  }

  private async issue(request: HttpRequest) {
    const tokenRequest = parseTokenRequest(request.headers['content-type'], request.body, request.headers.authorization);
    const login = await this.check.verify(request, 'oauth', tokenRequest.clientId, () => this.clients.authenticate(tokenRequest.clientId, tokenRequest.clientSecret));
    if (login.outcome === 'throttled') {
      throw new OAuthError('temporarily_unavailable', `Too many failed logins for this client or from this address; retry in ${login.retryAfterSeconds} s.`, 429, login.retryAfterSeconds);
    }
    if (login.outcome === 'refused') throw new OAuthError('invalid_client', 'Client authentication failed.');
    const client = login.holder;
    if (client.scopes.length === 0) throw new OAuthError('unauthorized_client', 'The client holds no scopes.');
    const requested = tokenRequest.scope === undefined ? client.scopes : parseScopes(tokenRequest.scope);
    const notAllowed = requested.filter((scope) => !client.scopes.includes(scope));
    if (notAllowed.length > 0) throw new OAuthError('invalid_scope', `The client may not request: ${notAllowed.join(' ')}.`);
    const { token, expiresIn, claims } = await issueAccessToken({ clientId: client.clientId, agencyId: client.agencyId, scopes: requested }, await this.keys.activeKey(), {
      issuer: this.config.issuer,
      audience: this.config.audience,
      ttlSeconds: this.config.tokenTtlSeconds,
    });
    return { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: claims.scope };
  }
}
