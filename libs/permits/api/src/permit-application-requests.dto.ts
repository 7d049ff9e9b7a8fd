/** The requests of the permits API, validated by the permits service and documented by the gateway. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NIK_PATTERN, PHONE_MAX_LENGTH, PHONE_PATTERN } from '@palembang/api-conventions';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsEmail,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export const DOCUMENT_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const PERMIT_TYPE_CODE = /^[A-Z0-9][A-Z0-9-]{0,39}$/;
const APPLICANT_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const MAX_DOCUMENTS = 30;
const documentCodes = { type: 'array', items: { type: 'string', pattern: DOCUMENT_CODE.source }, maxItems: MAX_DOCUMENTS, example: ['nib', 'ktp', 'akta-pendirian', 'foto-tempat-usaha'] } as const;

function DocumentCodes(min: number): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMinSize(min)(target, key);
    ArrayMaxSize(MAX_DOCUMENTS)(target, key);
    Matches(DOCUMENT_CODE, { each: true, message: 'each document code must be 1-64 lower case letters, digits or dashes' })(target, key);
  };
}

export class ApplicantDto {
  @ApiProperty({ type: String, pattern: APPLICANT_ID.source, description: 'Pseudonymous id of the citizen (portal account), never the NIK', example: 'citizen-8f3a' })
  @IsString()
  @Matches(APPLICANT_ID, { message: 'applicantId must be 1-100 letters, digits or . _ : -' })
  applicantId!: string;

  @ApiProperty({ type: String, pattern: NIK_PATTERN.source, description: 'Nomor Induk Kependudukan', example: '1671011708900001' })
  @IsString()
  @Matches(NIK_PATTERN, { message: 'nik must be a valid 16-digit Nomor Induk Kependudukan' })
  nik!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 200, example: 'Siti Aminah' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ type: String, pattern: PHONE_PATTERN.source, maxLength: PHONE_MAX_LENGTH, description: 'Indonesian number starting with 0 or +62', example: '0812-7300-1234' })
  @IsString()
  @MaxLength(PHONE_MAX_LENGTH)
  @Matches(PHONE_PATTERN, { message: 'phone must be a phone number such as 0812-7300-1234 or +6281273001234' })
  phone!: string;

  @ApiPropertyOptional({ type: String, format: 'email', maxLength: 254, nullable: true, example: 'siti@example.id' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiProperty({ type: String, minLength: 1, maxLength: 500, example: 'Jl. Merdeka No. 1, Bukit Kecil, Palembang' })
  @IsString()
  @Length(1, 500)
  address!: string;
}

export class SubmitApplicationDto {
  @ApiProperty({ type: String, pattern: PERMIT_TYPE_CODE.source, description: 'A code of GET /v1/permit-types', example: 'TDUP' })
  @IsString()
  @Matches(PERMIT_TYPE_CODE, { message: 'permitTypeCode must be 1-40 upper case letters, digits or dashes' })
  permitTypeCode!: string;

  @ApiProperty({ type: ApplicantDto })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant!: ApplicantDto;

  @ApiProperty({ ...documentCodes, description: 'Codes of the documents handed in' })
  @DocumentCodes(0)
  documents!: string[];
}

export class RequestRevisionDto {
  @ApiProperty({ ...documentCodes, minItems: 1, example: ['akta-pendirian'], description: 'Documents missing or to be corrected' })
  @DocumentCodes(1)
  missingDocuments!: string[];

  @ApiProperty({ type: String, minLength: 1, maxLength: 1000, example: 'Akta pendirian belum dilampirkan' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class ResubmitDto {
  @ApiProperty({ ...documentCodes, minItems: 1, example: ['akta-pendirian'], description: 'The documents handed in now' })
  @DocumentCodes(1)
  documents!: string[];
}

export class StartReviewDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 100, example: 'officer-pariwisata-01' })
  @IsString()
  @Length(1, 100)
  officerId!: string;
}

export class RejectDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 1000, example: 'Lokasi usaha tidak sesuai tata ruang' })
  @IsString()
  @Length(1, 1000)
  reason!: string;
}

export class IssueDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 100, example: '503/TDUP/0042/DISPAR/2026' })
  @IsString()
  @Length(1, 100)
  permitNumber!: string;
}

export class WithdrawDto {
  @ApiPropertyOptional({ type: String, maxLength: 1000, nullable: true, example: 'Usaha batal dibuka' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string | null;
}

