import { applyDecorators, Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, ALL_AGENCIES_SCOPE, AuthPrincipal, canActForAgency, forbidden, hasScope, Principal, RequireScopes } from '@palembang/auth';
import { ApiProblems, correlationIdOf, decodeCursor, etagOf, expectedVersionFromIfMatch, isTrackingCodeCollision, newTrackingCode, problem, ProblemException, ValidationProblemException } from '@palembang/http';
import { PermitApplicationCommand, PermitTypeCatalogue } from '@palembang/permits-domain';
import { Clock } from '@palembang/working-days';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { PERMITS_CLOCK } from '../deadline-watcher';
import { PermitApplicationsService } from '../permit-applications.service';
import { PERMIT_TYPE_CATALOGUE } from '../permit-type-catalogue';
import { applicationNotFound, checkApplicationId, ensureVisibleTo, summaryOf } from './application-access';
import { ListApplicationsQuery } from './list-applications.query';
import { ApplicationDetailDto, ApplicationPageDto, ApplicationSummaryDto, ForgetResultDto, IssueDto, RejectDto, RequestRevisionDto, ResubmitDto, StartReviewDto, SubmitApplicationDto, WithdrawDto } from '@palembang/permits-api';

type ActionCommand = Exclude<PermitApplicationCommand, { type: 'SubmitApplication' | 'CheckDeadline' }>;
type ActionData<T extends ActionCommand['type']> = Omit<Extract<ActionCommand, { type: T }>['data'], 'applicationId'>;

const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body gets the first answer again; the same key with another body is a 422' };
const ID_PARAM = { name: 'id', description: 'applicationId', schema: { type: 'string', format: 'uuid' } } as const;
const APPLICANT_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** What every lifecycle action documents. */
function Action(summary: string): MethodDecorator {
  return applyDecorators(
    HttpCode(200),
    RequireScopes('permits:write'),
    ApiOperation({ summary }),
    ApiParam(ID_PARAM),
    ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the version the change is based on; 412 when it is no longer current' }),
    ApiHeader(IDEMPOTENCY_KEY),
    ApiOkResponse({ type: ApplicationSummaryDto, description: 'The new state; ETag is its version', headers: { ETag: { schema: { type: 'string' } } } }),
    ApiProblems(400, 401, 403, 404, 409, 412, 422, 503),
  );
}

/**
 * Permit applications of the caller's agency (of every agency with agencies:all).
 * Another agency's application answers 404, exactly like a missing one.
 */
@ApiTags('permit-applications')
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
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: ApplicationSummaryDto, description: 'Location names the application, ETag is its version', headers: { Location: { schema: { type: 'string' } }, ETag: { schema: { type: 'string' } } } })
  @ApiProblems(400, 401, 403, 409, 422, 503)
  async submit(@Body() body: SubmitApplicationDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<ApplicationSummaryDto> {
    const type = this.permitTypes.find(body.permitTypeCode);
    if (!type) {
      throw new ProblemException(problem(400, { code: 'PERMIT.UNKNOWN_TYPE', detail: `No permit type ${body.permitTypeCode}`, errors: [{ field: 'permitTypeCode', message: 'not a code of GET /v1/permit-types' }] }));
    }
    if (!canActForAgency(principal, type.agencyId)) throw forbidden(`Permit type ${type.code} belongs to another agency than this client's.`, 'auth.other_agency');
    const { applicant, documents, permitTypeCode } = body;
    const correlationId = correlationIdOf(request);
    for (let attempt = 1; ; attempt++) {
      const applicationId = randomUUID();
      try {
        const { application, version } = await this.applications.execute(
          {
            type: 'SubmitApplication',
            data: { applicationId, trackingCode: newTrackingCode(), permitTypeCode, applicant: { ...applicant, email: applicant.email ?? null }, documents },
            metadata: { now: this.clock(), agencyId: type.agencyId, actor: principal.clientId, correlationId },
          },
          { actor: principal.clientId, agencyId: type.agencyId, correlationId },
        );
        if (application.status === 'absent') throw applicationNotFound(applicationId);
        response.setHeader('Location', `/v1/permit-applications/${applicationId}`);
        response.setHeader('ETag', etagOf(version));
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
  async list(@Query() query: ListApplicationsQuery, @Principal() principal: AuthPrincipal): Promise<ApplicationPageDto> {
    if (query.cursor !== undefined && decodeCursor(query.cursor) === null) {
      throw new ValidationProblemException([{ field: 'cursor', message: 'cursor must be a nextCursor returned by this list' }]);
    }
    if (query.agencyId !== undefined && !canActForAgency(principal, query.agencyId)) throw forbidden("This client may list its own agency's applications only.", 'auth.other_agency');
    const agencyId = query.agencyId ?? (hasScope(principal, ALL_AGENCIES_SCOPE) ? undefined : principal.agencyId);
    const overdue = query.overdue === undefined ? undefined : query.overdue === 'true';
    const page = await this.applications.list({ agencyId, status: query.status, overdue, after: query.cursor, limit: query.limit ?? 20, now: this.clock() });
    return { items: page.items, nextCursor: page.next };
  }

  @Get(':id')
  @RequireScopes('permits:read')
  @ApiOperation({ summary: "One application with its applicant's personal data and its timeline" })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ApplicationDetailDto, headers: { ETag: { description: 'The stream version, for If-Match', schema: { type: 'string' } } } })
  @ApiProblems(401, 403, 404, 503)
  async detail(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Res({ passthrough: true }) response: Response): Promise<ApplicationDetailDto> {
    const { application, applicant, timeline, version } = await this.applications.get(checkApplicationId(id));
    ensureVisibleTo(principal, application);
    response.setHeader('ETag', etagOf(version));
    return { ...application, applicant, timeline, version } as unknown as ApplicationDetailDto;
  }

  @Post(':id/request-revision')
  @Action('Ask the applicant for missing or corrected documents (pauses a running SLA clock)')
  requestRevision(@Param('id') id: string, @Body() body: RequestRevisionDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.act('RequestRevision', id, { missingDocuments: body.missingDocuments, reason: body.reason }, { principal, request, response, ifMatch });
  }

  @Post(':id/resubmit')
  @Action('Hand in the revised documents')
  resubmit(@Param('id') id: string, @Body() body: ResubmitDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.act('ResubmitApplication', id, { documents: body.documents }, { principal, request, response, ifMatch });
  }

  @Post(':id/verify')
  @Action('The completeness check passed: the SLA clock starts')
  verify(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.act('VerifyApplication', id, {}, { principal, request, response, ifMatch });
  }

  @Post(':id/start-review')
  @Action('An officer starts the review')
  startReview(@Param('id') id: string, @Body() body: StartReviewDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.act('StartReview', id, { officerId: body.officerId }, { principal, request, response, ifMatch });
  }

  @Post(':id/approve')
  @Action('Approve the application under review')
  approve(@Param('id') id: string, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.act('ApproveApplication', id, {}, { principal, request, response, ifMatch });
  }

  @Post(':id/reject')
  @Action('Reject an undecided application')
  reject(@Param('id') id: string, @Body() body: RejectDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.act('RejectApplication', id, { reason: body.reason }, { principal, request, response, ifMatch });
  }

  @Post(':id/issue')
  @Action('Issue the permit of an approved application')
  issue(@Param('id') id: string, @Body() body: IssueDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
    return this.act('IssuePermit', id, { permitNumber: body.permitNumber }, { principal, request, response, ifMatch });
  }

  @Post(':id/withdraw')
  @Action('The applicant withdraws an undecided application')
  withdraw(@Param('id') id: string, @Body() body: WithdrawDto, @Principal() principal: AuthPrincipal, @Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers('if-match') ifMatch?: string) {
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
  @ApiHeader(IDEMPOTENCY_KEY)
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
    http: { principal: AuthPrincipal; request: Request; response: Response; ifMatch?: string },
  ): Promise<ApplicationSummaryDto> {
    const expected = expectedVersionFromIfMatch(http.ifMatch);
    const applicationId = checkApplicationId(id);
    const agencyId = await this.applications.agencyOf(applicationId);
    if (agencyId === undefined) throw applicationNotFound(applicationId);
    ensureVisibleTo(http.principal, { applicationId, agencyId });
    const correlationId = correlationIdOf(http.request);
    const command = { type, data: { ...data, applicationId }, metadata: { now: this.clock(), agencyId, actor: http.principal.clientId, correlationId } } as ActionCommand;
    const { application, version } = await this.applications.execute(command, {
      actor: http.principal.clientId,
      agencyId,
      correlationId,
      expectedVersion: typeof expected === 'number' ? expected : undefined,
    });
    if (application.status === 'absent') throw applicationNotFound(applicationId);
    http.response.setHeader('ETag', etagOf(version));
    return summaryOf(application, version);
  }
}
