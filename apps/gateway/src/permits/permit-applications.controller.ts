import { applyDecorators, Controller, Get, Inject, Post, Req, Res, Type } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE } from '@palembang/auth';
import type { Request, Response } from 'express';
import { Forwarded } from '../forwarding/forwarded.decorator';
import { ServiceProxy } from '../forwarding/service-proxy';
import { ApplicationDetailDto, ApplicationPageDto, ApplicationSummaryDto, ForgetResultDto, IssueDto, RejectDto, RequestRevisionDto, ResubmitDto, StartReviewDto, SubmitApplicationDto, WithdrawDto } from '@palembang/permits-api';

const STATUSES = ['submitted', 'revision-requested', 'verified', 'under-review', 'approved', 'issued', 'rejected', 'withdrawn'];
const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body gets the first answer again (Idempotent-Replayed: true); the same key with another body is a 422' };
const ID_PARAM = { name: 'id', description: 'applicationId', schema: { type: 'string', format: 'uuid' } } as const;
const ETAG = { ETag: { description: 'The stream version, for If-Match', schema: { type: 'string' } } };

/** What every lifecycle action documents. */
function Action(summary: string, body?: Type<unknown>): MethodDecorator {
  return applyDecorators(
    Forwarded(['permits:write'], 'own-agency', [400, 403, 404, 409, 412, 413, 422]),
    ApiOperation({ summary }),
    ApiParam(ID_PARAM),
    ...(body ? [ApiBody({ type: body })] : []),
    ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the version the change is based on; 412 when it is no longer current' }),
    ApiHeader(IDEMPOTENCY_KEY),
    ApiOkResponse({ type: ApplicationSummaryDto, description: 'The new state; ETag is its version', headers: ETAG }),
  );
}

/**
 * The permits service's permit applications, forwarded as they are: the
 * service applies the agency rules (another agency's application is a 404).
 */
@ApiTags('permit-applications')
@Controller('v1/permit-applications')
export class PermitApplicationsController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Post()
  @Forwarded(['permits:write'], 'own-agency', [400, 403, 409, 413, 422])
  @ApiOperation({ summary: "Submit an application; the permit type's agency must be the caller's unless it holds agencies:all" })
  @ApiBody({ type: SubmitApplicationDto })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: ApplicationSummaryDto, description: 'Location names the application, ETag is its version', headers: { Location: { schema: { type: 'string' } }, ...ETAG } })
  submit(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get()
  @Forwarded(['permits:read'], 'own-agency', [400, 403])
  @ApiOperation({ summary: "List applications, newest first; the caller's agency unless it holds agencies:all" })
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: STATUSES } })
  @ApiQuery({ name: 'overdue', required: false, description: 'Only applications whose SLA clock runs past its deadline (true) or not (false)', schema: { type: 'string', enum: ['true', 'false'] } })
  @ApiQuery({ name: 'agencyId', required: false, description: "Defaults to the caller's agency; another agency needs agencies:all", schema: { type: 'string', pattern: '^[a-z0-9-]{2,64}$' } })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page', schema: { type: 'string', maxLength: 200 } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } })
  @ApiOkResponse({ type: ApplicationPageDto })
  list(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get(':id')
  @Forwarded(['permits:read'], 'own-agency', [403, 404])
  @ApiOperation({ summary: "One application with its applicant's personal data and its timeline" })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ApplicationDetailDto, headers: ETAG })
  detail(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/request-revision')
  @Action('Ask the applicant for missing or corrected documents (pauses a running SLA clock)', RequestRevisionDto)
  requestRevision(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/resubmit')
  @Action('Hand in the revised documents', ResubmitDto)
  resubmit(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/verify')
  @Action('The completeness check passed: the SLA clock starts')
  verify(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/start-review')
  @Action('An officer starts the review', StartReviewDto)
  startReview(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/approve')
  @Action('Approve the application under review')
  approve(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/reject')
  @Action('Reject an undecided application', RejectDto)
  reject(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/issue')
  @Action('Issue the permit of an approved application', IssueDto)
  issue(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/withdraw')
  @Action('The applicant withdraws an undecided application', WithdrawDto)
  withdraw(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('applicants/:applicantId/forget')
  @Forwarded([ADMIN_SCOPE], 'own-agency', [400, 403, 404, 409, 413, 422])
  @ApiOperation({
    summary:
      'Forget an applicant (UU 27/2022): their personal fields read as erased everywhere; events, timeline and metrics stay. ' +
      "Only an applicant whom the caller's agency alone holds an application of (any with agencies:all): else 404 if it holds none, 409 if another agency holds one too; every request is audited",
  })
  @ApiParam({ name: 'applicantId', schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,100}$' } })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: ForgetResultDto })
  forget(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  private forward(request: Request, response: Response): Promise<void> {
    return this.proxy.forward('permits', request, response);
  }
}
