/** The requests of "forget this person" beyond a NIP or a student id. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiObjectRule } from '@palembang/api-conventions';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

const MBOX = /^mailto:[^\s@]{1,200}@[^\s@]{1,118}$/;

export class XapiAccountDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 2048, example: 'https://lms.palembang.go.id' })
  @IsString()
  @Length(1, 2048)
  homePage!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 200, example: 'learner-42' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

/** The one inverse functional identifier of an xAPI agent who is not a civil servant (those are forgotten by NIP). */
@ApiObjectRule({ oneOf: ['mbox', 'mbox_sha1sum', 'openid', 'account'].map((field) => ({ required: [field] })) })
export class ForgetXapiAgentDto {
  @ApiPropertyOptional({ type: String, pattern: MBOX.source, example: 'mailto:learner@example.com' })
  @IsOptional()
  @IsString()
  @Matches(MBOX, { message: 'mbox must be a mailto IRI (mailto:name@example.com)' })
  mbox?: string;

  @ApiPropertyOptional({ type: String, pattern: '^[0-9a-fA-F]{40}$' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-fA-F]{40}$/, { message: 'mbox_sha1sum must be a hex SHA-1 hash' })
  mbox_sha1sum?: string;

  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: 2048 })
  @IsOptional()
  @IsString()
  @Length(1, 2048)
  openid?: string;

  @ApiPropertyOptional({ type: XapiAccountDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => XapiAccountDto)
  account?: XapiAccountDto;
}
