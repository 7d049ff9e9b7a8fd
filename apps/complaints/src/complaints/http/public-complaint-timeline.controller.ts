import { Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { PublicComplaintTimelineDto } from '@palembang/complaints-api';
import { ApiProblems, problem, ProblemException, PublicOperation, TRACKING_CODE } from '@palembang/http';
import { PublicComplaintTimelineQuery } from '../public-timeline.query';

/**
 * The timeline of a complaint for the public tracking page (/lacak on the gateway), without any
 * credential: the code is the reporter's secret (about 45 random bits, see libs/http
 * tracking-code.ts) and the answer holds only statuses, labels, times and agency ids, nothing that
 * could re-identify an anonymous reporter. The gateway counts these calls per caller address.
 */
@ApiTags('tracking')
@Controller('v1/complaint-tracking')
export class PublicComplaintTimelineController {
  constructor(@Inject(PublicComplaintTimelineQuery) private readonly query: PublicComplaintTimelineQuery) {}

  @Get(':trackingCode/timeline')
  @PublicOperation('citizen-proof')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Public timeline of a complaint by its tracking code, without a credential and without personal data' })
  @ApiParam({ name: 'trackingCode', schema: { type: 'string', pattern: '^LPR-[34679ACDEFGHJKMNPQRTWXY]{10}$', example: 'LPR-7KQ2M9XH4C' } })
  @ApiOkResponse({ type: PublicComplaintTimelineDto })
  @ApiProblems(404, 503)
  async timeline(@Param('trackingCode') trackingCode: string): Promise<PublicComplaintTimelineDto> {
    const code = trackingCode.toUpperCase();
    const found = TRACKING_CODE.test(code) && code.startsWith('LPR-') ? await this.query.byTrackingCode(code) : undefined;
    // One answer for every unknown code, well-formed or not, naming none.
    if (!found) throw new ProblemException(problem(404, { code: 'COMPLAINT.NOT_FOUND', detail: 'No complaint has this tracking code' }));
    return found;
  }
}
