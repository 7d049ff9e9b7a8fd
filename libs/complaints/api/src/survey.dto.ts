/** Satisfaction surveys (SKM, PermenPANRB 14/2017): requests and answers, shared with the gateway. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_PAGE_LIMIT, PageDto, PageQuery } from '@palembang/api-conventions';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsNotEmptyObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AGENCY_ID } from './complaint-requests.dto';

export const INTERACTION_KINDS = ['complaint', 'permit'] as const;
export const SKM_ELEMENT_CODES = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'] as const;

export const SURVEY_TRACKING_CODE = /^(PLG|LPR)-[A-Z0-9]{4,36}$/;

/**
 * The nine element scores. Range and completeness are the survey rules' to
 * judge (each element an integer 1-4), so they answer with the element at fault.
 */
export class SkmScoresDto {
  @ApiProperty({ type: Number, minimum: 1, maximum: 4, description: 'Persyaratan' }) U1!: number;
  @ApiProperty({ type: Number, minimum: 1, maximum: 4, description: 'Sistem, mekanisme dan prosedur' }) U2!: number;
  @ApiProperty({ type: Number, minimum: 1, maximum: 4, description: 'Waktu penyelesaian' }) U3!: number;
  @ApiProperty({ type: Number, minimum: 1, maximum: 4, description: 'Biaya/tarif' }) U4!: number;
  @ApiProperty({ type: Number, minimum: 1, maximum: 4, description: 'Produk spesifikasi jenis pelayanan' }) U5!: number;
  @ApiProperty({ type: Number, minimum: 1, maximum: 4, description: 'Kompetensi pelaksana' }) U6!: number;
  @ApiProperty({ type: Number, minimum: 1, maximum: 4, description: 'Perilaku pelaksana' }) U7!: number;
  @ApiProperty({ type: Number, minimum: 1, maximum: 4, description: 'Penanganan pengaduan, saran dan masukan' }) U8!: number;
  @ApiProperty({ type: Number, minimum: 1, maximum: 4, description: 'Sarana dan prasarana' }) U9!: number;
}

export class RespondentProfileDto {
  @ApiPropertyOptional({ type: String, maxLength: 20, description: 'Age group, e.g. 30-39' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  ageGroup?: string;

  @ApiPropertyOptional({ type: String, enum: ['L', 'P'] })
  @IsOptional()
  @IsIn(['L', 'P'])
  gender?: 'L' | 'P';

  @ApiPropertyOptional({ type: String, maxLength: 40, example: 'S1' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  education?: string;

  @ApiPropertyOptional({ type: String, maxLength: 40, example: 'wiraswasta' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  occupation?: string;
}

export class SubmitSurveyDto {
  @ApiProperty({
    type: String,
    pattern: SURVEY_TRACKING_CODE.source,
    example: 'LPR-7KQ2M9XH4C',
    description: "The citizen's proof: the tracking code of their closed complaint (LPR-...) or issued or rejected permit application (PLG-...); one survey per code",
  })
  @IsString()
  @Matches(SURVEY_TRACKING_CODE, { message: 'trackingCode must be the tracking code of a complaint (LPR-...) or a permit application (PLG-...)' })
  trackingCode!: string;

  @ApiProperty({ type: SkmScoresDto })
  @IsDefined()
  @IsNotEmptyObject()
  scores!: Record<string, unknown>;

  @ApiPropertyOptional({ type: RespondentProfileDto, description: 'Optional SKM respondent profile; never names or contact details' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RespondentProfileDto)
  respondent?: RespondentProfileDto;

  @ApiPropertyOptional({ type: String, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  suggestion?: string;
}

export class RatedServiceDto {
  @ApiProperty({ type: String, enum: INTERACTION_KINDS }) kind!: string;
  @ApiProperty({ type: String, example: 'dinas-pupr' }) agencyId!: string;
  @ApiProperty({ type: String, description: 'Complaint category or permit type code' }) serviceCode!: string;
}

/** What the citizen portal gets back: the survey and the service rated, not the case. */
export class SurveyReceiptDto {
  @ApiProperty({ type: String, format: 'uuid' }) surveyId!: string;
  @ApiProperty({ type: RatedServiceDto }) service!: RatedServiceDto;
  @ApiProperty({ type: SkmScoresDto }) scores!: SkmScoresDto;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt!: string;
}

/**
 * One survey response as the rated agency may read it: unlinkable to the case or the citizen,
 * so no survey, complaint or application id, and the month instead of the time.
 */
export class SurveyResponseDto {
  @ApiProperty({ type: RatedServiceDto }) service!: RatedServiceDto;
  @ApiProperty({ type: String, pattern: '^\\d{4}-\\d{2}$', example: '2026-11', description: 'Month the survey was submitted (Asia/Jakarta)' }) month!: string;
  @ApiProperty({ type: SkmScoresDto }) scores!: SkmScoresDto;
}

export class SurveyPageDto extends PageDto {
  @ApiProperty({ type: SurveyResponseDto, isArray: true }) items!: SurveyResponseDto[];
}

/** A page of survey responses holds this many unless the query asks for fewer or more. */
export const SURVEY_PAGE_LIMIT = 50;

/** GET /v1/surveys: the agency, then the paging every list shares (50 responses a page by default). */
export class ListSurveysQueryDto extends PageQuery {
  @ApiPropertyOptional({ type: String, pattern: AGENCY_ID.source, description: "Defaults to the caller's agency; another agency needs agencies:all" })
  @IsOptional()
  @Matches(AGENCY_ID, { message: 'agencyId must be 2-64 lower case letters, digits or dashes' })
  agencyId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: SURVEY_PAGE_LIMIT })
  declare limit?: number;
}
