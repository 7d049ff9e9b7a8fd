import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { AgencyRule, ApiIdempotencyKey, ApiProblems, ETAG_RESPONSE_HEADER, etagOf, IF_MATCH_HEADER, pagingOf, type HttpRequest, type HttpReply } from '@palembang/http';
import { CohortDto, CohortSummaryListDto, CreateProgramDto, ListProgramsQueryDto, ProgramDto, ProgramPageDto, ReasonDto, ScheduleCohortDto, UpdateProgramDto } from '@palembang/training-api';
import { Clock } from '@palembang/working-days';
import { CohortsService } from '../../cohorts/cohorts.service';
import { cohortDtoOf } from '../../cohorts/http/cohort-answers';
import { checkId, contextOf, TRAINING_CLOCK, TRAINING_ID_PATTERN, TrainingAction } from '../../shared/training-http';
import { programDtoOf, programNotFound, ProgramsService } from '../programs.service';

const CREATED_HEADERS = { Location: { schema: { type: 'string' } }, ...ETAG_RESPONSE_HEADER };
const programIdOf = (id: string): string => checkId(id, () => programNotFound(id));

function withEtag<T extends { version: number }>(response: HttpReply, answer: T): T {
  response.header('ETag', etagOf(answer.version));
  return answer;
}

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
  @AgencyRule('own-agency')
  @RequireScopes('training:write')
  @ApiOperation({ summary: "Add a program to the catalogue, owned by the caller's agency" })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ProgramDto, headers: CREATED_HEADERS })
  @ApiProblems(400, 401, 403, 409, 413, 422, 503)
  async create(@Body() body: CreateProgramDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply): Promise<ProgramDto> {
    const program = await this.programs.create(body, contextOf(principal, request, this.clock));
    response.header('Location', `/v1/training-programs/${program.programId}`);
    return withEtag(response, program);
  }

  @Get()
  @AgencyRule('any-client')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'The catalogue, oldest first' })
  @ApiOkResponse({ type: ProgramPageDto })
  @ApiProblems(400, 401, 403, 503)
  list(@Query() query: ListProgramsQueryDto): Promise<ProgramPageDto> {
    const { after, limit } = pagingOf(query, TRAINING_ID_PATTERN);
    return this.programs.list({ status: query.status, competencyArea: query.competencyArea, after, limit });
  }

  @Get(':id')
  @AgencyRule('any-client')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'One program' })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiOkResponse({ type: ProgramDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(401, 403, 404, 503)
  async detail(@Param('id') id: string, @Res({ passthrough: true }) response: HttpReply): Promise<ProgramDto> {
    const { program, version } = await this.programs.get(programIdOf(id));
    return withEtag(response, programDtoOf(program, version));
  }

  @Patch(':id')
  @AgencyRule('own-agency')
  @TrainingAction('Change the details given (the owning agency only); an update that changes nothing records nothing', ProgramDto)
  async update(@Param('id') id: string, @Body() body: UpdateProgramDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return withEtag(response, await this.programs.update(programIdOf(id), body, contextOf(principal, request, this.clock, ifMatch)));
  }

  @Post(':id/retire')
  @AgencyRule('own-agency')
  @TrainingAction('Retire the program: no new cohorts; credits already earned stay', ProgramDto)
  async retire(@Param('id') id: string, @Body() body: ReasonDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return withEtag(response, await this.programs.retire(programIdOf(id), body.reason, contextOf(principal, request, this.clock, ifMatch)));
  }

  @Get(':id/cohorts')
  @AgencyRule('any-client')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'The cohorts of a program, earliest first' })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiOkResponse({ type: CohortSummaryListDto })
  @ApiProblems(401, 403, 404, 503)
  async cohortsOf(@Param('id') id: string): Promise<CohortSummaryListDto> {
    const { program } = await this.programs.get(programIdOf(id));
    return { items: await this.cohorts.list(program.programId) };
  }

  @Post(':id/cohorts')
  @AgencyRule('any-client')
  @HttpCode(201)
  @RequireScopes('training:write')
  @ApiOperation({ summary: "Schedule a cohort of an active program, organised by the caller's agency" })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiIdempotencyKey()
  @ApiHeader(IF_MATCH_HEADER)
  @ApiCreatedResponse({ type: CohortDto, headers: CREATED_HEADERS })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422, 503)
  async schedule(@Param('id') id: string, @Body() body: ScheduleCohortDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply): Promise<CohortDto> {
    const { program } = await this.programs.get(programIdOf(id));
    const scheduled = await this.cohorts.schedule(program, body, contextOf(principal, request, this.clock));
    response.header('Location', `/v1/cohorts/${scheduled.cohort.cohortId}`);
    return cohortDtoOf(withEtag(response, scheduled), principal);
  }
}
