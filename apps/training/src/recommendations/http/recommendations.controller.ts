import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, forbidden, Principal, RequireScopes } from '@palembang/auth';
import { AgencyRule, ApiProblems } from '@palembang/http';
import { AgencyListQueryDto, TrainingRecommendationListDto } from '@palembang/training-api';
import { listedAgencyOf } from '../../shared/training-http';
import { RecommendationsService } from '../recommendations.service';

/** Programs recommended to agencies whose service fell below its standard, newest first. */
@ApiTags('training')
@AgencyRule('own-agency')
@Controller('v1/training-recommendations')
export class RecommendationsController {
  constructor(@Inject(RecommendationsService) private readonly recommendations: RecommendationsService) {}

  @Get()
  @RequireScopes('training:read')
  @ApiOperation({ summary: "Targeted program recommendations for the caller's agency (any agency for BKPSDM and agencies:all)" })
  @ApiOkResponse({ type: TrainingRecommendationListDto })
  @ApiProblems(400, 401, 403, 503)
  async list(@Query() query: AgencyListQueryDto, @Principal() principal: AuthPrincipal): Promise<TrainingRecommendationListDto> {
    const agencyId = listedAgencyOf(principal, query.agencyId, () => forbidden("This client may list its own agency's recommendations only.", 'AUTH.OTHER_AGENCY'));
    return { items: await this.recommendations.list(agencyId, query.limit ?? 100) };
  }
}
