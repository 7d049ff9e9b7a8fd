import { applyDecorators, Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, ALL_AGENCIES_SCOPE, AuthPrincipal, canActForAgency, forbidden, hasScope, Principal, RequireScopes } from '@palembang/auth';
import {
  AgencyRule,
  ApiAction,
  ApiIdempotencyKey,
  ApiProblems,
  correlationIdOf,
  ETAG_RESPONSE_HEADER,
  etagOf,
  expectedVersionFromIfMatch,
  isTrackingCodeCollision,
  newTrackingCode,
  pagingOf,
  problem,
  ProblemException,
  ValidationProblemException,
  HttpRequest,
  HttpReply,
} from '@palembang/http';
import { PermitApplicationCommand, PermitTypeCatalogue } from '@palembang/permits-domain';
import { CommandContext } from '@palembang/platform';
import { Clock } from '@palembang/working-days';
import { randomUUID } from 'node:crypto';
import { PERMITS_CLOCK } from '../deadline-watcher';
import { PermitApplicationRequest, PermitApplicationsService } from '../permit-applications.service';
import { PERMIT_TYPE_CATALOGUE } from '../permit-type-catalogue';
import { applicationNotFound, checkApplicationId, ensureVisibleTo, summaryOf } from './application-access';
import { ApplicationDetailDto, ApplicationPageDto, ApplicationSummaryDto, ForgetResultDto, ListApplicationsQueryDto, IssueDto, RejectDto, RequestRevisionDto, ResubmitDto, StartReviewDto, SubmitApplicationDto, WithdrawDto } from '@palembang/permits-api';

type ActionCommand = Exclude<PermitApplicationCommand, { type: 'SubmitApplication' | 'CheckDeadline' }>;
type ActionData<T extends ActionCommand['type']> = Omit<Extract<ActionCommand, { type: T }>['data'], 'applicationId'>;

const ID_PARAM = { name: 'id', description: 'applicationId', format: 'uuid' } as const;
const APPLICANT_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** A lifecycle action on an application: permits:write, documented as every action is. */
function Action(summary: string): MethodDecorator {
  return applyDecorators(
    RequireScopes('permits:write'),
    ApiAction({ summary, response: ApplicationSummaryDto, parameters: [ID_PARAM], problems: [400, 401, 403, 404, 409, 412, 422, 503] }),
  );
}

/**
 * Permit applications of the caller's agency (of every agency with agencies:all).
 * Another agency's application answers 404, exactly like a missing one.
 */
@ApiTags('permit-applications')
@AgencyRule('own-agency')
@Controller('v1/permit-applications')
export class PermitApplicationsController {
  constructor(
    @Inject(PermitApplicationsService) private readonly applications: PermitApplicationsService,
    @Inject(PERMIT_TYPE_CATALOGUE) private readonly permitTypes: PermitTypeCatalogue,
    @Inject(PERMITS_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @RequireScopes('permits:write')
  @ApiOperation({ summary: "Submit an application; the permit type's agency must be the caller's unless it holds agencies:all" })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ApplicationSummaryDto, description: 'Location names the application, ETag is its version', headers: { Location: { schema: { type: 'string' } }, ...ETAG_RESPONSE_HEADER } })
  @ApiProblems(400, 401, 403, 409, 422, 503)
  async submit(@Body() body: SubmitApplicationDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply): Promise<ApplicationSummaryDto> {
    const type = this.permitTypes.find(body.permitTypeCode);
    if (!type) {
      throw new ProblemException(problem(400, { code: 'PERMIT.UNKNOWN_TYPE', detail: `No permit type ${body.permitTypeCode}`, errors: [{ field: 'permitTypeCode', message: 'not a code of GET /v1/permit-types' }] }));
    }
    if (!canActForAgency(principal, type.agencyId)) throw forbidden(`Permit type ${type.code} belongs to another agency than this client's.`, 'AUTH.OTHER_AGENCY');
    const { applicant, documents, permitTypeCode } = body;
    const correlationId = correlationIdOf(request);
    for (let attempt = 1; ; attempt++) {
      const applicationId = randomUUID();
      try {
        const { application, version } = await this.applications.execute(
          { type: 'SubmitApplication', data: { applicationId, trackingCode: newTrackingCode(), permitTypeCode, applicant: { ...applicant, email: applicant.email ?? null }, documents } },
          { actor: principal.clientId, agencyId: type.agencyId, correlationId, now: this.clock() },
        );
        if (application.status === 'absent') throw applicationNotFound(applicationId);
        response.header('Location', `/v1/permit-applications/${applicationId}`);
        response.header('ETag', etagOf(version));
        return summaryOf(application, version);
      } catch (error) {
        // A tracking code drawn twice (about 1 in 2^45) violates the view's unique index; the transaction rolled back, draw again.
        if (attempt >= 3 || !isTrackingCodeCollision(error)) throw error;
      }
    }
  }

  @Get()
  @RequireScopes('permits:read')
  @ApiOperation({ summary: "List applications, newest first; the caller's agency unless it holds agencies:all" })
  @ApiOkResponse({ type: ApplicationPageDto })
  @ApiProblems(400, 401, 403, 503)
  async list(@Query() query: ListApplicationsQueryDto, @Principal() principal: AuthPrincipal): Promise<ApplicationPageDto> {
    const { after, limit } = pagingOf(query);
    if (query.agencyId !== undefined && !canActForAgency(principal, query.agencyId)) throw forbidden("This client may list its own agency's applications only.", 'AUTH.OTHER_AGENCY');
    const agencyId = query.agencyId ?? (hasScope(principal, ALL_AGENCIES_SCOPE) ? undefined : principal.agencyId);
    const overdue = query.overdue === undefined ? undefined : query.overdue === 'true';
    return this.applications.list({ agencyId, status: query.status, overdue, after, limit, now: this.clock() });
  }

  @Get(':id')
  @RequireScopes('permits:read')
  @ApiOperation({ summary: "One application with its applicant's personal data and its timeline" })
  @ApiParam({ name: 'id', description: ID_PARAM.description, schema: { type: 'string', format: ID_PARAM.format } })
  @ApiOkResponse({ type: ApplicationDetailDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(401, 403, 404, 503)
  async detail(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) response: HttpReply): Promise<ApplicationDetailDto> {
    const { application, applicant, timeline, version } = await this.applications.get(checkApplicationId(id));
    ensureVisibleTo(principal, application);
    response.header('ETag', etagOf(version));
    return { ...application, applicant, timeline, version } as unknown as ApplicationDetailDto;
  }

  @Post(':id/request-revision')
  @Action('Ask the applicant for missing or corrected documents (pauses a running SLA clock)')
  requestRevision(@Param('id') id: string, @Body() body: RequestRevisionDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('RequestRevision', id, { missingDocuments: body.missingDocuments, reason: body.reason }, { principal, request, response, ifMatch });
  }

  @Post(':id/resubmit')
  @Action('Hand in the revised documents')
  resubmit(@Param('id') id: string, @Body() body: ResubmitDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('ResubmitApplication', id, { documents: body.documents }, { principal, request, response, ifMatch });
  }

  @Post(':id/verify')
  @Action('The completeness check passed: the SLA clock starts')
  verify(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('VerifyApplication', id, {}, { principal, request, response, ifMatch });
  }

  @Post(':id/start-review')
  @Action('An officer starts the review')
  startReview(@Param('id') id: string, @Body() body: StartReviewDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('StartReview', id, { officerId: body.officerId }, { principal, request, response, ifMatch });
  }

  @Post(':id/approve')
  @Action('Approve the application under review')
  approve(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('ApproveApplication', id, {}, { principal, request, response, ifMatch });
  }

  @Post(':id/reject')
  @Action('Reject an undecided application')
  reject(@Param('id') id: string, @Body() body: RejectDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('RejectApplication', id, { reason: body.reason }, { principal, request, response, ifMatch });
  }

  @Post(':id/issue')
  @Action('Issue the permit of an approved application')
  issue(@Param('id') id: string, @Body() body: IssueDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('IssuePermit', id, { permitNumber: body.permitNumber }, { principal, request, response, ifMatch });
  }

  @Post(':id/withdraw')
  @Action('The applicant withdraws an undecided application')
  withdraw(@Param('id') id: string, @Body() body: WithdrawDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string) {
    return this.act('WithdrawApplication', id, { reason: body.reason ?? null }, { principal, request, response, ifMatch });
  }

  @Post('applicants/:applicantId/forget')
  @HttpCode(200)
  @RequireScopes(ADMIN_SCOPE)
  @ApiOperation({
    summary:
      "Forget an applicant (UU 27/2022): their personal fields read as erased everywhere; events, timeline and metrics stay. " +
      "Only an applicant whom the caller's agency alone holds an application of (any with agencies:all): else 404 if it holds none, 409 if another agency holds one too; every request is audited",
  })
  @ApiParam({ name: 'applicantId', schema: { type: 'string', pattern: APPLICANT_ID.source } })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: ForgetResultDto })
  @ApiProblems(400, 401, 403, 404, 409, 503)
  async forget(@Param('applicantId') applicantId: string, @Principal() principal: AuthPrincipal): Promise<ForgetResultDto> {
    if (!APPLICANT_ID.test(applicantId)) throw new ValidationProblemException([{ field: 'applicantId', message: 'applicantId must be 1-100 letters, digits or . _ : -' }]);
    return this.applications.forgetApplicant(applicantId, principal, this.clock());
  }

  /**
   * Checks the agency on the list view (no stream read, nothing unsealed),
   * then runs the command against the version If-Match names (if any).
   */
  private async act<T extends ActionCommand['type']>(
    type: T,
    id: string,
    data: ActionData<T>,
    http: { principal: AuthPrincipal; request: HttpRequest; response: HttpReply; ifMatch?: string },
  ): Promise<ApplicationSummaryDto> {
    const expected = expectedVersionFromIfMatch(http.ifMatch);
    const applicationId = checkApplicationId(id);
    const agencyId = await this.applications.agencyOf(applicationId);
    if (agencyId === undefined) throw applicationNotFound(applicationId);
    ensureVisibleTo(http.principal, { applicationId, agencyId });
    const context: CommandContext = {
      actor: http.principal.clientId,
      agencyId,
      correlationId: correlationIdOf(http.request),
      now: this.clock(),
      expectedVersion: typeof expected === 'number' ? expected : undefined,
    };
    const { application, version } = await this.applications.execute({ type, data: { ...data, applicationId } } as PermitApplicationRequest, context);
    if (application.status === 'absent') throw applicationNotFound(applicationId);
    http.response.header('ETag', etagOf(version));
    return summaryOf(application, version);
  }
}
