import { applyDecorators, Controller, Get, Inject, Post, Req, Res, Type } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE } from '@palembang/auth';
import { ApiAction, ApiIdempotencyKey, ETAG_RESPONSE_HEADER } from '@palembang/http';
import type { Request, Response } from 'express';
import { Forwarded } from '../forwarding/forwarded.decorator';
import { ForwardedQuery } from '../forwarding/forwarded-query.decorator';
import { ServiceProxy } from '../forwarding/service-proxy';
import { ApplicationDetailDto, ApplicationPageDto, ApplicationSummaryDto, ForgetResultDto, IssueDto, ListApplicationsQueryDto, RejectDto, RequestRevisionDto, ResubmitDto, StartReviewDto, SubmitApplicationDto, WithdrawDto } from '@palembang/permits-api';

const ID_PARAM = { name: 'id', description: 'applicationId', format: 'uuid' } as const;
const ACTION_PROBLEMS = [400, 403, 404, 409, 412, 413, 422];

/** A lifecycle action, forwarded: permits:write on the caller's agency's application, documented as every action is. */
function Action(summary: string, body?: Type<unknown>): MethodDecorator {
  return applyDecorators(
    Forwarded(['permits:write'], 'own-agency', ACTION_PROBLEMS),
    ApiAction({ summary, response: ApplicationSummaryDto, parameters: [ID_PARAM], problems: [] }), // Forwarded documents them, with the gateway's own
    ...(body ? [ApiBody({ type: body })] : []),
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
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ApplicationSummaryDto, description: 'Location names the application, ETag is its version', headers: { Location: { schema: { type: 'string' } }, ...ETAG_RESPONSE_HEADER } })
  submit(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get()
  @Forwarded(['permits:read'], 'own-agency', [400, 403])
  @ApiOperation({ summary: "List applications, newest first; the caller's agency unless it holds agencies:all" })
  @ForwardedQuery(ListApplicationsQueryDto)
  @ApiOkResponse({ type: ApplicationPageDto })
  list(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get(':id')
  @Forwarded(['permits:read'], 'own-agency', [403, 404])
  @ApiOperation({ summary: "One application with its applicant's personal data and its timeline" })
  @ApiParam({ name: 'id', description: ID_PARAM.description, schema: { type: 'string', format: ID_PARAM.format } })
  @ApiOkResponse({ type: ApplicationDetailDto, headers: ETAG_RESPONSE_HEADER })
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
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: ForgetResultDto })
  forget(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  private forward(request: Request, response: Response): Promise<void> {
    return this.proxy.forward('permits', request, response);
  }
}
