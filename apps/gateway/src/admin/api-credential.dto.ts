import { ApiProperty } from '@nestjs/swagger';

export class ApiCredentialDto {
  @ApiProperty({ type: String, example: 'open311_3f9a1c2b7d4e5a6b' }) credentialId!: string;
  @ApiProperty({ type: String, description: 'The OAuth client the credential acts for', example: 'dinas-kominfo-3f9a1c2b7d4e' }) clientId!: string;
  @ApiProperty({ type: String, enum: ['open311', 'xapi'] }) api!: 'open311' | 'xapi';
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

export class ApiCredentialListDto {
  @ApiProperty({ type: ApiCredentialDto, isArray: true }) items!: ApiCredentialDto[];
}

export class Open311KeyWithSecretDto extends ApiCredentialDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The api_key to send with Open311 POST requests (credential id and secret joined by a colon). Shown this once; only a hash is stored. Null in an Idempotency-Key replay.',
  })
  apiKey!: string | null;
}

export class XapiCredentialWithSecretDto extends ApiCredentialDto {
  @ApiProperty({ type: String, description: 'The HTTP Basic user name for /xapi (the credential id)' }) username!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The HTTP Basic password for /xapi. Shown this once; only a hash is stored. Null in an Idempotency-Key replay.' })
  password!: string | null;
}
