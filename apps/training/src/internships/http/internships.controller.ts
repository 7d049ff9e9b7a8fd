import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, forbidden, Principal, RequireScopes } from '@palembang/auth';
import { AgencyRule, ApiIdempotencyKey, ApiProblems, ETAG_RESPONSE_HEADER, etagOf, type HttpRequest, type HttpReply } from '@palembang/http';
import { AgencyListQueryDto, EvaluateInternshipDto, InternshipDto, InternshipListDto, PlaceInternDto } from '@palembang/training-api';
import { Clock } from '@palembang/working-days';
import { canSeeTrainingOf, checkId, contextOf, listedAgencyOf, TRAINING_CLOCK, TrainingAction } from '../../shared/training-http';
import { InternshipAnswer, internshipNotFound, InternshipsService } from '../internships.service';

const internshipIdOf = (id: string): string => checkId(id, () => internshipNotFound(id));

function internshipDto({ internship, version }: InternshipAnswer): InternshipDto {
  const { internshipId, agencyId, partnerId, agreementId, studentId, supervisorNip, startsOn, endsOn, status } = internship;
  return { internshipId, agencyId, partnerId, agreementId, studentId, supervisorNip, startsOn, endsOn, status, score: internship.status === 'placed' ? null : internship.score, version };
}

function answered(response: HttpReply, answer: InternshipAnswer): InternshipDto {
  response.header('ETag', etagOf(answer.version));
  return internshipDto(answer);
}

/** Internships of partners' students at agencies: placed by the host or BKPSDM, evaluated by the host; seen by the host, BKPSDM and agencies:all. */
@ApiTags('training')
@AgencyRule('own-agency')
@Controller('v1/internships')
export class InternshipsController {
  constructor(
    @Inject(InternshipsService) private readonly internships: InternshipsService,
    @Inject(TRAINING_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @RequireScopes('training:write')
  @ApiOperation({ summary: "Place a partner's student at a host agency under an agreement covering internships" })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: InternshipDto, headers: { Location: { schema: { type: 'string' } }, ...ETAG_RESPONSE_HEADER } })
  @ApiProblems(400, 401, 403, 409, 413, 422, 503)
  async place(@Body() body: PlaceInternDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply): Promise<InternshipDto> {
    const placed = await this.internships.place(body, body.agencyId ?? principal.agencyId, contextOf(principal, request, this.clock));
    response.header('Location', `/v1/internships/${placed.internship.internshipId}`);
    return answered(response, placed);
  }

  @Get()
  @RequireScopes('training:read')
  @ApiOperation({ summary: "Internships hosted by the caller's agency (any agency for BKPSDM and agencies:all)" })
  @ApiOkResponse({ type: InternshipListDto })
  @ApiProblems(400, 401, 403, 503)
  async list(@Query() query: AgencyListQueryDto, @Principal() principal: AuthPrincipal): Promise<InternshipListDto> {
    const agencyId = listedAgencyOf(principal, query.agencyId, () => forbidden("This client may list its own agency's internships only.", 'AUTH.OTHER_AGENCY'));
    return { items: (await this.internships.hostedBy(agencyId, query.limit ?? 100)).map(internshipDto) };
  }

  @Get(':id')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'One internship (the student is named by id only)' })
  @ApiParam({ name: 'id', schema: { type: 'string' } })
  @ApiOkResponse({ type: InternshipDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(401, 403, 404, 503)
  async detail(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) response: HttpReply): Promise<InternshipDto> {
    return answered(response, await this.internships.visible(internshipIdOf(id), (agencyId) => canSeeTrainingOf(principal, agencyId)));
  }

  @Post(':id/evaluate')
  @TrainingAction('The host agency evaluates the intern (from the start day; again until completion)', InternshipDto)
  async evaluate(@Param('id') id: string, @Body() body: EvaluateInternshipDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    const context = contextOf(principal, request, this.clock, ifMatch);
    return answered(response, await this.internships.evaluate(internshipIdOf(id), body, context, (agencyId) => canSeeTrainingOf(principal, agencyId)));
  }

  @Post(':id/complete')
  @TrainingAction('The host agency completes an evaluated internship', InternshipDto)
  async complete(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    const context = contextOf(principal, request, this.clock, ifMatch);
    return answered(response, await this.internships.complete(internshipIdOf(id), context, (agencyId) => canSeeTrainingOf(principal, agencyId)));
  }
}
