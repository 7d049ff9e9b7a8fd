/** The requests about development records and the register of civil servants. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { TRAINING_AGENCY_ID, NIP_PATTERN, NIP_PROPERTY } from './training-values';

export class DevelopmentRecordQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 2000, maximum: 2100, description: 'Defaults to the current Asia/Jakarta year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class ListDevelopmentRecordsQueryDto extends DevelopmentRecordQueryDto {
  @ApiPropertyOptional({ type: String, pattern: TRAINING_AGENCY_ID.source, description: "Defaults to the caller's agency; another agency needs bkpsdm or agencies:all" })
  @IsOptional()
  @IsString()
  @Matches(TRAINING_AGENCY_ID, { message: 'agencyId must be an agency id such as dpmptsp' })
  agencyId?: string;
}

export class RegisterCivilServantDto {
  @ApiProperty(NIP_PROPERTY)
  @IsString()
  @Matches(NIP_PATTERN, { message: 'nip must be 18 digits' })
  nip!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 200, example: 'Ahmad Fauzi' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ type: String, pattern: TRAINING_AGENCY_ID.source, example: 'dpmptsp' })
  @IsString()
  @Matches(TRAINING_AGENCY_ID, { message: 'agencyId must be an agency id such as dpmptsp' })
  agencyId!: string;
}

export class TransferCivilServantDto {
  @ApiProperty({ type: String, pattern: TRAINING_AGENCY_ID.source, example: 'dinas-pupr' })
  @IsString()
  @Matches(TRAINING_AGENCY_ID, { message: 'agencyId must be an agency id such as dpmptsp' })
  agencyId!: string;
}
