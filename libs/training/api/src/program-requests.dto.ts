/** The requests about the catalogue of programs. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiObjectRule, PageQuery } from '@palembang/api-conventions';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { COMPETENCY_AREAS, DELIVERY_MODES, PROVIDER_KINDS, PROGRAM_STATUSES, PROGRAM_CODE, TRAINING_AGENCY_ID, TRAINING_ID } from './training-values';

const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const IRIS = { maxItems: 50, items: { type: 'string', pattern: IRI.source, maxLength: 2048 } } as const;

/** An agency provides under its agency id, a partner under its partner id (the training service checks which). */
@ApiObjectRule({
  anyOf: [
    { properties: { kind: { enum: ['agency'] }, id: { pattern: TRAINING_AGENCY_ID.source } } },
    { properties: { kind: { enum: ['partner'] }, id: { pattern: TRAINING_ID.source } } },
  ],
})
export class ProviderDto {
  @ApiProperty({ type: String, enum: PROVIDER_KINDS, example: 'agency' })
  @IsIn(PROVIDER_KINDS)
  kind!: (typeof PROVIDER_KINDS)[number];

  @ApiProperty({ type: String, minLength: 1, maxLength: 100, description: 'An agency id or a partner id', example: 'bkpsdm' })
  @IsString()
  @Length(1, 100)
  id!: string;
}

export class CreateProgramDto {
  @ApiProperty({ type: String, pattern: PROGRAM_CODE.source, description: 'Catalogue code, unique', example: 'PPBD-01' })
  @IsString()
  @Matches(PROGRAM_CODE, { message: 'code must be 2-40 upper case letters, digits or dashes' })
  code!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 200, example: 'Pelayanan Publik Berbasis Digital' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ type: String, enum: COMPETENCY_AREAS, example: 'digital-services' })
  @IsIn(COMPETENCY_AREAS)
  competencyArea!: (typeof COMPETENCY_AREAS)[number];

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 400, description: 'Length in JP (45 minutes each)', example: 24 })
  @IsInt()
  @Min(1)
  @Max(400)
  jp!: number;

  @ApiProperty({ type: String, enum: DELIVERY_MODES, example: 'blended' })
  @IsIn(DELIVERY_MODES)
  deliveryMode!: (typeof DELIVERY_MODES)[number];

  @ApiProperty({ type: ProviderDto })
  @ValidateNested()
  @Type(() => ProviderDto)
  provider!: ProviderDto;

  @ApiPropertyOptional({ type: String, maxLength: 4000, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ type: 'array', ...IRIS, description: 'IRIs of LMS activities: a completed or passed xAPI statement on one credits the JP', example: ['https://lms.palembang.go.id/xapi/activities/ppbd-01'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(IRI, { each: true, message: 'each xapiActivityIds entry must be an absolute IRI' })
  @MaxLength(2048, { each: true })
  xapiActivityIds?: string[];
}

/** Every field optional: the ones given change. */
export class UpdateProgramDto {
  @ApiPropertyOptional({ type: String, pattern: PROGRAM_CODE.source })
  @IsOptional()
  @IsString()
  @Matches(PROGRAM_CODE, { message: 'code must be 2-40 upper case letters, digits or dashes' })
  code?: string;

  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ type: String, enum: COMPETENCY_AREAS })
  @IsOptional()
  @IsIn(COMPETENCY_AREAS)
  competencyArea?: (typeof COMPETENCY_AREAS)[number];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 400 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(400)
  jp?: number;

  @ApiPropertyOptional({ type: String, enum: DELIVERY_MODES })
  @IsOptional()
  @IsIn(DELIVERY_MODES)
  deliveryMode?: (typeof DELIVERY_MODES)[number];

  @ApiPropertyOptional({ type: ProviderDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProviderDto)
  provider?: ProviderDto;

  @ApiPropertyOptional({ type: String, maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({ type: 'array', ...IRIS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(IRI, { each: true, message: 'each xapiActivityIds entry must be an absolute IRI' })
  @MaxLength(2048, { each: true })
  xapiActivityIds?: string[];
}

export class ReasonDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 1000, example: 'Digantikan kurikulum baru' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

/** The catalogue's filters; paging as every list pages. */
export class ListProgramsQueryDto extends PageQuery {
  @ApiPropertyOptional({ type: String, enum: PROGRAM_STATUSES })
  @IsOptional()
  @IsIn(PROGRAM_STATUSES)
  status?: (typeof PROGRAM_STATUSES)[number];

  @ApiPropertyOptional({ type: String, enum: COMPETENCY_AREAS })
  @IsOptional()
  @IsIn(COMPETENCY_AREAS)
  competencyArea?: (typeof COMPETENCY_AREAS)[number];
}
