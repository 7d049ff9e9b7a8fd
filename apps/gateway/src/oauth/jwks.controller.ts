import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RevocationDocument } from '@palembang/auth';
import { ClientRevocations } from './client-revocations';
import { AgencyRule } from '../forwarding/agency-rule';
import { SigningKeyStore } from './signing-key.store';

/** What services verify forwarded tokens with: the public keys (RFC 7517) and the revoked clients. */
@ApiTags('oauth')
@Controller('.well-known')
@AgencyRule('public')
export class JwksController {
  constructor(
    @Inject(SigningKeyStore) private readonly keys: SigningKeyStore,
    @Inject(ClientRevocations) private readonly revocations: ClientRevocations,
  ) {}

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
