/** The public tracking answer of a permit application: what anyone holding its tracking code sees without a credential. */
import { ApiProperty } from '@nestjs/swagger';
import { STATUSES } from './permit-application-responses.dto';

export class PublicPermitTimelineStepDto {
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, example: 'ApplicationSubmitted' }) event!: string;
  @ApiProperty({ type: String, enum: STATUSES, description: 'The status after this step' }) status!: string;
  @ApiProperty({ type: String, example: 'Permohonan diterima' }) label!: string;
  @ApiProperty({ type: String, example: 'dinas-pupr', description: 'The agency responsible for the application' }) agencyId!: string;
}

export class PublicPermitTimelineDto {
  @ApiProperty({ type: String, example: 'PLG-7KQ2M9XH4C' }) trackingCode!: string;
  @ApiProperty({ type: String, enum: STATUSES }) status!: string;
  @ApiProperty({ type: String, example: 'dinas-pupr' }) agencyId!: string;
  @ApiProperty({ type: PublicPermitTimelineStepDto, isArray: true, description: 'Every step, oldest first; no personal data, no officer, no officer\'s own words' })
  timeline!: PublicPermitTimelineStepDto[];
}
