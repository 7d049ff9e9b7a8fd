/** The answers of the permits API, shared by the permits service and the gateway that documents its public routes. */
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { PageDto } from '@palembang/api-conventions';

export const STATUSES = ['submitted', 'revision-requested', 'verified', 'under-review', 'approved', 'issued', 'rejected', 'withdrawn'];

export class PermitTypeDto {
  @ApiProperty({ type: String, example: 'TDUP' }) code!: string;
  @ApiProperty({ type: String, example: 'Tanda Daftar Usaha Pariwisata' }) name!: string;
  @ApiProperty({ type: String, example: 'dinas-pariwisata' }) agencyId!: string;
  @ApiProperty({ type: String, isArray: true, example: ['nib', 'ktp'] }) requiredDocuments!: string[];
  @ApiProperty({ type: Number, example: 0, description: 'Service fee in rupiah' }) feeIdr!: number;
  @ApiProperty({ type: Number, example: 3, description: 'Working days from verification of a complete application' }) processingDays!: number;
  @ApiProperty({ type: Boolean, description: 'Fiktif positif: approved by law when the deadline passes without a decision' }) deemedApproval!: boolean;
  @ApiPropertyOptional({ type: String }) legalBasis?: string;
}

export class PermitTypeListDto {
  @ApiProperty({ type: PermitTypeDto, isArray: true }) items!: PermitTypeDto[];
}

/** What a command answers: the application's new state in brief. */
export class ApplicationSummaryDto {
  @ApiProperty({ type: String, format: 'uuid' }) applicationId!: string;
  @ApiProperty({ type: String, example: 'PLG-7KQ2M9XH4C' }) trackingCode!: string;
  @ApiProperty({ type: String, example: 'dinas-pariwisata' }) agencyId!: string;
  @ApiProperty({ type: String, example: 'TDUP' }) permitTypeCode!: string;
  @ApiProperty({ type: String, enum: STATUSES }) status!: string;
  @ApiProperty({ type: Number, description: 'Stream version, also the ETag' }) version!: number;
}

export class ApplicationListItemDto extends ApplicationSummaryDto {
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) slaDeadline!: string | null;
  @ApiProperty({ type: Boolean, description: 'The deadline rests on a year whose working-day calendar is not published yet: an estimate, on which no deemed approval fires' })
  slaDeadlineProvisional!: boolean;
  @ApiProperty({ type: Boolean, description: 'The SLA clock runs past its deadline' }) overdue!: boolean;
}

export class ApplicationPageDto extends PageDto {
  @ApiProperty({ type: ApplicationListItemDto, isArray: true }) items!: ApplicationListItemDto[];
}

export class TimelineEntryDto {
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, example: 'ApplicationSubmitted' }) event!: string;
  @ApiProperty({ type: String, enum: STATUSES }) status!: string;
  @ApiProperty({ type: String, example: 'Permohonan diterima' }) label!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Public details of the step, never personal data; a deadline step carries `provisional` when the deadline is an estimate (its year has no published calendar)',
  })
  details!: Record<string, unknown>;
}

export class ErasedDto {
  @ApiProperty({ type: Boolean, enum: [true] }) erased!: true;
}

const personal = (nullable = false) => ({ oneOf: [{ type: 'string' }, { $ref: getSchemaPath(ErasedDto) }], nullable, description: 'The value, or {"erased": true} once the applicant was forgotten' });

@ApiExtraModels(ErasedDto)
export class ApplicantViewDto {
  @ApiProperty({ type: String }) applicantId!: string;
  @ApiProperty(personal()) nik!: string | ErasedDto;
  @ApiProperty(personal()) name!: string | ErasedDto;
  @ApiProperty(personal()) phone!: string | ErasedDto;
  @ApiProperty(personal(true)) email!: string | ErasedDto | null;
  @ApiProperty(personal()) address!: string | ErasedDto;
}

export class ServiceStandardDto {
  @ApiProperty({ type: String, isArray: true }) requiredDocuments!: string[];
  @ApiProperty({ type: Number }) feeIdr!: number;
  @ApiProperty({ type: Number }) processingDays!: number;
  @ApiProperty({ type: Boolean }) deemedApproval!: boolean;
}

export class SlaClockDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'When the clock started: the verification' }) startedAt!: string;
  @ApiProperty({ type: Number, description: 'Working days from the start: the processing days plus the working days of every pause so far' }) workingDays!: number;
  @ApiProperty({ type: String, format: 'date-time' }) deadline!: string;
  @ApiProperty({ type: Boolean, description: 'The deadline rests on a year whose working-day calendar is not published yet: an estimate, recalculated once it is' })
  provisional!: boolean;
  @ApiProperty({ type: Boolean }) breached!: boolean;
}

export class ApplicationDetailDto extends ApplicationSummaryDto {
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ type: String, isArray: true }) documents!: string[];
  @ApiProperty({ type: ServiceStandardDto, description: 'The service standard in force at submission' }) standard!: ServiceStandardDto;
  @ApiProperty({ type: ApplicantViewDto }) applicant!: ApplicantViewDto;
  @ApiProperty({ type: TimelineEntryDto, isArray: true }) timeline!: TimelineEntryDto[];
  @ApiPropertyOptional({ type: SlaClockDto, description: 'verified and under-review: the running SLA clock' }) sla?: SlaClockDto;
  @ApiPropertyOptional({ type: SlaClockDto, nullable: true, description: 'revision-requested: the paused clock, null if it had not started' }) pausedClock?: SlaClockDto | null;
  @ApiPropertyOptional({ type: String, nullable: true }) officerId?: string | null;
  @ApiPropertyOptional({ type: String, isArray: true }) missingDocuments?: string[];
  @ApiPropertyOptional({ type: String, format: 'date-time' }) requestedAt?: string;
  @ApiPropertyOptional({ type: String, enum: ['officer', 'deemed'] }) approval?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) decidedAt?: string;
  @ApiPropertyOptional({ type: String }) reason?: string;
  @ApiPropertyOptional({ type: String }) permitNumber?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) issuedAt?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) withdrawnAt?: string;
}

export class PublicTrackingDto {
  @ApiProperty({ type: String }) trackingCode!: string;
  @ApiProperty({ type: String, enum: STATUSES }) status!: string;
  @ApiProperty({ type: String }) permitTypeCode!: string;
  @ApiProperty({ type: String }) agencyId!: string;
  @ApiProperty({ type: TimelineEntryDto, isArray: true }) timeline!: TimelineEntryDto[];
}

export class ForgetResultDto {
  @ApiProperty({ type: Number, description: 'Personal-data keys erased (0 when the applicant was unknown or already forgotten)' }) erasedKeys!: number;
}
