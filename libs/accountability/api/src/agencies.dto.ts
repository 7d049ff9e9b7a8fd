/** The agency register's requests and answers, shared by the accountability service and the gateway (which checks clients' agencies against it). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageDto, PageQuery } from '@palembang/api-conventions';
import { AGENCY_KINDS, AgencyKind } from '@palembang/events/core';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

export const REGISTER_AGENCY_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const AGENCY_STATUSES = ['active', 'retired'] as const;

export class AgencyDto {
  @ApiProperty({ type: String, pattern: REGISTER_AGENCY_ID.source, example: 'dinas-pupr' }) agencyId!: string;
  @ApiProperty({ type: String, example: 'Dinas Pekerjaan Umum dan Penataan Ruang' }) name!: string;
  @ApiProperty({ type: String, example: 'Dinas PUPR' }) shortName!: string;
  @ApiProperty({ type: String, enum: AGENCY_KINDS, example: 'dinas' }) kind!: AgencyKind;
  @ApiProperty({ type: String, enum: AGENCY_STATUSES, description: 'retired: new records may not name it; its history stays' }) status!: (typeof AGENCY_STATUSES)[number];
  @ApiProperty({ type: String, format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ type: 'integer', description: 'The stream version, also the ETag' }) version!: number;
}

export class AgencyPageDto extends PageDto {
  @ApiProperty({ type: [AgencyDto] }) items!: AgencyDto[];
}

export class ListAgenciesQueryDto extends PageQuery {
  @ApiPropertyOptional({ type: String, enum: AGENCY_KINDS })
  @IsOptional()
  @IsIn(AGENCY_KINDS)
  kind?: AgencyKind;

  @ApiPropertyOptional({ type: String, enum: AGENCY_STATUSES, description: 'Default: active only' })
  @IsOptional()
  @IsIn(AGENCY_STATUSES)
  status?: (typeof AGENCY_STATUSES)[number];
}

export class RegisterAgencyDto {
  @ApiProperty({ type: String, pattern: REGISTER_AGENCY_ID.source, minLength: 1, maxLength: 60, description: 'Lower-case words joined by hyphens; never changes', example: 'dinas-perikanan' })
  @IsString()
  @Length(1, 60)
  @Matches(REGISTER_AGENCY_ID, { message: 'agencyId must be lower-case words joined by hyphens' })
  agencyId!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 200, example: 'Dinas Perikanan' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 60, example: 'Diskan' })
  @IsString()
  @Length(1, 60)
  shortName!: string;

  @ApiProperty({ type: String, enum: AGENCY_KINDS, example: 'dinas' })
  @IsIn(AGENCY_KINDS)
  kind!: AgencyKind;
}

export class UpdateAgencyDto {
  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: 60 })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  shortName?: string;

  @ApiPropertyOptional({ type: String, enum: AGENCY_KINDS })
  @IsOptional()
  @IsIn(AGENCY_KINDS)
  kind?: AgencyKind;
}

export class RetireAgencyDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 500, example: 'Digabung ke Dinas Perkimtan (Perda 2027)' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
