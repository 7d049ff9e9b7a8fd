import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Forwarded } from '../forwarding/forwarded.decorator';
import { ServiceProxy } from '../forwarding/service-proxy';
import { PublicTrackingDto } from '@palembang/permits-api';

/** For the citizen portal: any valid token will do, the tracking code is the citizen's secret. */
@ApiTags('tracking')
@Controller('v1/tracking')
export class TrackingController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Get(':trackingCode')
  @Forwarded([], 'citizen-proof', [404])
  @ApiOperation({ summary: 'Public status and timeline of an application, without personal data' })
  @ApiParam({ name: 'trackingCode', schema: { type: 'string', pattern: '^[A-Z0-9][A-Z0-9-]{3,39}$', example: 'PLG-7KQ2M9XH4C' } })
  @ApiOkResponse({ type: PublicTrackingDto })
  track(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('permits', request, response);
  }
}
