/** The public tracking answer of a complaint: what anyone holding its tracking code sees without a credential. */
import { ApiProperty } from '@nestjs/swagger';
import { COMPLAINT_STATUSES } from './complaint-requests.dto';

export class PublicComplaintTimelineStepDto {
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, example: 'ComplaintSubmitted' }) event!: string;
  @ApiProperty({ type: String, enum: COMPLAINT_STATUSES, description: 'The status after this step' }) status!: string;
  @ApiProperty({ type: String, example: 'Laporan diterima' }) label!: string;
  @ApiProperty({ type: String, example: 'dinas-pupr', description: 'The agency responsible once the step happened (the complaints desk before routing)' }) agencyId!: string;
}

export class PublicComplaintTimelineDto {
  @ApiProperty({ type: String, example: 'LPR-7KQ2M9XH4C' }) trackingCode!: string;
  @ApiProperty({ type: String, enum: COMPLAINT_STATUSES }) status!: string;
  @ApiProperty({ type: String, example: 'dinas-pupr', description: 'The agency responsible now' }) agencyId!: string;
  @ApiProperty({ type: PublicComplaintTimelineStepDto, isArray: true, description: "Every step, oldest first; no personal data, not the report, no agency's own words" })
  timeline!: PublicComplaintTimelineStepDto[];
}
