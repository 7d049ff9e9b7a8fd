import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListSurveysQueryDto, SubmitSurveyDto, SurveyPageDto, SurveyReceiptDto } from '@palembang/complaints-api';
import { ApiIdempotencyKey } from '@palembang/http';
import type { Request, Response } from 'express';
import { Forwarded } from '../forwarding/forwarded.decorator';
import { ForwardedQuery } from '../forwarding/forwarded-query.decorator';
import { ServiceProxy } from '../forwarding/service-proxy';

/** Satisfaction surveys (SKM), kept by the complaints service. */
@ApiTags('surveys')
@Controller('v1/surveys')
export class SurveysController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Post()
  @Forwarded(['surveys:write'], 'citizen-proof', [400, 403, 404, 409, 413, 422])
  @ApiOperation({
    summary:
      'Rate a closed complaint or an issued or rejected permit application: nine elements, each 1-4. The citizen portal sends it with the ' +
      "citizen's proof, the case's tracking code; one survey per code (409 after). A client of the rated agency cannot rate it (403)",
  })
  @ApiBody({ type: SubmitSurveyDto })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: SurveyReceiptDto })
  submit(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('complaints', request, response);
  }

  @Get()
  @Forwarded(['surveys:read'], 'own-agency', [400, 403])
  @ApiOperation({ summary: "Survey responses about the caller's agency (every agency with agencies:all), newest month first: service, month and scores, never the case or the citizen" })
  @ForwardedQuery(ListSurveysQueryDto)
  @ApiOkResponse({ type: SurveyPageDto })
  list(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('complaints', request, response);
  }
}
