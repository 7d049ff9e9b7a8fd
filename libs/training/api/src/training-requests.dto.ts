/** The requests of the training API, validated by the training service and documented by the gateway. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';

export const COMPETENCY_AREAS = ['technical', 'managerial', 'socio-cultural', 'digital-services'] as const;
export const DELIVERY_MODES = ['classroom', 'e-learning', 'blended'] as const;
export const PROVIDER_KINDS = ['agency', 'partner'] as const;
export const PROGRAM_STATUSES = ['active', 'retired'] as const;
export const PARTNER_KINDS = ['university', 'polytechnic', 'ngo', 'company'] as const;
export const AGREEMENT_SCOPES = ['internship', 'research', 'training'] as const;
export const RESEARCH_KINDS = ['satisfaction-study', 'service-evaluation', 'policy-study', 'other'] as const;

export const TRAINING_AGENCY_ID = /^[a-z0-9][a-z0-9-]{0,59}$/;
export const TRAINING_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
export const PROGRAM_CODE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
export const NIP_PATTERN = /^\d{18}$/;
export const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const IRI = /^[a-z][a-z0-9+.-]*:[^\s]+$/i;

const NIP_PROPERTY = { type: String, pattern: NIP_PATTERN.source, description: 'Nomor Induk Pegawai (18 digits)', example: '198503122010011001' } as const;

export class ProviderDto {
  @ApiProperty({ type: String, enum: PROVIDER_KINDS, example: 'agency' })
  @IsIn(PROVIDER_KINDS)
  kind!: (typeof PROVIDER_KINDS)[number];

  @ApiProperty({ type: String, maxLength: 100, description: 'An agency id or a partner id', example: 'bkpsdm' })
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

  @ApiProperty({ type: Integer(), minimum: 1, maximum: 400, description: 'Length in JP (45 minutes each)', example: 24 })
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

  @ApiPropertyOptional({ type: [String], maxItems: 50, description: 'IRIs of LMS activities: a completed or passed xAPI statement on one credits the JP', example: ['https://lms.palembang.go.id/xapi/activities/ppbd-01'] })
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

  @ApiPropertyOptional({ type: Integer(), minimum: 1, maximum: 400 })
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

  @ApiPropertyOptional({ type: [String], maxItems: 50 })
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

export class ListProgramsQueryDto {
  @ApiPropertyOptional({ type: String, enum: PROGRAM_STATUSES })
  @IsOptional()
  @IsIn(PROGRAM_STATUSES)
  status?: (typeof PROGRAM_STATUSES)[number];

  @ApiPropertyOptional({ type: String, enum: COMPETENCY_AREAS })
  @IsOptional()
  @IsIn(COMPETENCY_AREAS)
  competencyArea?: (typeof COMPETENCY_AREAS)[number];

  @ApiPropertyOptional({ type: String, maxLength: 200, description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ type: Integer(), minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class SessionDto {
  @ApiProperty({ type: String, pattern: TRAINING_ID.source, example: 's1' })
  @IsString()
  @Matches(TRAINING_ID, { message: 'sessionId must be 1-100 letters, digits or . _ : -' })
  sessionId!: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-03-02' })
  @IsString()
  @Matches(LOCAL_DATE, { message: 'date must be YYYY-MM-DD' })
  date!: string;
}

export class ScheduleCohortDto {
  @ApiProperty({ type: String, format: 'date', example: '2026-03-02' })
  @IsString()
  @Matches(LOCAL_DATE, { message: 'startsOn must be YYYY-MM-DD' })
  startsOn!: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-03-04' })
  @IsString()
  @Matches(LOCAL_DATE, { message: 'endsOn must be YYYY-MM-DD' })
  endsOn!: string;

  @ApiProperty({ type: Integer(), minimum: 1, maximum: 1000, example: 20 })
  @IsInt()
  @Min(1)
  @Max(1000)
  capacity!: number;

  @ApiProperty({ type: [SessionDto], minItems: 1, maxItems: 200 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SessionDto)
  sessions!: SessionDto[];
}

/**
 * Whom to enrol: a civil servant in BKPSDM's register, by NIP. Where they serve and their name come from
 * the register, never from the request (a caller could otherwise claim another agency's civil servant).
 */
export class EnrolDto {
  @ApiProperty(NIP_PROPERTY)
  @IsString()
  @Matches(NIP_PATTERN, { message: 'nip must be 18 digits' })
  nip!: string;
}

export class WithdrawEnrolmentDto {
  @ApiProperty(NIP_PROPERTY)
  @IsString()
  @Matches(NIP_PATTERN, { message: 'nip must be 18 digits' })
  nip!: string;

  @ApiPropertyOptional({ type: String, maxLength: 1000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string | null;
}

export class RecordAttendanceDto {
  @ApiProperty({ type: String, pattern: TRAINING_ID.source, example: 's1' })
  @IsString()
  @Matches(TRAINING_ID, { message: 'sessionId must be 1-100 letters, digits or . _ : -' })
  sessionId!: string;

  @ApiProperty({ type: [String], maxItems: 1000, example: ['198503122010011001'] })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Matches(NIP_PATTERN, { each: true, message: 'each presentNips entry must be 18 digits' })
  presentNips!: string[];
}

export class CompleteDto {
  @ApiProperty(NIP_PROPERTY)
  @IsString()
  @Matches(NIP_PATTERN, { message: 'nip must be 18 digits' })
  nip!: string;

  @ApiProperty({ type: Number, minimum: 0, maximum: 100, example: 86 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score!: number;

  @ApiProperty({ type: Boolean, example: true })
  @IsBoolean()
  passed!: boolean;

  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true, description: 'Required when passed', example: 'BKPSDM/PPBD/2026/001' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  certificateNumber?: string | null;
}

export class DevelopmentRecordQueryDto {
  @ApiPropertyOptional({ type: Integer(), minimum: 2000, maximum: 2100, description: 'Defaults to the current Asia/Jakarta year' })
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
  @ApiProperty({ type: [String], enum: AGREEMENT_SCOPES, minItems: 1, example: ['internship', 'research'] })
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

  @ApiPropertyOptional({ type: Integer(), minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** Swagger's integer type. */
function Integer(): 'integer' {
  return 'integer';
}

export class XapiAccountDto {
  @ApiProperty({ type: String, maxLength: 2048, example: 'https://lms.palembang.go.id' })
  @IsString()
  @Length(1, 2048)
  homePage!: string;

  @ApiProperty({ type: String, maxLength: 200, example: 'learner-42' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

/** The one inverse functional identifier of an xAPI agent who is not a civil servant (those are forgotten by NIP). */
export class ForgetXapiAgentDto {
  @ApiPropertyOptional({ type: String, maxLength: 320, example: 'mailto:learner@example.com' })
  @IsOptional()
  @IsString()
  @Matches(/^mailto:[^\s@]{1,200}@[^\s@]{1,118}$/, { message: 'mbox must be a mailto IRI (mailto:name@example.com)' })
  mbox?: string;

  @ApiPropertyOptional({ type: String, pattern: '^[0-9a-fA-F]{40}$' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-fA-F]{40}$/, { message: 'mbox_sha1sum must be a hex SHA-1 hash' })
  mbox_sha1sum?: string;

  @ApiPropertyOptional({ type: String, maxLength: 2048 })
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
