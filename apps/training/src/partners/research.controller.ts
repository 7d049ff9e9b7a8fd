import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, forbidden, Principal, RequireScopes } from '@palembang/auth';
import { EventEnvelope } from '@palembang/events';
import { ApiProblems, etagOf } from '@palembang/http';
import { AddRecommendationDto, AgencyListQueryDto, FindingsDto, ImplementRecommendationDto, ProposeResearchDto, ReasonDto, ResearchProjectDto } from '@palembang/training-api';
import { ResearchProject, researchDecider } from '@palembang/training-domain';
import { Clock } from '@palembang/working-days';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { Action, canSeeTrainingOf, checkId, CommandMetadataOf, contextOf, ETAG_HEADER, IDEMPOTENCY_KEY, notFound, seesAllTraining, TRAINING_CLOCK } from '../shared/http';
import { TrainingStore } from '../shared/training-store';
import { agreementTermsOf } from './partner-agreements';

const streamIdOf = (projectId: string): string => `research-${projectId}`;
const projectNotFound = (id: string) => notFound('RESEARCH.NOT_FOUND', `No research project ${id}`);
type ExistingProject = Exclude<ResearchProject, { status: 'absent' }>;
type Answer = 'AcceptRecommendation' | 'RejectRecommendation' | 'MarkRecommendationImplemented';

function projectDto(project: ExistingProject, envelopes: readonly EventEnvelope[], version: number): ResearchProjectDto {
  const texts = new Map<string, string>();
  let findings: string | null = null;
  for (const envelope of envelopes) {
    const data = envelope.data as { recommendationId?: string; text?: string; summary?: string };
    if (envelope.type === 'RecommendationAdded' && data.recommendationId) texts.set(data.recommendationId, String(data.text));
    if (envelope.type === 'ResearchFindingsRecorded') findings = String(data.summary);
  }
  const statuses = project.status === 'reported' ? project.recommendations : {};
  return {
    projectId: project.projectId, agencyId: project.agencyId, partnerId: project.partnerId, agreementId: project.agreementId, title: project.title, kind: project.kind, status: project.status, findings,
    recommendations: Object.entries(statuses).map(([recommendationId, status]) => ({ recommendationId, text: texts.get(recommendationId) ?? '', status })),
    version,
  };
}

/**
 * Research by partners into agencies' services (satisfaction studies and the like), whose recommendations
 * go to the agency studied. Seen by that agency, BKPSDM and agencies:all; 404 otherwise.
 */
@ApiTags('training')
@Controller('v1/research-projects')
export class ResearchController {
  private readonly decider = researchDecider();

  constructor(
    @Inject(TrainingStore) private readonly store: TrainingStore,
    @Inject(TRAINING_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @RequireScopes('training:write')
  @ApiOperation({ summary: "Propose a partner's study of an agency's service under an agreement covering research (the agency or BKPSDM)" })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: ResearchProjectDto, headers: { Location: { schema: { type: 'string' } }, ...ETAG_HEADER } })
  @ApiProblems(400, 401, 403, 409, 413, 422, 503)
  async propose(@Body() body: ProposeResearchDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<ResearchProjectDto> {
    const projectId = `rsc-${randomUUID()}`;
    const context = contextOf(principal, request, this.clock);
    const agreement = await agreementTermsOf(this.store, body.partnerId, body.agreementId);
    const data = { projectId, partnerId: body.partnerId, agreementId: body.agreementId, agreement, agencyId: body.agencyId ?? principal.agencyId, title: body.title, kind: body.kind };
    await this.store.execute(this.decider, streamIdOf(projectId), { type: 'ProposeResearch', data, metadata: CommandMetadataOf(context) }, context);
    const { project, envelopes, version } = await this.load(projectId);
    response.setHeader('Location', `/v1/research-projects/${projectId}`);
    response.setHeader('ETag', etagOf(version));
    return projectDto(project, envelopes, version);
  }

  @Get()
  @RequireScopes('training:read')
  @ApiOperation({ summary: "Research projects studying the caller's agency (any for BKPSDM and agencies:all)" })
  @ApiOkResponse({ type: [ResearchProjectDto] })
  @ApiProblems(400, 401, 403, 503)
  async list(@Query() query: AgencyListQueryDto, @Principal() principal: AuthPrincipal): Promise<{ items: ResearchProjectDto[] }> {
    if (query.agencyId !== undefined && !canSeeTrainingOf(principal, query.agencyId)) throw forbidden("This client may list its own agency's research only.", 'auth.other_agency');
    const agencyId = query.agencyId ?? (seesAllTraining(principal) ? null : principal.agencyId);
    const rows: Array<{ project_id: string }> = await this.store.dataSource.query(
      `SELECT project_id FROM training_research_projects WHERE ($1::text IS NULL OR agency_id = $1) ORDER BY proposed_at DESC, project_id LIMIT $2`,
      [agencyId, query.limit ?? 100],
    );
    const items: ResearchProjectDto[] = [];
    for (const row of rows) {
      const { project, envelopes, version } = await this.load(row.project_id);
      items.push(projectDto(project, envelopes, version));
    }
    return { items };
  }

  @Get(':id')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'One research project with its findings and recommendations' })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiOkResponse({ type: ResearchProjectDto, headers: ETAG_HEADER })
  @ApiProblems(401, 403, 404, 503)
  async detail(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) response: Response): Promise<ResearchProjectDto> {
    const { project, envelopes, version } = await this.visible(id, principal);
    response.setHeader('ETag', etagOf(version));
    return projectDto(project, envelopes, version);
  }

  @Post(':id/findings')
  @Action('Record the findings (the agency studied or BKPSDM)', ResearchProjectDto)
  findings(@Param('id') id: string, @Body() body: FindingsDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.act(id, 'RecordFindings', { summary: body.summary }, principal, request, response, ifMatch);
  }

  @Post(':id/recommendations')
  @Action('Add a recommendation to the agency studied (after the findings)', ResearchProjectDto)
  recommend(@Param('id') id: string, @Body() body: AddRecommendationDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.act(id, 'AddRecommendation', { recommendationId: `rec-${randomUUID()}`, text: body.text }, principal, request, response, ifMatch);
  }

  @Post(':id/recommendations/:recommendationId/accept')
  @Action('The agency studied accepts an open recommendation', ResearchProjectDto)
  @ApiParam({ name: 'recommendationId', schema: { type: 'string' } })
  accept(@Param('id') id: string, @Param('recommendationId') recommendationId: string, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.answer(id, 'AcceptRecommendation', { recommendationId }, principal, request, response, ifMatch);
  }

  @Post(':id/recommendations/:recommendationId/reject')
  @Action('The agency studied rejects an open recommendation, saying why', ResearchProjectDto)
  @ApiParam({ name: 'recommendationId', schema: { type: 'string' } })
  reject(@Param('id') id: string, @Param('recommendationId') recommendationId: string, @Body() body: ReasonDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.answer(id, 'RejectRecommendation', { recommendationId, reason: body.reason }, principal, request, response, ifMatch);
  }

  @Post(':id/recommendations/:recommendationId/implement')
  @Action('The agency studied marks an accepted recommendation implemented', ResearchProjectDto)
  @ApiParam({ name: 'recommendationId', schema: { type: 'string' } })
  implement(@Param('id') id: string, @Param('recommendationId') recommendationId: string, @Body() body: ImplementRecommendationDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.answer(id, 'MarkRecommendationImplemented', { recommendationId, note: body.note ?? null }, principal, request, response, ifMatch);
  }

  private answer(id: string, type: Answer, data: Record<string, unknown>, principal: AuthPrincipal, request: Request, response: Response, ifMatch?: string) {
    return this.act(id, type, data, principal, request, response, ifMatch);
  }

  private async load(projectId: string): Promise<{ project: ExistingProject; envelopes: EventEnvelope[]; version: number }> {
    const { state, envelopes, version } = await this.store.load(this.decider, streamIdOf(projectId));
    if (state.status === 'absent') throw projectNotFound(projectId);
    return { project: state, envelopes, version };
  }

  private async visible(id: string, principal: AuthPrincipal) {
    const loaded = await this.load(checkId(id, () => projectNotFound(id)));
    if (!canSeeTrainingOf(principal, loaded.project.agencyId)) throw projectNotFound(id);
    return loaded;
  }

  private async act(id: string, type: 'RecordFindings' | 'AddRecommendation' | Answer, data: Record<string, unknown>, principal: AuthPrincipal, request: Request, response: Response, ifMatch?: string): Promise<ResearchProjectDto> {
    const { project } = await this.visible(id, principal);
    const context = contextOf(principal, request, this.clock, ifMatch);
    const command = { type, data: { ...data, projectId: project.projectId }, metadata: CommandMetadataOf(context) } as never;
    await this.store.execute(this.decider, streamIdOf(project.projectId), command, context);
    const { project: after, envelopes, version } = await this.load(project.projectId);
    response.setHeader('ETag', etagOf(version));
    return projectDto(after, envelopes, version);
  }
}
