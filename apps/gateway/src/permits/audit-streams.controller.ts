import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE } from '@palembang/auth';
import type { Request, Response } from 'express';
import { Forwarded } from '../forwarding/forwarded.decorator';
import { ServiceProxy } from '../forwarding/service-proxy';
import { StreamVerificationDto } from '@palembang/permits-api';

/** Tamper evidence of the permits service's event streams, for administrators. */
@ApiTags('audit')
@Controller('v1/audit/streams')
export class AuditStreamsController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Get(':streamId/verify')
  @Forwarded([ADMIN_SCOPE], [403, 404])
  @ApiOperation({ summary: "Verify a permit application stream's hash chain" })
  @ApiParam({ name: 'streamId', schema: { type: 'string', pattern: '^permit-application-[0-9a-f-]{36}$', example: 'permit-application-0b7c6f7e-2a65-4a8e-9d1f-3c1a2b4d5e6f' } })
  @ApiOkResponse({ type: StreamVerificationDto })
  verify(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('permits', request, response);
  }
}
