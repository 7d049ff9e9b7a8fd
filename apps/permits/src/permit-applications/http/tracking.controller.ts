import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '@palembang/auth';
import { AgencyRule, ApiProblems, problem, ProblemException } from '@palembang/http';
import { PermitApplicationsService } from '../permit-applications.service';
import { PublicTrackingDto } from '@palembang/permits-api';

const TRACKING_CODE = /^[A-Z0-9][A-Z0-9-]{3,39}$/;

/**
 * Status and public timeline by tracking code, for the citizen portal. Any valid
 * token of the platform will do, whatever its agency or scopes: the code itself
 * is the citizen's secret (about 45 random bits) and the answer holds no personal data.
 */
@ApiTags('tracking')
@AgencyRule('citizen-proof')
@Controller('v1/tracking')
@Authenticated()
export class TrackingController {
  constructor(@Inject(PermitApplicationsService) private readonly applications: PermitApplicationsService) {}

  @Get(':trackingCode')
  @ApiOperation({ summary: 'Public status and timeline of an application, without personal data' })
  @ApiParam({ name: 'trackingCode', schema: { type: 'string', pattern: TRACKING_CODE.source, example: 'PLG-7KQ2M9XH4C' } })
  @ApiOkResponse({ type: PublicTrackingDto })
  @ApiProblems(401, 404, 503)
  async track(@Param('trackingCode') trackingCode: string): Promise<PublicTrackingDto> {
    const code = trackingCode.toUpperCase();
    if (!TRACKING_CODE.test(code)) throw new ProblemException(problem(404, { code: 'PERMIT.NOT_FOUND', detail: 'No application has this tracking code' }));
    const { status, permitTypeCode, agencyId, timeline } = await this.applications.track(code);
    return { trackingCode: code, status, permitTypeCode, agencyId, timeline: timeline.map((entry) => ({ ...entry, details: { ...entry.details } })) };
  }
}
