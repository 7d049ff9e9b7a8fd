import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, ALL_AGENCIES_SCOPE, RequireScopes } from '@palembang/auth';
import { AgencyRule } from '../forwarding/agency-rule';
import { SigningKeyStore } from '../oauth/signing-key.store';
import { SigningKeyRotationDto } from './client.dto';

/** Key rotation: the platform-wide signing key, so it takes admin across all agencies. */
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
  async rotate(): Promise<SigningKeyRotationDto> {
    return this.keys.rotate();
  }
}
