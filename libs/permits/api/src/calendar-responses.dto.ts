/** The answers of the working-day calendar API. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CALENDAR_DAY_KINDS, DecreeReferenceDto } from './calendar-requests.dto';

export class CalendarDayDto {
  @ApiProperty({ type: String, format: 'date', example: '2026-08-17' }) date!: string;
  @ApiProperty({ type: String, enum: CALENDAR_DAY_KINDS }) kind!: string;
  @ApiProperty({ type: String, example: 'Hari Proklamasi Kemerdekaan RI' }) name!: string;
  @ApiPropertyOptional({ type: Boolean, enum: [true], description: 'A computed guess for a year whose decree is not published yet (moveable holidays)' }) forecast?: true;
}

export class CalendarAmendmentDto {
  @ApiProperty({ type: String }) reference!: string;
  @ApiProperty({ type: String, format: 'date' }) date!: string;
  @ApiProperty({ type: String }) reason!: string;
  @ApiProperty({ type: CalendarDayDto, isArray: true }) added!: CalendarDayDto[];
  @ApiProperty({ type: CalendarDayDto, isArray: true }) removed!: CalendarDayDto[];
  @ApiProperty({ type: String, format: 'date-time' }) amendedAt!: string;
  @ApiProperty({ type: String, description: 'The client that recorded it (its client id)' }) by!: string;
  @ApiProperty({ type: String, description: 'The correlation id of the request that recorded it' }) correlationId!: string;
}

/**
 * A year of the working-day calendar. `published`: the decree and its amendments decide
 * the days off. `provisional`: no decree yet; the fixed holidays and forecasts of the
 * moveable ones (`forecast: true`) count, and deadlines reaching into the year are provisional.
 */
export class CalendarYearDto {
  @ApiProperty({ type: Number, example: 2026 }) year!: number;
  @ApiProperty({ type: String, enum: ['published', 'provisional'] }) status!: 'published' | 'provisional';
  @ApiProperty({ type: DecreeReferenceDto, nullable: true }) decree!: DecreeReferenceDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The client that published it (seed: the first start of the permits service)' }) publishedBy!: string | null;
  @ApiProperty({ type: CalendarDayDto, isArray: true, description: 'Weekdays and weekends off by decree, in date order (weekends themselves are not listed)' }) days!: CalendarDayDto[];
  @ApiProperty({ type: CalendarAmendmentDto, isArray: true }) amendments!: CalendarAmendmentDto[];
  @ApiProperty({ type: Number, description: 'Stream version (0: nothing published), also the ETag' }) version!: number;
}
