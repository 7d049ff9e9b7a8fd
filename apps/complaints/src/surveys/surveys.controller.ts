import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALL_AGENCIES_SCOPE, AuthPrincipal, canActForAgency, forbidden, hasScope, Principal, RequireScopes } from '@palembang/auth';
import { ListSurveysQueryDto, SURVEY_PAGE_LIMIT, SubmitSurveyDto, SurveyPageDto, SurveyReceiptDto } from '@palembang/complaints-api';
import { AgencyRule, ApiIdempotencyKey, ApiProblems, correlationIdOf, pagingOf, type HttpRequest, type HttpReply } from '@palembang/http';
import { Clock } from '@palembang/working-days';
import { randomUUID } from 'node:crypto';
import { COMPLAINTS_CLOCK } from '../complaints/complaint-deadline-watcher';
import { SurveysService } from './surveys.service';

/**
 * Satisfaction surveys (SKM, PermenPANRB 14/2017): one per finished complaint or permit application,
 * filed with the citizen's tracking code; the rated agency reads unlinkable responses only.
 */
@ApiTags('surveys')
@Controller('v1/surveys')
export class SurveysController {
  constructor(
    @Inject(SurveysService) private readonly surveys: SurveysService,
    @Inject(COMPLAINTS_CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @AgencyRule('citizen-proof')
  @RequireScopes('surveys:write')
  @ApiOperation({
    summary:
      'Rate a closed complaint or an issued or rejected permit application: nine elements, each 1-4. The citizen portal sends it with the ' +
      "citizen's proof, the case's tracking code; one survey per code. A client of the rated agency cannot rate it (403)",
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: SurveyReceiptDto, headers: { Location: { schema: { type: 'string' } } } })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async submit(@Body() body: SubmitSurveyDto, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res({ passthrough: true }) response: HttpReply): Promise<SurveyReceiptDto> {
    const survey = await this.surveys.submit(
      { surveyId: randomUUID(), trackingCode: body.trackingCode, scores: body.scores, respondent: body.respondent ? { ...body.respondent } : null, suggestion: body.suggestion ?? null },
      { now: this.clock(), agencyId: principal.agencyId, actor: principal.clientId, correlationId: correlationIdOf(request) },
    );
    const { kind, agencyId, serviceCode } = survey.interaction;
    response.header('Location', `/v1/surveys?agencyId=${agencyId}`);
    return { surveyId: survey.surveyId, service: { kind, agencyId, serviceCode }, scores: survey.scores, submittedAt: survey.submittedAt };
  }

  @Get()
  @AgencyRule('own-agency')
  @RequireScopes('surveys:read')
  @ApiOperation({
    summary:
      "Survey responses about the caller's agency (every agency with agencies:all), newest month first: the service, the month and the scores, " +
      'never the case or the citizen; the IKM figure comes from the accountability metrics',
  })
  @ApiOkResponse({ type: SurveyPageDto })
  @ApiProblems(400, 401, 403, 503)
  async list(@Query() query: ListSurveysQueryDto, @Principal() principal: AuthPrincipal): Promise<SurveyPageDto> {
    const { after, limit } = pagingOf({ ...query, limit: query.limit ?? SURVEY_PAGE_LIMIT });
    if (query.agencyId !== undefined && !canActForAgency(principal, query.agencyId)) throw forbidden("This client may list its own agency's surveys only.", 'AUTH.OTHER_AGENCY');
    const agencyId = query.agencyId ?? (hasScope(principal, ALL_AGENCIES_SCOPE) ? undefined : principal.agencyId);
    const page = await this.surveys.list({ agencyId, after, limit });
    return { items: [...page.items], nextCursor: page.nextCursor };
  }
}
