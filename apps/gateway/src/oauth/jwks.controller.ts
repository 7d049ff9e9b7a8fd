import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RevocationDocument } from '@palembang/auth';
import { AgencyRule } from '../forwarding/agency-rule';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';
import { AuthorizationServerMetadata, authorizationServerMetadata } from './authorization-server-metadata';
import { ClientRevocations } from './client-revocations';
import { SigningKeyStore } from './signing-key.store';

/**
 * The gateway's well-known documents: its authorization server metadata
 * (RFC 8414), and what services verify forwarded tokens with: the public keys
 * (RFC 7517) and the revoked clients.
 */
@ApiTags('oauth')
@Controller('.well-known')
@AgencyRule('public')
export class JwksController {
  constructor(
    @Inject(SigningKeyStore) private readonly keys: SigningKeyStore,
    @Inject(ClientRevocations) private readonly revocations: ClientRevocations,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get('oauth-authorization-server')
  // Changes only with a deployment (issuer, scopes).
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({
    summary: 'OAuth 2.0 Authorization Server Metadata (RFC 8414)',
    description:
      'For clients configured with only the issuer (GATEWAY_ISSUER): the token endpoint, the JWKS, the client_credentials grant, the client authentication methods of the token endpoint and the scopes. ' +
      'There is no authorization endpoint, so authorization_endpoint and response_types_supported are left out (RFC 8414 section 3.2: no claim with zero elements).',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['issuer', 'token_endpoint', 'jwks_uri', 'grant_types_supported', 'token_endpoint_auth_methods_supported', 'scopes_supported'],
      properties: {
        issuer: { type: 'string', format: 'uri', description: 'Exactly the iss of the tokens' },
        token_endpoint: { type: 'string', format: 'uri' },
        jwks_uri: { type: 'string', format: 'uri' },
        grant_types_supported: { type: 'array', items: { type: 'string', enum: ['client_credentials'] } },
        token_endpoint_auth_methods_supported: { type: 'array', items: { type: 'string', enum: ['client_secret_basic', 'client_secret_post'] } },
        scopes_supported: { type: 'array', items: { type: 'string' } },
      },
    },
  })
  metadata(): AuthorizationServerMetadata {
    return authorizationServerMetadata(this.config.issuer);
  }

  @Get('jwks.json')
  // Short: a revoked key must leave every cache within 30 s.
  @Header('Cache-Control', 'public, max-age=30')
  @ApiOperation({ summary: 'Public signing keys (JWKS): the active key and recently retired ones, never a revoked one' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        keys: {
          type: 'array',
          items: {
            type: 'object',
            properties: { kty: { type: 'string' }, crv: { type: 'string' }, x: { type: 'string' }, y: { type: 'string' }, kid: { type: 'string' }, alg: { type: 'string' }, use: { type: 'string' } },
          },
        },
      },
    },
  })
  async jwks() {
    return { keys: await this.keys.publishedKeys() };
  }

  @Get('revocations.json')
  @Header('Cache-Control', 'public, max-age=5')
  @ApiOperation({
    summary: 'Clients whose earlier tokens are no longer honoured',
    description:
      'A revoked client: every token of it is refused. A client whose secret or scopes changed: its tokens with `iat` before `tokensIssuedBefore` are refused. ' +
      'Services poll this at most every 30 s; entries stay a day, longer than any token lives.',
  })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['clients'],
      properties: {
        clients: {
          type: 'array',
          items: {
            type: 'object',
            required: ['clientId', 'tokensIssuedBefore', 'revoked'],
            properties: { clientId: { type: 'string' }, tokensIssuedBefore: { type: 'integer', description: 'Seconds since the epoch' }, revoked: { type: 'boolean' } },
          },
        },
      },
    },
  })
  revocationList(): Promise<RevocationDocument> {
    return this.revocations.document();
  }
}
