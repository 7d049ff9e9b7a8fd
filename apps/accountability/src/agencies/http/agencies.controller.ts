import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AgencyDto, AgencyPageDto, ListAgenciesQueryDto, REGISTER_AGENCY_ID, RegisterAgencyDto, RetireAgencyDto, UpdateAgencyDto } from '@palembang/accountability-api';
import { ADMIN_SCOPE, ALL_AGENCIES_SCOPE, Authenticated, AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { AgencyRule, ApiIdempotencyKey, ApiProblems, correlationIdOf, ETAG_RESPONSE_HEADER, etagOf, expectedVersionFromIfMatch, IF_MATCH_HEADER, pagingOf, type HttpReply, type HttpRequest } from '@palembang/http';
import { CommandContext } from '@palembang/platform';
import { Clock } from '@palembang/working-days';
import { ACCOUNTABILITY_CLOCK } from '../../metrics/metrics-reader';
import { agencyNotFound, AgenciesService } from '../agencies.service';

const AGENCY_PARAMETER = { name: 'agencyId', schema: { type: 'string', pattern: REGISTER_AGENCY_ID.source, maxLength: 60 } } as const;

/** An id that cannot name an agency is simply not found. */
function agencyIdOf(id: string): string {
  if (id.length > 60 || !REGISTER_AGENCY_ID.test(id)) throw agencyNotFound(id);
  return id;
}

function withEtag(response: HttpReply, agency: AgencyDto): AgencyDto {
  response.header('ETag', etagOf(agency.version));
  return agency;
}

/**
 * The register of the city's agencies (OPD): read by every client with a valid token (dashboards show the
 * names, services and the gateway check that records name a registered agency); changed only by a
 * city administrator, holding admin and agencies:all.
 */
@ApiTags('agencies')
@Controller('v1/agencies')
export class AgenciesController {
  constructor(
    @Inject(AgenciesService) private readonly agencies: AgenciesService,
    @Inject(ACCOUNTABILITY_CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @AgencyRule('any-client')
  @Authenticated()
  @ApiOperation({ summary: 'The register, in the order agencies were registered (active ones unless status=retired)' })
  @ApiOkResponse({ type: AgencyPageDto })
  @ApiProblems(400, 401, 503)
  list(@Query() query: ListAgenciesQueryDto): Promise<AgencyPageDto> {
    const { after, limit } = pagingOf(query, REGISTER_AGENCY_ID);
    return this.agencies.list({ kind: query.kind, status: query.status, after, limit });
  }

  @Get(':agencyId')
  @AgencyRule('any-client')
  @Authenticated()
  @ApiOperation({ summary: 'One agency of the register, active or retired' })
  @ApiParam(AGENCY_PARAMETER)
  @ApiOkResponse({ type: AgencyDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(401, 404, 503)
  async detail(@Param('agencyId') id: string, @Res({ passthrough: true }) response: HttpReply): Promise<AgencyDto> {
    return withEtag(response, await this.agencies.get(agencyIdOf(id)));
  }

  @Post()
  @AgencyRule('cross-agency-only')
  @RequireScopes(ADMIN_SCOPE, ALL_AGENCIES_SCOPE)
  @ApiOperation({ summary: 'Register an agency (city administrators: admin and agencies:all)' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: AgencyDto, headers: { Location: { schema: { type: 'string' } }, ...ETAG_RESPONSE_HEADER } })
  @ApiProblems(400, 401, 403, 409, 413, 422, 503)
  async register(@Body() body: RegisterAgencyDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply): Promise<AgencyDto> {
    const agency = await this.agencies.register(body, this.contextOf(principal, request));
    response.header('Location', `/v1/agencies/${agency.agencyId}`);
    return withEtag(response, agency);
  }

  @Patch(':agencyId')
  @AgencyRule('cross-agency-only')
  @RequireScopes(ADMIN_SCOPE, ALL_AGENCIES_SCOPE)
  @ApiOperation({ summary: 'Change the name, short name or kind given; a change that changes nothing records nothing' })
  @ApiParam(AGENCY_PARAMETER)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: AgencyDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 503)
  async update(@Param('agencyId') id: string, @Body() body: UpdateAgencyDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<AgencyDto> {
    return withEtag(response, await this.agencies.update(agencyIdOf(id), body, this.contextOf(principal, request, ifMatch)));
  }

  @Post(':agencyId/retire')
  @HttpCode(200)
  @AgencyRule('cross-agency-only')
  @RequireScopes(ADMIN_SCOPE, ALL_AGENCIES_SCOPE)
  @ApiOperation({ summary: 'Retire an agency (merged or dissolved): new records may not name it; its history and figures stay' })
  @ApiParam(AGENCY_PARAMETER)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: AgencyDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 503)
  async retire(@Param('agencyId') id: string, @Body() body: RetireAgencyDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<AgencyDto> {
    return withEtag(response, await this.agencies.retire(agencyIdOf(id), body.reason, this.contextOf(principal, request, ifMatch)));
  }

  private contextOf(principal: AuthPrincipal, request: HttpRequest, ifMatch?: string): CommandContext {
    const expected = expectedVersionFromIfMatch(ifMatch);
    return {
      agencyId: principal.agencyId,
      allAgencies: true,
      actor: principal.clientId,
      correlationId: correlationIdOf(request),
      now: this.clock(),
      expectedVersion: typeof expected === 'number' ? expected : undefined,
    };
  }
}
