/** The answers of the complaints API, shared by the complaints service and the gateway that documents its public routes. */
import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '@palembang/api-conventions';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces';
import { CHANNELS, COMPLAINT_STATUSES, FOLLOW_UP_KINDS, INTAKE_TYPES } from './complaint-requests.dto';

export class ComplaintCategoryDto {
  @ApiProperty({ type: String, example: 'JALAN-RUSAK' }) code!: string;
  @ApiProperty({ type: String, example: 'Jalan rusak' }) name!: string;
  @ApiProperty({ type: String }) description!: string;
  @ApiProperty({ type: String, example: 'dinas-pupr', description: 'The agency a verified complaint of this category is routed to' }) agencyId!: string;
  @ApiProperty({ type: String, enum: FOLLOW_UP_KINDS }) followUpKind!: string;
}

export class ComplaintCategoryListDto {
  @ApiProperty({ type: ComplaintCategoryDto, isArray: true }) items!: ComplaintCategoryDto[];
}

export class DeadlineDto {
  @ApiProperty({ type: String, enum: ['verification', 'follow-up', 'auto-close'] }) kind!: string;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: Boolean, description: 'The deadline reaches into a year whose working-day calendar is not published yet: an estimate, recalculated once it is; no escalation fires on it' })
  provisional!: boolean;
}

/** What a command answers: the complaint's new state in brief. */
export class ComplaintSummaryDto {
  @ApiProperty({ type: String, format: 'uuid' }) complaintId!: string;
  @ApiProperty({ type: String, example: 'LPR-7KQ2M9XH4C' }) trackingCode!: string;
  @ApiProperty({ type: String, example: 'dinas-pupr', description: 'The agency responsible now (the complaints desk before routing)' }) agencyId!: string;
  @ApiProperty({ type: String, example: 'JALAN-RUSAK' }) categoryCode!: string;
  @ApiProperty({ type: String, enum: INTAKE_TYPES }) intakeType!: string;
  @ApiProperty({ type: String, enum: COMPLAINT_STATUSES }) status!: string;
  @ApiProperty({ type: DeadlineDto, nullable: true, description: 'The deadline running now' }) deadline!: DeadlineDto | null;
  @ApiProperty({ type: Number, description: 'Stream version, also the ETag' }) version!: number;
}

/** A personal field once its subject was forgotten (UU 27/2022): the value is gone for good. */
export type ErasedValue = { erased: true };
const ERASED_SCHEMA: SchemaObject = { type: 'object', properties: { erased: { type: 'boolean', enum: [true] } }, required: ['erased'] };
const personal = (description: string, schema: SchemaObject, nullable = false) =>
  ApiProperty({ description: `${description}; { erased: true } once the reporter is forgotten`, nullable, oneOf: [schema, ERASED_SCHEMA] });

export class ComplaintListItemDto extends ComplaintSummaryDto {
  @ApiProperty({ type: String, enum: CHANNELS }) channel!: string;
  @personal('The title the reporter gave', { type: 'string' }) title!: string | ErasedValue;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: Boolean, description: 'The running deadline has passed' }) overdue!: boolean;
}

export class ComplaintPageDto extends PageDto {
  @ApiProperty({ type: ComplaintListItemDto, isArray: true }) items!: ComplaintListItemDto[];
}

export class ComplaintTimelineEntryDto {
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, example: 'ComplaintSubmitted' }) event!: string;
  @ApiProperty({ type: String, enum: COMPLAINT_STATUSES }) status!: string;
  @ApiProperty({ type: String, example: 'Laporan diterima' }) label!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Public details of the step, never personal data' }) details!: Record<string, unknown>;
}

export class ReporterViewDto {
  @ApiProperty({ type: String }) reporterId!: string;
  @ApiProperty({ description: "The person's name, or { erased: true } once forgotten", oneOf: [{ type: 'string' }, { type: 'object' }] }) name!: unknown;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'string' }, { type: 'object' }] }) nik!: unknown;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'string' }, { type: 'object' }] }) phone!: unknown;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'string' }, { type: 'object' }] }) email!: unknown;
}

export class ComplaintDetailDto extends ComplaintListItemDto {
  @personal("The reporter's account", { type: 'string' }) description!: string | ErasedValue;
  @personal('Where the matter is', { type: 'object', properties: { latitude: { type: 'number' }, longitude: { type: 'number' } } }, true)
  location!: { latitude: number; longitude: number } | ErasedValue | null;
  @personal('The address of the matter', { type: 'string' }, true) address!: string | ErasedValue | null;
  @ApiProperty({ type: Boolean }) anonymous!: boolean;
  @ApiProperty({ type: ReporterViewDto, nullable: true, description: 'Null when the reporter chose to stay anonymous: no agency ever sees who reported' }) reporter!: ReporterViewDto | null;
  @ApiProperty({ type: Number, description: 'How often the citizen disputed a resolution' }) reopenCount!: number;
  @ApiProperty({ type: ComplaintTimelineEntryDto, isArray: true }) timeline!: ComplaintTimelineEntryDto[];
}

export class ComplaintTrackingDto {
  @ApiProperty({ type: String, example: 'LPR-7KQ2M9XH4C' }) trackingCode!: string;
  @ApiProperty({ type: String, enum: COMPLAINT_STATUSES }) status!: string;
  @ApiProperty({ type: String }) categoryCode!: string;
  @ApiProperty({ type: String }) agencyId!: string;
  @ApiProperty({ type: ComplaintTimelineEntryDto, isArray: true }) timeline!: ComplaintTimelineEntryDto[];
}

export class ForgetReporterResultDto {
  @ApiProperty({ type: Number, description: 'Personal-data keys erased (0 when already forgotten)' }) erasedKeys!: number;
}
