import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { KNOWN_SCOPES } from '@palembang/auth';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';

export const AGENCY_ID_PATTERN = /^[a-z0-9-]{2,64}$/;

/** A client's scopes, as registered or changed: one or more known scopes, each once. */
function ScopeList(): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(KNOWN_SCOPES.length),
    ArrayUnique(),
    IsIn(KNOWN_SCOPES, { each: true, message: `each scope must be one of ${KNOWN_SCOPES.join(', ')}` }),
  );
}

export class CreateClientDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 120, example: 'DPMPTSP permit portal' })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ type: String, pattern: AGENCY_ID_PATTERN.source, example: 'dpmptsp' })
  @IsString()
  @Matches(AGENCY_ID_PATTERN, { message: 'agencyId must be 2-64 lowercase letters, digits or hyphens' })
  agencyId!: string;

  @ApiProperty({ type: String, isArray: true, enum: KNOWN_SCOPES, minItems: 1, maxItems: KNOWN_SCOPES.length, uniqueItems: true, example: ['permits:read', 'permits:write'] })
  @ScopeList()
  scopes!: string[];
}

export class ChangeScopesDto {
  @ApiProperty({ type: String, isArray: true, enum: KNOWN_SCOPES, minItems: 1, maxItems: KNOWN_SCOPES.length, uniqueItems: true, example: ['permits:read'], description: 'The client\'s scopes from now on; its tokens issued before stop working within a minute' })
  @ScopeList()
  scopes!: string[];
}

export class ClientDto {
  @ApiProperty({ type: String, example: 'dpmptsp-3f9a1c2b7d4e' }) clientId!: string;
  @ApiProperty({ type: String }) name!: string;
  @ApiProperty({ type: String, example: 'dpmptsp' }) agencyId!: string;
  @ApiProperty({ type: String, isArray: true, enum: KNOWN_SCOPES }) scopes!: string[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) rotatedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

export class ClientWithSecretDto extends ClientDto {
  @ApiProperty({ type: String, nullable: true, description: 'Shown this once; only its scrypt hash is stored. Null in an Idempotency-Key replay.' })
  clientSecret!: string | null;
}

export class ClientPageDto {
  @ApiProperty({ type: ClientDto, isArray: true }) items!: ClientDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' }) nextCursor!: string | null;
}

export class SigningKeyRevocationDto {
  @ApiProperty({ type: String, description: 'The revoked kid: no longer published, its tokens refused everywhere within a minute' }) kid!: string;
  @ApiProperty({ type: String, description: 'The kid new tokens are signed with (a new one when the revoked key was the active one)' }) activeKid!: string;
}

export class SigningKeyRotationDto {
  @ApiProperty({ type: String, description: 'The kid new tokens are signed with' }) kid!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The retired key, still published in the JWKS for a day' }) retiredKid!: string | null;
}
