import { applyDecorators, Controller, Get, Inject, Post, Req, Res, Type } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE } from '@palembang/auth';
import { ApiAction, ApiIdempotencyKey, ETAG_RESPONSE_HEADER } from '@palembang/http';
import {
  ArchiveComplaintDto,
  ComplaintCategoryListDto,
  ComplaintDetailDto,
  ComplaintPageDto,
  ComplaintSummaryDto,
  ComplaintTrackingDto,
  ListComplaintsQueryDto,
  DeclineAuthorityDto,
  DisputeResolutionDto,
  ForgetReporterResultDto,
  PublicUpdateDto,
  RerouteComplaintDto,
  ResolveComplaintDto,
  SubmitComplaintDto,
  VerifyComplaintDto,
} from '@palembang/complaints-api';
import type { Request, Response } from 'express';
import { AgencyRule } from '../forwarding/agency-rule';
import { Forwarded } from '../forwarding/forwarded.decorator';
import { ForwardedQuery } from '../forwarding/forwarded-query.decorator';
import { ServiceProxy } from '../forwarding/service-proxy';

const ID_PARAM = { name: 'id', description: 'complaintId', format: 'uuid' } as const;
const ACTION_PROBLEMS = [400, 403, 404, 409, 412, 413, 422];

/** A lifecycle action, forwarded: complaints:write under `rule`, documented as every action is. */
function Action(summary: string, body?: Type<unknown>, rule: AgencyRule = 'own-agency'): MethodDecorator {
  return applyDecorators(
    Forwarded(['complaints:write'], rule, ACTION_PROBLEMS),
    ApiAction({ summary, response: ComplaintSummaryDto, parameters: [ID_PARAM], problems: [] }), // Forwarded documents them, with the gateway's own
    ...(body ? [ApiBody({ type: body })] : []),
  );
}

/**
 * The complaints service's complaints (SP4N-LAPOR!), forwarded as they are:
 * the service applies the agency rules (another agency's complaint is a 404,
 * the desk verifies and routes, the responsible agency answers).
 */
@ApiTags('complaints')
@Controller('v1/complaints')
export class ComplaintsController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Post()
  @Forwarded(['complaints:write'], 'any-client', [400, 403, 409, 413, 422])
  @ApiOperation({ summary: 'File a complaint, aspiration or information request; the complaints desk verifies it within 3 working days' })
  @ApiBody({ type: SubmitComplaintDto })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ComplaintSummaryDto, description: 'Location names the complaint, ETag is its version', headers: { Location: { schema: { type: 'string' } }, ...ETAG_RESPONSE_HEADER } })
  submit(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get()
  @Forwarded(['complaints:read'], 'own-agency', [400, 403])
  @ApiOperation({ summary: "List complaints, newest first; the caller's agency unless it holds agencies:all" })
  @ForwardedQuery(ListComplaintsQueryDto)
  @ApiOkResponse({ type: ComplaintPageDto })
  list(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Get(':id')
  @Forwarded(['complaints:read'], 'own-agency', [403, 404])
  @ApiOperation({ summary: 'One complaint with its public timeline; the reporter only when not anonymous' })
  @ApiParam({ name: 'id', description: ID_PARAM.description, schema: { type: 'string', format: ID_PARAM.format } })
  @ApiOkResponse({ type: ComplaintDetailDto, headers: ETAG_RESPONSE_HEADER })
  detail(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/verify')
  @Action('The complaints desk verifies the report and routes it to the responsible agency (follow-up deadline starts)', VerifyComplaintDto)
  verify(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/archive')
  @Action('The complaints desk archives an invalid report, or a duplicate linked to its original', ArchiveComplaintDto)
  archive(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/accept')
  @Action('The responsible agency takes the complaint up')
  accept(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/decline')
  @Action('The agency answers "not our authority": the complaint goes back to the desk to be re-routed', DeclineAuthorityDto)
  decline(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/reroute')
  @Action('The complaints desk routes a declined complaint to another agency (fresh follow-up deadline)', RerouteComplaintDto)
  reroute(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/updates')
  @Action('The responsible agency posts a public progress update', PublicUpdateDto)
  postUpdate(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/resolve')
  @Action('The responsible agency answers the complaint; it closes by itself unless the citizen reacts in time', ResolveComplaintDto)
  resolve(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/confirm')
  @Action('The citizen (through the portal) confirms the resolution: closed', undefined, 'citizen-portal')
  confirm(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':id/dispute')
  @Action('The citizen (through the portal) disputes the resolution: reopened with a fresh follow-up deadline', DisputeResolutionDto, 'citizen-portal')
  dispute(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  @Post('reporters/:reporterId/forget')
  @Forwarded([ADMIN_SCOPE], 'own-agency', [400, 403, 404, 409, 413, 422])
  @ApiOperation({
    summary:
      'Forget a reporter (UU 27/2022): their personal fields read as erased everywhere; complaints, timelines and metrics stay. ' +
      "Only a reporter whom the caller's agency alone holds a complaint of (the desk, then each agency it is routed to, unless anonymous; any with agencies:all): else 404 if it holds none, 409 if another agency holds one too; every request is audited",
  })
  @ApiParam({ name: 'reporterId', schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,100}$' } })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: ForgetReporterResultDto })
  forget(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.forward(request, response);
  }

  private forward(request: Request, response: Response): Promise<void> {
    return this.proxy.forward('complaints', request, response);
  }
}

@ApiTags('complaints')
@Controller('v1/complaint-categories')
export class ComplaintCategoriesController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Get()
  @Forwarded([], 'any-client', [])
  @ApiOperation({ summary: 'Complaint categories with the agency each is routed to and its follow-up kind' })
  @ApiOkResponse({ type: ComplaintCategoryListDto })
  list(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('complaints', request, response);
  }
}

/** For the citizen portal: any valid token will do, the tracking code is the citizen's secret. */
@ApiTags('tracking')
@Controller('v1/complaint-tracking')
export class ComplaintTrackingController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Get(':trackingCode')
  @Forwarded([], 'citizen-proof', [404])
  @ApiOperation({ summary: 'Public status and timeline of a complaint, without personal data' })
  @ApiParam({ name: 'trackingCode', schema: { type: 'string', pattern: '^LPR-[34679ACDEFGHJKMNPQRTWXY]{10}$', example: 'LPR-7KQ2M9XH4C' } })
  @ApiOkResponse({ type: ComplaintTrackingDto })
  track(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('complaints', request, response);
  }
}
