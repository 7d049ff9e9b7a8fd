import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgencyRule } from '../forwarding/agency-rule';
import { SigningKeyStore } from './signing-key.store';

/** The public keys services verify forwarded tokens with (RFC 7517). */
@ApiTags('oauth')
@Controller('.well-known')
@AgencyRule('public')
export class JwksController {
  constructor(@Inject(SigningKeyStore) private readonly keys: SigningKeyStore) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Public signing keys (JWKS): the active key and recently retired ones' })
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
}
