/** The requests about partners, their agreements, internships and research projects. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PARTNER_KINDS, AGREEMENT_SCOPES, RESEARCH_KINDS, TRAINING_AGENCY_ID, TRAINING_ID, NIP_PATTERN, LOCAL_DATE, NIP_PROPERTY } from './training-values';

export class RegisterPartnerDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 200, example: 'Universitas Sriwijaya' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ type: String, enum: PARTNER_KINDS, example: 'university' })
  @IsIn(PARTNER_KINDS)
  kind!: (typeof PARTNER_KINDS)[number];
}

export class SignAgreementDto {
  @ApiProperty({ type: [String], enum: AGREEMENT_SCOPES, minItems: 1, maxItems: 3, example: ['internship', 'research'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsIn(AGREEMENT_SCOPES, { each: true })
  scope!: (typeof AGREEMENT_SCOPES)[number][];

  @ApiProperty({ type: String, format: 'date', example: '2026-01-01' })
  @IsString()
  @Matches(LOCAL_DATE, { message: 'validFrom must be YYYY-MM-DD' })
  validFrom!: string;

  @ApiProperty({ type: String, format: 'date', example: '2028-12-31' })
  @IsString()
  @Matches(LOCAL_DATE, { message: 'validUntil must be YYYY-MM-DD' })
  validUntil!: string;
}

export class PlaceInternDto {
  @ApiProperty({ type: String, pattern: TRAINING_ID.source, example: 'unsri' })
  @IsString()
  @Matches(TRAINING_ID, { message: 'partnerId must be 1-100 letters, digits or . _ : -' })
  partnerId!: string;

  @ApiProperty({ type: String, pattern: TRAINING_ID.source })
  @IsString()
  @Matches(TRAINING_ID, { message: 'agreementId must be 1-100 letters, digits or . _ : -' })
  agreementId!: string;

  @ApiProperty({ type: String, pattern: TRAINING_ID.source, description: "The student's number at the partner", example: '09011282126001' })
  @IsString()
  @Matches(TRAINING_ID, { message: 'studentId must be 1-100 letters, digits or . _ : -' })
  studentId!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 200, example: 'Rizky Pratama' })
  @IsString()
  @Length(1, 200)
  studentName!: string;

  @ApiPropertyOptional({ type: String, pattern: TRAINING_AGENCY_ID.source, description: "The host agency; defaults to the caller's" })
  @IsOptional()
  @IsString()
  @Matches(TRAINING_AGENCY_ID, { message: 'agencyId must be an agency id such as dpmptsp' })
  agencyId?: string;

  @ApiProperty({ ...NIP_PROPERTY, description: "The supervisor's NIP" })
  @IsString()
  @Matches(NIP_PATTERN, { message: 'supervisorNip must be 18 digits' })
  supervisorNip!: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-07-01' })
  @IsString()
  @Matches(LOCAL_DATE, { message: 'startsOn must be YYYY-MM-DD' })
  startsOn!: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-09-30' })
  @IsString()
  @Matches(LOCAL_DATE, { message: 'endsOn must be YYYY-MM-DD' })
  endsOn!: string;
}

export class EvaluateInternshipDto {
  @ApiProperty({ type: Number, minimum: 0, maximum: 100, example: 88 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score!: number;

  @ApiProperty({ type: String, minLength: 1, maxLength: 2000, example: 'Inisiatif baik dalam digitalisasi arsip' })
  @IsString()
  @Length(1, 2000)
  remarks!: string;
}

export class ProposeResearchDto {
  @ApiProperty({ type: String, pattern: TRAINING_ID.source, example: 'unsri' })
  @IsString()
  @Matches(TRAINING_ID, { message: 'partnerId must be 1-100 letters, digits or . _ : -' })
  partnerId!: string;

  @ApiProperty({ type: String, pattern: TRAINING_ID.source })
  @IsString()
  @Matches(TRAINING_ID, { message: 'agreementId must be 1-100 letters, digits or . _ : -' })
  agreementId!: string;

  @ApiPropertyOptional({ type: String, pattern: TRAINING_AGENCY_ID.source, description: "The agency studied; defaults to the caller's" })
  @IsOptional()
  @IsString()
  @Matches(TRAINING_AGENCY_ID, { message: 'agencyId must be an agency id such as dpmptsp' })
  agencyId?: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 300, example: 'Kepuasan masyarakat atas layanan perizinan 2026' })
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiProperty({ type: String, enum: RESEARCH_KINDS, example: 'satisfaction-study' })
  @IsIn(RESEARCH_KINDS)
  kind!: (typeof RESEARCH_KINDS)[number];
}

export class FindingsDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 8000 })
  @IsString()
  @Length(1, 8000)
  summary!: string;
}

export class AddRecommendationDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 4000, example: 'Sediakan pelacakan permohonan daring' })
  @IsString()
  @Length(1, 4000)
  text!: string;
}

export class ImplementRecommendationDto {
  @ApiPropertyOptional({ type: String, maxLength: 2000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class AgencyListQueryDto {
  @ApiPropertyOptional({ type: String, pattern: TRAINING_AGENCY_ID.source, description: "Defaults to the caller's agency (all for bkpsdm and agencies:all)" })
  @IsOptional()
  @IsString()
  @Matches(TRAINING_AGENCY_ID, { message: 'agencyId must be an agency id such as dpmptsp' })
  agencyId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
