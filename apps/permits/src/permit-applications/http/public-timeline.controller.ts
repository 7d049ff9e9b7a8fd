import { Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, problem, ProblemException, PublicOperation, TRACKING_CODE } from '@palembang/http';
import { PublicPermitTimelineDto } from '@palembang/permits-api';
import { PublicTimelineQuery } from '../public-timeline.query';

/**
 * The timeline of an application for the public tracking page (/lacak on the gateway), without
 * any credential: the code is the citizen's secret (about 45 random bits, see libs/http
 * tracking-code.ts) and the answer holds only statuses, labels, times and agency ids. The gateway
 * counts these calls per caller address.
 */
@ApiTags('tracking')
@Controller('v1/tracking')
export class PublicTimelineController {
  constructor(@Inject(PublicTimelineQuery) private readonly query: PublicTimelineQuery) {}

  @Get(':trackingCode/timeline')
  @PublicOperation('citizen-proof')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Public timeline of an application by its tracking code, without a credential and without personal data' })
  @ApiParam({ name: 'trackingCode', schema: { type: 'string', pattern: '^PLG-[34679ACDEFGHJKMNPQRTWXY]{10}$', example: 'PLG-7KQ2M9XH4C' } })
  @ApiOkResponse({ type: PublicPermitTimelineDto })
  @ApiProblems(404, 503)
  async timeline(@Param('trackingCode') trackingCode: string): Promise<PublicPermitTimelineDto> {
    const code = trackingCode.toUpperCase();
    const found = TRACKING_CODE.test(code) && code.startsWith('PLG-') ? await this.query.byTrackingCode(code) : undefined;
    // One answer for every unknown code, well-formed or not, naming none.
    if (!found) throw new ProblemException(problem(404, { code: 'PERMIT.NOT_FOUND', detail: 'No application has this tracking code' }));
    return found;
  }
}
