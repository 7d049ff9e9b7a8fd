import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@palembang/auth';
import { ComplaintTrackingDto } from '@palembang/complaints-api';
import { AgencyRule, ApiProblems, problem, ProblemException, TRACKING_CODE } from '@palembang/http';
import { ComplaintsService } from '../complaints.service';

/**
 * Status and public timeline by tracking code, for the citizen portal. Any valid
 * token will do: the code is the citizen's secret and the answer holds no
 * personal data, nor the report's own text (reporters often write personal details into it).
 */
@ApiTags('tracking')
@AgencyRule('citizen-proof')
@Controller('v1/complaint-tracking')
@Authenticated()
export class ComplaintTrackingController {
  constructor(@Inject(ComplaintsService) private readonly complaints: ComplaintsService) {}

  @Get(':trackingCode')
  @ApiOperation({ summary: 'Public status and timeline of a complaint, without personal data' })
  @ApiParam({ name: 'trackingCode', schema: { type: 'string', pattern: '^LPR-[34679ACDEFGHJKMNPQRTWXY]{10}$', example: 'LPR-7KQ2M9XH4C' } })
  @ApiOkResponse({ type: ComplaintTrackingDto })
  @ApiProblems(401, 404, 503)
  async track(@Param('trackingCode') trackingCode: string): Promise<ComplaintTrackingDto> {
    const code = trackingCode.toUpperCase();
    if (!TRACKING_CODE.test(code) || !code.startsWith('LPR-')) throw new ProblemException(problem(404, { code: 'COMPLAINT.NOT_FOUND', detail: 'No complaint has this tracking code' }));
    const { complaint, timeline } = await this.complaints.get(await this.complaints.idByTrackingCode(code));
    return { trackingCode: code, status: complaint.status, categoryCode: complaint.categoryCode, agencyId: complaint.agencyId, timeline: timeline.map((entry) => ({ ...entry, details: { ...entry.details } })) };
  }
}
