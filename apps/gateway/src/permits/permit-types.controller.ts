import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Forwarded } from '../forwarding/forwarded.decorator';
import { ServiceProxy } from '../forwarding/service-proxy';
import { PermitTypeListDto } from '@palembang/permits-api';

@ApiTags('permit-types')
@Controller('v1/permit-types')
export class PermitTypesController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Get()
  @Forwarded(['permits:read'], 'any-client', [403])
  @ApiOperation({ summary: 'The permit types of every agency, with their service standards' })
  @ApiOkResponse({ type: PermitTypeListDto })
  list(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('permits', request, response);
  }
}
