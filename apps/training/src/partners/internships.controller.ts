import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, forbidden, Principal, RequireScopes } from '@palembang/auth';
import { ApiProblems, etagOf } from '@palembang/http';
import { AgencyListQueryDto, EvaluateInternshipDto, InternshipDto, PlaceInternDto } from '@palembang/training-api';
import { Internship, internshipDecider } from '@palembang/training-domain';
import { Clock } from '@palembang/working-days';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { Action, canSeeTrainingOf, checkId, CommandMetadataOf, contextOf, ETAG_HEADER, IDEMPOTENCY_KEY, notFound, seesAllTraining, TRAINING_CLOCK } from '../shared/http';
import { TrainingStore } from '../shared/training-store';
import { agreementTermsOf } from './partner-agreements';

const streamIdOf = (internshipId: string): string => `internship-${internshipId}`;
const internshipNotFound = (id: string) => notFound('INTERNSHIP.NOT_FOUND', `No internship ${id}`);
type ExistingInternship = Exclude<Internship, { status: 'absent' }>;

function internshipDto(internship: ExistingInternship, version: number): InternshipDto {
  const { internshipId, agencyId, partnerId, agreementId, studentId, supervisorNip, startsOn, endsOn, status } = internship;
  return { internshipId, agencyId, partnerId, agreementId, studentId, supervisorNip, startsOn, endsOn, status, score: internship.status === 'placed' ? null : internship.score, version };
}

/** Internships of partners' students at agencies: placed by the host or BKPSDM, evaluated by the host; seen by the host, BKPSDM and agencies:all. */
@ApiTags('training')
@Controller('v1/internships')
export class InternshipsController {
  private readonly decider = internshipDecider();

  constructor(
    @Inject(TrainingStore) private readonly store: TrainingStore,
    @Inject(TRAINING_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @RequireScopes('training:write')
  @ApiOperation({ summary: "Place a partner's student at a host agency under an agreement covering internships" })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: InternshipDto, headers: { Location: { schema: { type: 'string' } }, ...ETAG_HEADER } })
  @ApiProblems(400, 401, 403, 409, 413, 422, 503)
  async place(@Body() body: PlaceInternDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<InternshipDto> {
    const internshipId = `int-${randomUUID()}`;
    const context = contextOf(principal, request, this.clock);
    const agreement = await agreementTermsOf(this.store, body.partnerId, body.agreementId);
    const data = { internshipId, partnerId: body.partnerId, agreementId: body.agreementId, agreement, studentId: body.studentId, studentName: body.studentName, agencyId: body.agencyId ?? principal.agencyId, supervisorNip: body.supervisorNip, startsOn: body.startsOn, endsOn: body.endsOn };
    const { state, version } = await this.store.execute(this.decider, streamIdOf(internshipId), { type: 'PlaceIntern', data, metadata: CommandMetadataOf(context) }, context);
    response.setHeader('Location', `/v1/internships/${internshipId}`);
    response.setHeader('ETag', etagOf(version));
    return internshipDto(state as ExistingInternship, version);
  }

  @Get()
  @RequireScopes('training:read')
  @ApiOperation({ summary: "Internships hosted by the caller's agency (any agency for BKPSDM and agencies:all)" })
  @ApiOkResponse({ type: [InternshipDto] })
  @ApiProblems(400, 401, 403, 503)
  async list(@Query() query: AgencyListQueryDto, @Principal() principal: AuthPrincipal): Promise<{ items: InternshipDto[] }> {
    if (query.agencyId !== undefined && !canSeeTrainingOf(principal, query.agencyId)) throw forbidden("This client may list its own agency's internships only.", 'auth.other_agency');
    const agencyId = query.agencyId ?? (seesAllTraining(principal) ? null : principal.agencyId);
    const rows: Array<{ internship_id: string }> = await this.store.dataSource.query(
      `SELECT internship_id FROM training_internships WHERE ($1::text IS NULL OR agency_id = $1) ORDER BY starts_on DESC, internship_id LIMIT $2`,
      [agencyId, query.limit ?? 100],
    );
    const items: InternshipDto[] = [];
    for (const row of rows) {
      const { state, version } = await this.store.load(this.decider, streamIdOf(row.internship_id));
      if (state.status !== 'absent') items.push(internshipDto(state, version));
    }
    return { items };
  }

  @Get(':id')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'One internship (the student is named by id only)' })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiOkResponse({ type: InternshipDto, headers: ETAG_HEADER })
  @ApiProblems(401, 403, 404, 503)
  async detail(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) response: Response): Promise<InternshipDto> {
    const { internship, version } = await this.visible(id, principal);
    response.setHeader('ETag', etagOf(version));
    return internshipDto(internship, version);
  }

  @Post(':id/evaluate')
  @Action('The host agency evaluates the intern (from the start day; again until completion)', InternshipDto)
  evaluate(@Param('id') id: string, @Body() body: EvaluateInternshipDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.act(id, 'EvaluateInternship', { score: body.score, remarks: body.remarks }, principal, request, response, ifMatch);
  }

  @Post(':id/complete')
  @Action('The host agency completes an evaluated internship', InternshipDto)
  complete(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.act(id, 'CompleteInternship', {}, principal, request, response, ifMatch);
  }

  private async visible(id: string, principal: AuthPrincipal): Promise<{ internship: ExistingInternship; version: number }> {
    const { state, version } = await this.store.load(this.decider, streamIdOf(checkId(id, () => internshipNotFound(id))));
    if (state.status === 'absent' || !canSeeTrainingOf(principal, state.agencyId)) throw internshipNotFound(id);
    return { internship: state, version };
  }

  private async act(id: string, type: 'EvaluateInternship' | 'CompleteInternship', data: Record<string, unknown>, principal: AuthPrincipal, request: Request, response: Response, ifMatch?: string): Promise<InternshipDto> {
    const { internship } = await this.visible(id, principal);
    const context = contextOf(principal, request, this.clock, ifMatch);
    const command = { type, data: { ...data, internshipId: internship.internshipId }, metadata: CommandMetadataOf(context) } as never;
    const { state, version } = await this.store.execute(this.decider, streamIdOf(internship.internshipId), command, context);
    response.setHeader('ETag', etagOf(version));
    return internshipDto(state as ExistingInternship, version);
  }
}
