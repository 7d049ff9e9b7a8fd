import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, forbidden, Principal, RequireScopes } from '@palembang/auth';
import { AgencyRule, ApiIdempotencyKey, ApiProblems, ETAG_RESPONSE_HEADER, etagOf, type HttpRequest, type HttpReply } from '@palembang/http';
import { AddRecommendationDto, AgencyListQueryDto, FindingsDto, ImplementRecommendationDto, ProposeResearchDto, ReasonDto, ResearchProjectDto, ResearchProjectListDto } from '@palembang/training-api';
import { Clock } from '@palembang/working-days';
import { canSeeTrainingOf, checkId, contextOf, listedAgencyOf, TRAINING_CLOCK, TrainingAction } from '../../shared/training-http';
import { ProjectAnswer, projectNotFound, ResearchService } from '../research.service';
import { researchProjectDto } from './research-project-answer';

const projectIdOf = (id: string): string => checkId(id, () => projectNotFound(id));
const RECOMMENDATION_ID = { name: 'recommendationId', schema: { type: 'string' } } as const;

function answered(response: HttpReply, answer: ProjectAnswer): ResearchProjectDto {
  response.header('ETag', etagOf(answer.version));
  return researchProjectDto(answer);
}

/**
 * Research by partners into agencies' services (satisfaction studies and the like), whose recommendations
 * go to the agency studied. Seen by that agency, BKPSDM and agencies:all; 404 otherwise.
 */
@ApiTags('training')
@AgencyRule('own-agency')
@Controller('v1/research-projects')
export class ResearchController {
  constructor(
    @Inject(ResearchService) private readonly research: ResearchService,
    @Inject(TRAINING_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @RequireScopes('training:write')
  @ApiOperation({ summary: "Propose a partner's study of an agency's service under an agreement covering research (the agency or BKPSDM)" })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ResearchProjectDto, headers: { Location: { schema: { type: 'string' } }, ...ETAG_RESPONSE_HEADER } })
  @ApiProblems(400, 401, 403, 409, 413, 422, 503)
  async propose(@Body() body: ProposeResearchDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply): Promise<ResearchProjectDto> {
    const proposed = await this.research.propose(body, body.agencyId ?? principal.agencyId, contextOf(principal, request, this.clock));
    response.header('Location', `/v1/research-projects/${proposed.project.projectId}`);
    return answered(response, proposed);
  }

  @Get()
  @RequireScopes('training:read')
  @ApiOperation({ summary: "Research projects studying the caller's agency (any for BKPSDM and agencies:all)" })
  @ApiOkResponse({ type: ResearchProjectListDto })
  @ApiProblems(400, 401, 403, 503)
  async list(@Query() query: AgencyListQueryDto, @Principal() principal: AuthPrincipal): Promise<ResearchProjectListDto> {
    const agencyId = listedAgencyOf(principal, query.agencyId, () => forbidden("This client may list its own agency's research only.", 'AUTH.OTHER_AGENCY'));
    return { items: (await this.research.studying(agencyId, query.limit ?? 100)).map(researchProjectDto) };
  }

  @Get(':id')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'One research project with its findings and recommendations' })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiOkResponse({ type: ResearchProjectDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(401, 403, 404, 503)
  async detail(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) response: HttpReply): Promise<ResearchProjectDto> {
    return answered(response, await this.research.visible(projectIdOf(id), (agencyId) => canSeeTrainingOf(principal, agencyId)));
  }

  @Post(':id/findings')
  @TrainingAction('Record the findings (the agency studied or BKPSDM)', ResearchProjectDto)
  async findings(@Param('id') id: string, @Body() body: FindingsDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    const context = contextOf(principal, request, this.clock, ifMatch);
    return answered(response, await this.research.recordFindings(projectIdOf(id), body.summary, context, (agencyId) => canSeeTrainingOf(principal, agencyId)));
  }

  @Post(':id/recommendations')
  @TrainingAction('Add a recommendation to the agency studied (after the findings)', ResearchProjectDto)
  async recommend(@Param('id') id: string, @Body() body: AddRecommendationDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    const context = contextOf(principal, request, this.clock, ifMatch);
    return answered(response, await this.research.addRecommendation(projectIdOf(id), body.text, context, (agencyId) => canSeeTrainingOf(principal, agencyId)));
  }

  @Post(':id/recommendations/:recommendationId/accept')
  @TrainingAction('The agency studied accepts an open recommendation', ResearchProjectDto)
  @ApiParam(RECOMMENDATION_ID)
  async accept(@Param('id') id: string, @Param('recommendationId') recommendationId: string, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    const context = contextOf(principal, request, this.clock, ifMatch);
    return answered(response, await this.research.accept(projectIdOf(id), recommendationId, context, (agencyId) => canSeeTrainingOf(principal, agencyId)));
  }

  @Post(':id/recommendations/:recommendationId/reject')
  @TrainingAction('The agency studied rejects an open recommendation, saying why', ResearchProjectDto)
  @ApiParam(RECOMMENDATION_ID)
  async reject(@Param('id') id: string, @Param('recommendationId') recommendationId: string, @Body() body: ReasonDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    const context = contextOf(principal, request, this.clock, ifMatch);
    return answered(response, await this.research.reject(projectIdOf(id), recommendationId, body.reason, context, (agencyId) => canSeeTrainingOf(principal, agencyId)));
  }

  @Post(':id/recommendations/:recommendationId/implement')
  @TrainingAction('The agency studied marks an accepted recommendation implemented', ResearchProjectDto)
  @ApiParam(RECOMMENDATION_ID)
  async implement(@Param('id') id: string, @Param('recommendationId') recommendationId: string, @Body() body: ImplementRecommendationDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    const context = contextOf(principal, request, this.clock, ifMatch);
    return answered(response, await this.research.markImplemented(projectIdOf(id), recommendationId, body.note ?? null, context, (agencyId) => canSeeTrainingOf(principal, agencyId)));
  }
}
