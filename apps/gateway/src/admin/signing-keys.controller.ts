import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, ALL_AGENCIES_SCOPE, AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { AgencyRule } from '../forwarding/agency-rule';
import { SigningKeyStore } from '../oauth/signing-key.store';
import { SigningKeyRevocationDto, SigningKeyRotationDto } from './client.dto';
import { adminNotFound } from './managed-client';

const KID = /^[A-Za-z0-9._-]{1,200}$/;

/** Key rotation and revocation: the platform-wide signing key, so it takes admin across all agencies. */
@ApiTags('admin')
@Controller('v1/admin/signing-keys')
@RequireScopes(ADMIN_SCOPE, ALL_AGENCIES_SCOPE)
@AgencyRule('cross-agency-only')
export class SigningKeysController {
  constructor(@Inject(SigningKeyStore) private readonly keys: SigningKeyStore) {}

  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign new tokens with a new key; the old key stays in the JWKS for a day so issued tokens still verify' })
  @ApiOkResponse({ type: SigningKeyRotationDto })
  async rotate(@Principal() principal: AuthPrincipal): Promise<SigningKeyRotationDto> {
    return this.keys.rotate(principal);
  }

  @Post(':kid/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke a signing key at once (it leaked): it leaves the JWKS and its tokens are refused everywhere within a minute',
    description: 'When it is the active key, new tokens are signed with a new key from now on. Its private key is erased.',
  })
  @ApiParam({ name: 'kid', type: String })
  @ApiOkResponse({ type: SigningKeyRevocationDto })
  @ApiNotFoundResponse({ description: 'No such key' })
  async revoke(@Param('kid') kid: string, @Principal() principal: AuthPrincipal): Promise<SigningKeyRevocationDto> {
    const revoked = KID.test(kid) ? await this.keys.revoke(kid, principal) : undefined;
    if (!revoked) throw adminNotFound(`No signing key ${kid}.`);
    return revoked;
  }
}
