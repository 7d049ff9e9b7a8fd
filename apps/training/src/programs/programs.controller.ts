import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { ApiProblems, etagOf, ValidationProblemException } from '@palembang/http';
import { CohortDto, CohortSummaryListDto, CreateProgramDto, ListProgramsQueryDto, ProgramDto, ProgramPageDto, ReasonDto, ScheduleCohortDto, UpdateProgramDto } from '@palembang/training-api';
import { Clock } from '@palembang/working-days';
import type { Request, Response } from 'express';
import { cohortDtoOf, CohortsService } from '../cohorts/cohorts.service';
import { Action, checkId, contextOf, decodePosition, ETAG_HEADER, IDEMPOTENCY_KEY, IF_MATCH, TRAINING_CLOCK } from '../shared/http';
import { programDtoOf, programNotFound, ProgramsService } from './programs.service';

/**
 * The city's catalogue of competency development programs. The catalogue is read by every agency
 * (their staff enrol from it); only the owning agency changes or retires its program (403 otherwise).
 */
@ApiTags('training')
@Controller('v1/training-programs')
export class ProgramsController {
  constructor(
    @Inject(ProgramsService) private readonly programs: ProgramsService,
    @Inject(CohortsService) private readonly cohorts: CohortsService,
    @Inject(TRAINING_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @RequireScopes('training:write')
  @ApiOperation({ summary: "Add a program to the catalogue, owned by the caller's agency" })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: ProgramDto, headers: { Location: { schema: { type: 'string' } }, ...ETAG_HEADER } })
  @ApiProblems(400, 401, 403, 409, 413, 422, 503)
  async create(@Body() body: CreateProgramDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<ProgramDto> {
    const program = await this.programs.create(body, contextOf(principal, request, this.clock));
    response.setHeader('Location', `/v1/training-programs/${program.programId}`);
    response.setHeader('ETag', etagOf(program.version));
    return program;
  }

  @Get()
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'The catalogue, oldest first' })
  @ApiOkResponse({ type: ProgramPageDto })
  @ApiProblems(400, 401, 403, 503)
  list(@Query() query: ListProgramsQueryDto): Promise<ProgramPageDto> {
    if (query.cursor !== undefined && decodePosition(query.cursor) === null) throw new ValidationProblemException([{ field: 'cursor', message: 'cursor must be a nextCursor returned by this list' }]);
    return this.programs.list({ status: query.status, competencyArea: query.competencyArea, cursor: query.cursor, limit: query.limit ?? 20 });
  }

  @Get(':id')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'One program' })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiOkResponse({ type: ProgramDto, headers: ETAG_HEADER })
  @ApiProblems(401, 403, 404, 503)
  async detail(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<ProgramDto> {
    const { program, version } = await this.programs.get(checkId(id, () => programNotFound(id)));
    response.setHeader('ETag', etagOf(version));
    return programDtoOf(program, version);
  }

  @Patch(':id')
  @Action('Change the details given (the owning agency only); an update that changes nothing records nothing', ProgramDto)
  async update(@Param('id') id: string, @Body() body: UpdateProgramDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    const program = await this.programs.update(checkId(id, () => programNotFound(id)), body, contextOf(principal, request, this.clock, ifMatch));
    response.setHeader('ETag', etagOf(program.version));
    return program;
  }

  @Post(':id/retire')
  @Action('Retire the program: no new cohorts; credits already earned stay', ProgramDto)
  async retire(@Param('id') id: string, @Body() body: ReasonDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    const program = await this.programs.retire(checkId(id, () => programNotFound(id)), body.reason, contextOf(principal, request, this.clock, ifMatch));
    response.setHeader('ETag', etagOf(program.version));
    return program;
  }

  @Get(':id/cohorts')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'The cohorts of a program, earliest first' })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiOkResponse({ type: CohortSummaryListDto })
  @ApiProblems(401, 403, 404, 503)
  async cohortsOf(@Param('id') id: string): Promise<CohortSummaryListDto> {
    const { program } = await this.programs.get(checkId(id, () => programNotFound(id)));
    return { items: await this.cohorts.list(program.programId) };
  }

  @Post(':id/cohorts')
  @HttpCode(201)
  @RequireScopes('training:write')
  @ApiOperation({ summary: "Schedule a cohort of an active program, organised by the caller's agency" })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: CohortDto, headers: { Location: { schema: { type: 'string' } }, ...ETAG_HEADER } })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422, 503)
  async schedule(@Param('id') id: string, @Body() body: ScheduleCohortDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<CohortDto> {
    const { cohort, version } = await this.programs.scheduleCohort(checkId(id, () => programNotFound(id)), body, contextOf(principal, request, this.clock));
    response.setHeader('Location', `/v1/cohorts/${cohort.cohortId}`);
    response.setHeader('ETag', etagOf(version));
    return cohortDtoOf(cohort, version, principal);
  }
}
