import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export const APPLICATION_STATUSES = ['submitted', 'revision-requested', 'verified', 'under-review', 'approved', 'issued', 'rejected', 'withdrawn'] as const;

export class ListApplicationsQuery {
  @ApiPropertyOptional({ type: String, enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: string;

  @ApiPropertyOptional({ type: String, enum: ['true', 'false'], description: 'Only applications whose SLA clock runs past its deadline (true) or not (false)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ type: String, description: 'Defaults to the caller\'s agency; another agency needs agencies:all', example: 'dinas-pariwisata' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{2,64}$/, { message: 'agencyId must be 2-64 lower case letters, digits or dashes' })
  agencyId?: string;

  @ApiPropertyOptional({ type: String, description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
