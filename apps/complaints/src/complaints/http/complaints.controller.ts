import { applyDecorators, Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, ALL_AGENCIES_SCOPE, AuthPrincipal, canActForAgency, forbidden, hasScope, Principal, RequireScopes } from '@palembang/auth';
import {
  ArchiveComplaintDto,
  ComplaintDetailDto,
  ComplaintPageDto,
  ComplaintSummaryDto,
  DeclineAuthorityDto,
  DisputeResolutionDto,
  ForgetReporterResultDto,
  ListComplaintsQueryDto,
  PublicUpdateDto,
  RerouteComplaintDto,
  ResolveComplaintDto,
  SubmitComplaintDto,
  VerifyComplaintDto,
} from '@palembang/complaints-api';
import { COMPLAINTS_DESK_AGENCY, ComplaintCommand } from '@palembang/complaints-domain';
import { AgencyRule, ApiAction, ApiIdempotencyKey, ApiProblems, correlationIdOf, ETAG_RESPONSE_HEADER, etagOf, expectedVersionFromIfMatch, pagingOf, ValidationProblemException, type HttpRequest, type HttpReply } from '@palembang/http';
import { Clock, isAfter } from '@palembang/working-days';
import { COMPLAINTS_CLOCK } from '../complaint-deadline-watcher';
import { runningDeadlineOf } from '../complaints-view';
import { complaintNotFound, ComplaintRequest, ComplaintsService, ExistingComplaint } from '../complaints.service';
import { checkComplaintId, submitComplaint, summaryOf } from './complaint-http';

type ActionCommand = Exclude<ComplaintCommand, { type: 'SubmitComplaint' | 'CheckDeadlines' | 'RecalculateDeadlines' }>;
type ActionData<T extends ActionCommand['type']> = Omit<Extract<ActionCommand, { type: T }>['data'], 'complaintId'>;
type HttpContext = { principal: AuthPrincipal; request: HttpRequest; response: HttpReply; ifMatch?: string };

const ID_PARAM = { name: 'id', description: 'complaintId', format: 'uuid' } as const;
const REPORTER_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** A lifecycle action on a complaint: complaints:write, documented as every action is. */
function Action(summary: string): MethodDecorator {
  return applyDecorators(
    RequireScopes('complaints:write'),
    ApiAction({ summary, response: ComplaintSummaryDto, parameters: [ID_PARAM], problems: [400, 401, 403, 404, 409, 412, 422, 503] }),
  );
}

/**
 * Complaints of the caller's agency (of every agency with agencies:all): the
 * complaints desk (dinas-kominfo) holds them until it routes them, then the
 * responsible agency; the desk keeps seeing them. Another agency's complaint
 * answers 404, like a missing one.
 */
@ApiTags('complaints')
@Controller('v1/complaints')
export class ComplaintsController {
  constructor(
    @Inject(ComplaintsService) private readonly complaints: ComplaintsService,
    @Inject(COMPLAINTS_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @AgencyRule('any-client')
  @RequireScopes('complaints:write')
  @ApiOperation({ summary: 'File a complaint, aspiration or information request; the complaints desk verifies it within 3 working days' })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ComplaintSummaryDto, description: 'Location names the complaint, ETag is its version', headers: { Location: { schema: { type: 'string' } }, ...ETAG_RESPONSE_HEADER } })
  @ApiProblems(400, 401, 403, 409, 422, 503)
  async submit(@Body() body: SubmitComplaintDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply): Promise<ComplaintSummaryDto> {
    const { complaint, version } = await submitComplaint(this.complaints, body, { principal, correlationId: correlationIdOf(request), now: this.clock() });
    response.header('Location', `/v1/complaints/${complaint.complaintId}`);
    response.header('ETag', etagOf(version));
    return summaryOf(complaint, version);
  }

  @Get()
  @AgencyRule('own-agency')
  @RequireScopes('complaints:read')
  @ApiOperation({ summary: "List complaints, newest first; the caller's agency unless it holds agencies:all" })
  @ApiOkResponse({ type: ComplaintPageDto })
  @ApiProblems(400, 401, 403, 503)
  async list(@Query() query: ListComplaintsQueryDto, @Principal() principal: AuthPrincipal): Promise<ComplaintPageDto> {
    const { after, limit } = pagingOf(query);
    if (query.agencyId !== undefined && !canSeeComplaintsOf(principal, query.agencyId)) throw forbidden("This client may list its own agency's complaints only.", 'AUTH.OTHER_AGENCY');
    const seesAll = hasScope(principal, ALL_AGENCIES_SCOPE) || principal.agencyId === COMPLAINTS_DESK_AGENCY;
    const agencyId = query.agencyId ?? (seesAll ? undefined : principal.agencyId);
    const overdue = query.overdue === undefined ? undefined : query.overdue === 'true';
    const page = await this.complaints.list({ agencyId, status: query.status, overdue, after, limit, now: this.clock() });
    return {
      items: page.items.map(({ open: _open, address: _address, location: _location, statusNotes: _notes, anonymous: _anonymous, ...item }) => item),
      nextCursor: page.nextCursor,
    };
  }

  @Get(':id')
  @AgencyRule('own-agency')
  @RequireScopes('complaints:read')
  @ApiOperation({ summary: 'One complaint with its public timeline; the reporter only when not anonymous' })
  @ApiParam({ name: 'id', description: ID_PARAM.description, schema: { type: 'string', format: ID_PARAM.format } })
  @ApiOkResponse({ type: ComplaintDetailDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(401, 403, 404, 503)
  async detail(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) response: HttpReply): Promise<ComplaintDetailDto> {
    const { complaint, submitted, reporter, timeline, version } = await this.complaints.get(checkComplaintId(id));
    ensureVisibleTo(principal, complaint);
    response.header('ETag', etagOf(version));
    const deadline = runningDeadlineOf(complaint);
    return {
      ...summaryOf(complaint, version),
      channel: complaint.channel,
      title: submitted.title,
      description: submitted.description,
      location: submitted.location,
      address: submitted.address,
      anonymous: complaint.anonymous,
      reporter: reporter as ComplaintDetailDto['reporter'],
      reopenCount: complaint.reopenCount,
      submittedAt: complaint.submittedAt,
      updatedAt: timeline[timeline.length - 1]?.at ?? complaint.submittedAt,
      overdue: deadline !== null && isAfter(this.clock(), deadline.at),
      timeline: timeline.map((entry) => ({ ...entry, details: { ...entry.details } })),
    };
  }

  @Post(':id/verify')
  @AgencyRule('own-agency')
  @Action('The complaints desk verifies the report and routes it to the responsible agency (follow-up deadline starts)')
  verify(@Param('id') id: string, @Body() body: VerifyComplaintDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('VerifyComplaint', id, { followUpKind: body.followUpKind ?? null, agencyId: body.agencyId ?? null }, { principal, request, response, ifMatch });
  }

  @Post(':id/archive')
  @AgencyRule('own-agency')
  @Action('The complaints desk archives an invalid report, or a duplicate linked to its original')
  async archive(@Param('id') id: string, @Body() body: ArchiveComplaintDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    const duplicateOf = body.duplicateOf?.toLowerCase() ?? null;
    if (duplicateOf !== null && !(await this.complaints.exists(duplicateOf))) {
      throw new ValidationProblemException([{ field: 'duplicateOf', message: 'duplicateOf must name an existing complaint' }]);
    }
    return this.act('ArchiveComplaint', id, { reason: body.reason, note: body.note, duplicateOf }, { principal, request, response, ifMatch });
  }

  @Post(':id/accept')
  @AgencyRule('own-agency')
  @Action('The responsible agency takes the complaint up')
  accept(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('AcceptComplaint', id, {}, { principal, request, response, ifMatch });
  }

  @Post(':id/decline')
  @AgencyRule('own-agency')
  @Action('The agency answers "not our authority": the complaint goes back to the desk to be re-routed')
  decline(@Param('id') id: string, @Body() body: DeclineAuthorityDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('DeclineAuthority', id, { reason: body.reason }, { principal, request, response, ifMatch });
  }

  @Post(':id/reroute')
  @AgencyRule('own-agency')
  @Action('The complaints desk routes a declined complaint to another agency (fresh follow-up deadline)')
  reroute(@Param('id') id: string, @Body() body: RerouteComplaintDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('RerouteComplaint', id, { agencyId: body.agencyId, followUpKind: body.followUpKind ?? null }, { principal, request, response, ifMatch });
  }

  @Post(':id/updates')
  @AgencyRule('own-agency')
  @Action('The responsible agency posts a public progress update')
  postUpdate(@Param('id') id: string, @Body() body: PublicUpdateDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('PostPublicUpdate', id, { message: body.message }, { principal, request, response, ifMatch });
  }

  @Post(':id/resolve')
  @AgencyRule('own-agency')
  @Action('The responsible agency answers the complaint; it closes by itself unless the citizen reacts in time')
  resolve(@Param('id') id: string, @Body() body: ResolveComplaintDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('ResolveComplaint', id, { response: body.response }, { principal, request, response, ifMatch });
  }

  @Post(':id/confirm')
  @AgencyRule('citizen-portal')
  @Action("The citizen (through the portal) confirms the resolution: closed. Not the answering agency's to send")
  confirm(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('ConfirmResolution', id, {}, { principal, request, response, ifMatch }, { citizenOnly: true });
  }

  @Post(':id/dispute')
  @AgencyRule('citizen-portal')
  @Action('The citizen (through the portal) disputes the resolution: reopened with a fresh follow-up deadline')
  dispute(@Param('id') id: string, @Body() body: DisputeResolutionDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('DisputeResolution', id, { reason: body.reason }, { principal, request, response, ifMatch }, { citizenOnly: true });
  }

  @Post('reporters/:reporterId/forget')
  @AgencyRule('own-agency')
  @HttpCode(200)
  @RequireScopes(ADMIN_SCOPE)
  @ApiOperation({
    summary:
      'Forget a reporter (UU 27/2022): their personal fields read as erased everywhere; complaints, timelines and metrics stay. ' +
      "Only a reporter whom the caller's agency alone holds a complaint of (the desk, then each agency it is routed to, unless anonymous; any with agencies:all): else 404 if it holds none, 409 if another agency holds one too; every request is audited",
  })
  @ApiParam({ name: 'reporterId', schema: { type: 'string', pattern: REPORTER_ID.source } })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: ForgetReporterResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 503)
  async forget(@Param('reporterId') reporterId: string, @Principal() principal: AuthPrincipal): Promise<ForgetReporterResultDto> {
    if (!REPORTER_ID.test(reporterId)) throw new ValidationProblemException([{ field: 'reporterId', message: 'reporterId must be 1-100 letters, digits or . _ : -' }]);
    return this.complaints.forgetReporter(reporterId, principal, this.clock());
  }

  /**
   * Reads the complaint for the agency check, then runs the command against the
   * version If-Match names (if any). The caller's agency goes into the command:
   * the rules let only the desk verify, archive and re-route, and only the
   * responsible agency accept, decline, update and resolve.
   */
  private async act<T extends ActionCommand['type']>(type: T, id: string, data: ActionData<T>, http: HttpContext, options: { citizenOnly?: boolean } = {}): Promise<ComplaintSummaryDto> {
    const expected = expectedVersionFromIfMatch(http.ifMatch);
    const { complaint: current } = await this.complaints.get(checkComplaintId(id));
    ensureVisibleTo(http.principal, current);
    if (options.citizenOnly && http.principal.agencyId === current.agencyId) {
      throw forbidden('The agency that answered a complaint cannot confirm or dispute its own answer; the citizen does, through the portal.', 'AUTH.NOT_THE_CITIZEN');
    }
    const { complaint, version } = await this.complaints.execute({ type, data: { ...data, complaintId: current.complaintId } } as ComplaintRequest, {
      actor: http.principal.clientId,
      agencyId: http.principal.agencyId,
      correlationId: correlationIdOf(http.request),
      now: this.clock(),
      expectedVersion: typeof expected === 'number' ? expected : undefined,
    });
    if (complaint.status === 'absent') throw complaintNotFound(current.complaintId);
    http.response.header('ETag', etagOf(version));
    return summaryOf(complaint, version);
  }
}

/**
 * Agency scoping of a single complaint: another agency's complaint answers 404
 * exactly like a missing one, so its existence does not leak. agencies:all sees
 * all, and so does the complaints desk, which oversees every complaint it routed;
 * what each may do to it is the complaint rules' to say (403).
 */
function ensureVisibleTo(principal: AuthPrincipal, complaint: ExistingComplaint): void {
  if (!canSeeComplaintsOf(principal, complaint.agencyId)) throw complaintNotFound(complaint.complaintId);
}

function canSeeComplaintsOf(principal: AuthPrincipal, agencyId: string): boolean {
  return principal.agencyId === COMPLAINTS_DESK_AGENCY || canActForAgency(principal, agencyId);
}
