/** The requests of the complaints API, validated by the complaints service and documented by the gateway. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiObjectRule, NIK_PATTERN, PageQuery, PHONE_MAX_LENGTH, PHONE_PATTERN } from '@palembang/api-conventions';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmail, IsIn, IsNotEmptyObject, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export const INTAKE_TYPES = ['aspiration', 'complaint', 'information-request'] as const;
export const CHANNELS = ['web', 'mobile', 'sms', 'walk-in', 'open311'] as const;
export const FOLLOW_UP_KINDS = ['standard', 'no-field-check', 'field-examination'] as const;
export const ARCHIVE_REASONS = ['invalid', 'duplicate'] as const;
export const COMPLAINT_STATUSES = ['received', 'archived', 'routed', 'awaiting-reroute', 'in-progress', 'resolved', 'closed'] as const;

export const CATEGORY_CODE = /^[A-Z0-9][A-Z0-9-]{0,63}$/;
export const AGENCY_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
const REPORTER_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export class LocationDto {
  // Bounds, not IsLatitude: that one reads the number as text and refused a JSON number in exponent form (-2.9e-79).
  @ApiProperty({ type: Number, minimum: -90, maximum: 90, example: -2.9761 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'latitude must be a number from -90 to 90' })
  @Min(-90, { message: 'latitude must be a number from -90 to 90' })
  @Max(90, { message: 'latitude must be a number from -90 to 90' })
  latitude!: number;

  @ApiProperty({ type: Number, minimum: -180, maximum: 180, example: 104.7754 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'longitude must be a number from -180 to 180' })
  @Min(-180, { message: 'longitude must be a number from -180 to 180' })
  @Max(180, { message: 'longitude must be a number from -180 to 180' })
  longitude!: number;
}

export class ReporterDto {
  @ApiProperty({ type: String, pattern: REPORTER_ID.source, description: 'Pseudonymous id of the citizen (portal account or device), never the NIK', example: 'citizen-8f3a' })
  @IsString()
  @Matches(REPORTER_ID, { message: 'reporterId must be 1-100 letters, digits or . _ : -' })
  reporterId!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 200, example: 'Budi Santoso' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ type: String, pattern: NIK_PATTERN.source, nullable: true, description: 'Nomor Induk Kependudukan', example: '1671011708900001' })
  @IsOptional()
  @IsString()
  @Matches(NIK_PATTERN, { message: 'nik must be a valid 16-digit Nomor Induk Kependudukan' })
  nik?: string | null;

  @ApiPropertyOptional({ type: String, pattern: PHONE_PATTERN.source, maxLength: PHONE_MAX_LENGTH, nullable: true, example: '0812-7300-1234' })
  @IsOptional()
  @IsString()
  @MaxLength(PHONE_MAX_LENGTH)
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number such as 0812-7300-1234 or +6281273001234' })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, format: 'email', maxLength: 254, nullable: true, example: 'budi@example.id' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;
}

/** Where the matter is: a location, or an address that is not blank (the complaints service checks one is given). */
@ApiObjectRule({
  anyOf: [
    { required: ['location'], properties: { location: { not: { enum: [null] } } } },
    { required: ['address'], properties: { address: { pattern: '\\S', not: { enum: [null] } } } },
  ],
})
export class SubmitComplaintDto {
  @ApiProperty({ type: String, enum: INTAKE_TYPES, example: 'complaint' })
  @IsIn(INTAKE_TYPES)
  intakeType!: (typeof INTAKE_TYPES)[number];

  @ApiProperty({ type: String, enum: CHANNELS, example: 'web' })
  @IsIn(CHANNELS)
  channel!: (typeof CHANNELS)[number];

  @ApiProperty({ type: String, pattern: CATEGORY_CODE.source, description: 'A code of GET /v1/complaint-categories', example: 'JALAN-RUSAK' })
  @IsString()
  @Matches(CATEGORY_CODE, { message: 'categoryCode must be 1-64 upper case letters, digits or dashes' })
  categoryCode!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 150, example: 'Jalan berlubang di Jl. Demang Lebar Daun' })
  @IsString()
  @Length(1, 150)
  title!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 4000, example: 'Lubang besar di lajur kiri, membahayakan pengendara motor sejak seminggu.' })
  @IsString()
  @Length(1, 4000)
  description!: string;

  @ApiPropertyOptional({ type: LocationDto, nullable: true, description: 'Where it happens; a location or an address is required' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto | null;

  @ApiPropertyOptional({ type: String, minLength: 1, maxLength: 500, nullable: true, example: 'Jl. Demang Lebar Daun, Ilir Barat I, Palembang' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  address?: string | null;

  @ApiProperty({ type: ReporterDto, description: 'Encrypted per person; never shown to the agency when anonymous' })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter!: ReporterDto;

  @ApiProperty({ type: Boolean, description: 'The agency never learns who reported' })
  @IsBoolean()
  anonymous!: boolean;
}

export class VerifyComplaintDto {
  @ApiPropertyOptional({ type: String, enum: FOLLOW_UP_KINDS, description: "Follow-up deadline: standard 5, no-field-check 14, field-examination 60 working days; default: the category's" })
  @IsOptional()
  @IsIn(FOLLOW_UP_KINDS)
  followUpKind?: (typeof FOLLOW_UP_KINDS)[number];

  @ApiPropertyOptional({ type: String, pattern: AGENCY_ID.source, description: "Responsible agency; default: the category's", example: 'dinas-pupr' })
  @IsOptional()
  @IsString()
  @Matches(AGENCY_ID, { message: 'agencyId must be 2-64 lower case letters, digits or dashes' })
  agencyId?: string;
}

export class ArchiveComplaintDto {
  @ApiProperty({ type: String, enum: ARCHIVE_REASONS })
  @IsIn(ARCHIVE_REASONS)
  reason!: (typeof ARCHIVE_REASONS)[number];

  @ApiProperty({ type: String, minLength: 1, maxLength: 1000, example: 'Sudah dilaporkan sebelumnya' })
  @IsString()
  @Length(1, 1000)
  note!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The original complaint; required when the reason is duplicate' })
  @IsOptional()
  @IsUUID()
  duplicateOf?: string | null;
}

export class DeclineAuthorityDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 1000, example: 'Jalan nasional, kewenangan BBPJN Sumsel' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class RerouteComplaintDto {
  @ApiProperty({ type: String, pattern: AGENCY_ID.source, example: 'dinas-perhubungan' })
  @IsString()
  @Matches(AGENCY_ID, { message: 'agencyId must be 2-64 lower case letters, digits or dashes' })
  agencyId!: string;

  @ApiPropertyOptional({ type: String, enum: FOLLOW_UP_KINDS })
  @IsOptional()
  @IsIn(FOLLOW_UP_KINDS)
  followUpKind?: (typeof FOLLOW_UP_KINDS)[number];
}

export class PublicUpdateDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 2000, example: 'Tim sudah meninjau lokasi; perbaikan dijadwalkan minggu depan.' })
  @IsString()
  @Length(1, 2000)
  message!: string;
}

export class ResolveComplaintDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 4000, example: 'Lubang sudah ditambal pada 2 Desember.' })
  @IsString()
  @Length(1, 4000)
  response!: string;
}

export class DisputeResolutionDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 1000, example: 'Tambalan sudah rusak lagi.' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

/** GET /v1/complaints: the filters, then the paging every list shares. */
export class ListComplaintsQueryDto extends PageQuery {
  @ApiPropertyOptional({ type: String, enum: COMPLAINT_STATUSES })
  @IsOptional()
  @IsIn(COMPLAINT_STATUSES)
  status?: (typeof COMPLAINT_STATUSES)[number];

  @ApiPropertyOptional({ type: String, enum: ['true', 'false'], description: 'Only complaints past their running deadline (true) or not (false)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ type: String, pattern: AGENCY_ID.source, description: "Defaults to the caller's agency; another agency needs agencies:all" })
  @IsOptional()
  @Matches(AGENCY_ID, { message: 'agencyId must be 2-64 lower case letters, digits or dashes' })
  agencyId?: string;
}
