import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, forbidden, Principal, RequireScopes } from '@palembang/auth';
import { ApiProblems } from '@palembang/http';
import { AgencyListQueryDto, TrainingRecommendationListDto } from '@palembang/training-api';
import { DataSource } from 'typeorm';
import { canSeeTrainingOf, seesAllTraining } from '../shared/http';

/** Programs recommended to agencies whose service fell below its standard, newest first. */
@ApiTags('training')
@Controller('v1/training-recommendations')
export class RecommendationsController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get()
  @RequireScopes('training:read')
  @ApiOperation({ summary: "Targeted program recommendations for the caller's agency (any agency for BKPSDM and agencies:all)" })
  @ApiOkResponse({ type: TrainingRecommendationListDto })
  @ApiProblems(400, 401, 403, 503)
  async list(@Query() query: AgencyListQueryDto, @Principal() principal: AuthPrincipal): Promise<TrainingRecommendationListDto> {
    if (query.agencyId !== undefined && !canSeeTrainingOf(principal, query.agencyId)) throw forbidden("This client may list its own agency's recommendations only.", 'auth.other_agency');
    const agencyId = query.agencyId ?? (seesAllTraining(principal) ? null : principal.agencyId);
    const rows: Array<{ alert_id: string; agency_id: string; service: string; period: string; program_ids: string[]; recommended_at: Date }> = await this.dataSource.query(
      `SELECT * FROM training_recommendations WHERE ($1::text IS NULL OR agency_id = $1) ORDER BY recommended_at DESC, alert_id LIMIT $2`,
      [agencyId, query.limit ?? 100],
    );
    return {
      items: rows.map((row) => ({ alertId: row.alert_id, agencyId: row.agency_id, service: row.service, period: row.period, programIds: row.program_ids, recommendedAt: row.recommended_at.toISOString() })),
    };
  }
}
