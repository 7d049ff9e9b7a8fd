import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@palembang/api-conventions';
import { IsIn, IsOptional, Matches } from 'class-validator';

export const APPLICATION_STATUSES = ['submitted', 'revision-requested', 'verified', 'under-review', 'approved', 'issued', 'rejected', 'withdrawn'] as const;

/** GET /v1/permit-applications: the filters, then the paging every list shares. */
export class ListApplicationsQueryDto extends PageQuery {
  @ApiPropertyOptional({ type: String, enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: string;

  @ApiPropertyOptional({ type: String, enum: ['true', 'false'], description: 'Only applications whose SLA clock runs past its deadline (true) or not (false)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ type: String, pattern: '^[a-z0-9-]{2,64}$', description: "Defaults to the caller's agency; another agency needs agencies:all" })
  @IsOptional()
  @Matches(/^[a-z0-9-]{2,64}$/, { message: 'agencyId must be 2-64 lower case letters, digits or dashes' })
  agencyId?: string;
}
