import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The answer of GET /v1/audit/streams/{streamId}/verify, the same in every service. */
export class StreamVerificationDto {
  @ApiProperty({ type: Boolean }) intact!: boolean;
  @ApiProperty({ type: String }) streamId!: string;
  @ApiPropertyOptional({ type: Number, description: 'When intact: the number of events checked' }) events?: number;
  @ApiPropertyOptional({ type: Number, description: 'When altered: the version of the first altered event' }) firstAlteredVersion?: number;
  @ApiPropertyOptional({ type: String }) eventId?: string;
  @ApiPropertyOptional({ type: String }) reason?: string;
}
