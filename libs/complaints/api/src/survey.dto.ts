/** Satisfaction surveys (SKM, PermenPANRB 14/2017): requests and answers, shared with the gateway. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsNotEmptyObject, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { AGENCY_ID } from './complaint-requests.dto';

export const INTERACTION_KINDS = ['complaint', 'permit'] as const;
export const SKM_ELEMENT_CODES = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'] as const;

export class InteractionRefDto {
  @ApiProperty({ type: String, enum: INTERACTION_KINDS, description: 'A closed complaint, or an issued or rejected permit application' })
  @IsIn(INTERACTION_KINDS)
  kind!: (typeof INTERACTION_KINDS)[number];

  @ApiProperty({ type: String, format: 'uuid', description: 'complaintId or applicationId' })
  @IsUUID()
  id!: string;
}

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
  @ApiProperty({ type: InteractionRefDto })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => InteractionRefDto)
  interaction!: InteractionRefDto;

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

export class InteractionDto {
  @ApiProperty({ type: String, enum: INTERACTION_KINDS }) kind!: string;
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, example: 'dinas-pupr' }) agencyId!: string;
  @ApiProperty({ type: String, description: 'Complaint category or permit type code' }) serviceCode!: string;
  @ApiProperty({ type: String, format: 'date-time' }) finishedAt!: string;
}

export class SurveyDto {
  @ApiProperty({ type: String, format: 'uuid' }) surveyId!: string;
  @ApiProperty({ type: InteractionDto }) interaction!: InteractionDto;
  @ApiProperty({ type: SkmScoresDto }) scores!: SkmScoresDto;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt!: string;
}

export class SurveyPageDto {
  @ApiProperty({ type: SurveyDto, isArray: true }) items!: SurveyDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ListSurveysQueryDto {
  @ApiPropertyOptional({ type: String, pattern: AGENCY_ID.source, description: "Defaults to the caller's agency; another agency needs agencies:all" })
  @IsOptional()
  @Matches(AGENCY_ID, { message: 'agencyId must be 2-64 lower case letters, digits or dashes' })
  agencyId?: string;

  @ApiPropertyOptional({ type: String, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
