/**
 * Request bodies of the permits service's public routes, for the gateway's
 * OpenAPI document only: the gateway forwards bodies as they are and the
 * permits service validates them (apps may not import each other, so these
 * mirror apps/permits/src/permit-applications/http/permit-application.dto.ts).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const PERMIT_TYPE_CODE = /^[A-Z0-9][A-Z0-9-]{0,39}$/;
const APPLICANT_ID = /^[A-Za-z0-9._:-]{1,100}$/;
const PHONE = /^\+?[0-9][0-9 -]{6,22}$/;
const MAX_DOCUMENTS = 30;
const documentCodes = { type: String, isArray: true, maxItems: MAX_DOCUMENTS, example: ['nib', 'ktp', 'akta-pendirian', 'foto-tempat-usaha'] };

export class ApplicantDto {
  @ApiProperty({ type: String, pattern: APPLICANT_ID.source, description: 'Pseudonymous id of the citizen (portal account), never the NIK', example: 'citizen-8f3a' })
  applicantId!: string;

  @ApiProperty({ type: String, pattern: '^\\d{16}$', description: 'Nomor Induk Kependudukan', example: '1671011708900001' })
  nik!: string;

  @ApiProperty({ type: String, minLength: 1, maxLength: 200, example: 'Siti Aminah' })
  name!: string;

  @ApiProperty({ type: String, pattern: PHONE.source, description: 'Indonesian number starting with 0 or +62', example: '0812-7300-1234' })
  phone!: string;

  @ApiPropertyOptional({ type: String, format: 'email', maxLength: 254, nullable: true, example: 'siti@example.id' })
  email?: string | null;

  @ApiProperty({ type: String, minLength: 1, maxLength: 500, example: 'Jl. Merdeka No. 1, Bukit Kecil, Palembang' })
  address!: string;
}

export class SubmitApplicationDto {
  @ApiProperty({ type: String, pattern: PERMIT_TYPE_CODE.source, description: 'A code of GET /v1/permit-types', example: 'TDUP' })
  permitTypeCode!: string;

  @ApiProperty({ type: ApplicantDto })
  applicant!: ApplicantDto;

  @ApiProperty({ ...documentCodes, description: 'Codes of the documents handed in' })
  documents!: string[];
}

export class RequestRevisionDto {
  @ApiProperty({ ...documentCodes, minItems: 1, example: ['akta-pendirian'], description: 'Documents missing or to be corrected' })
  missingDocuments!: string[];

  @ApiProperty({ type: String, minLength: 1, maxLength: 1000, example: 'Akta pendirian belum dilampirkan' })
  reason!: string;
}

export class ResubmitDto {
  @ApiProperty({ ...documentCodes, minItems: 1, example: ['akta-pendirian'], description: 'The documents handed in now' })
  documents!: string[];
}

export class StartReviewDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 100, example: 'officer-pariwisata-01' })
  officerId!: string;
}

export class RejectDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 1000, example: 'Lokasi usaha tidak sesuai tata ruang' })
  reason!: string;
}

export class IssueDto {
  @ApiProperty({ type: String, minLength: 1, maxLength: 100, example: '503/TDUP/0042/DISPAR/2026' })
  permitNumber!: string;
}

export class WithdrawDto {
  @ApiPropertyOptional({ type: String, maxLength: 1000, nullable: true, example: 'Usaha batal dibuka' })
  reason?: string | null;
}

