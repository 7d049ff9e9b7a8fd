import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, ALL_AGENCIES_SCOPE, Authenticated, AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { AgencyRule, ApiIdempotencyKey, ApiProblems, correlationIdOf, ETAG_RESPONSE_HEADER, etagOf, expectedVersionFromIfMatch, IF_MATCH_HEADER, ValidationProblemException, type HttpRequest, type HttpReply } from '@palembang/http';
import { CommandContext } from '@palembang/platform';
import { AmendCalendarYearDto, CalendarYearDto, PublishCalendarYearDto } from '@palembang/permits-api';
import { CALENDAR_LIMITS, Clock } from '@palembang/working-days';
import { PERMITS_CLOCK } from '../permit-applications/deadline-watcher';
import { CalendarService } from './calendar.service';

const YEAR_PARAM = { name: 'year', schema: { type: 'integer', minimum: CALENDAR_LIMITS.firstYear, maximum: CALENDAR_LIMITS.lastYear, example: 2027 } } as const;

/**
 * The working-day calendar as governed data (issue 13): every client reads a year; only
 * a platform administrator (admin with agencies:all) publishes a year's decree or records
 * an amending one. Each change is an event naming who made it and the request's correlation id.
 */
@ApiTags('calendar')
@Controller('v1/calendar')
export class CalendarController {
  constructor(
    @Inject(CalendarService) private readonly calendar: CalendarService,
    @Inject(PERMITS_CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':year')
  @AgencyRule('any-client')
  @Authenticated()
  @ApiOperation({ summary: "A year's working-day calendar: its decree, days off and amendments (who made them), or, unpublished, the provisional days (fixed holidays and forecasts)" })
  @ApiParam(YEAR_PARAM)
  @ApiOkResponse({ type: CalendarYearDto, headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(400, 401, 503)
  async get(@Param('year') year: string, @Res({ passthrough: true }) response: HttpReply): Promise<CalendarYearDto> {
    const view = await this.calendar.get(yearOf(year));
    response.header('ETag', etagOf(view.version));
    return view;
  }

  @Put(':year')
  @AgencyRule('cross-agency-only')
  @HttpCode(201)
  @RequireScopes(ADMIN_SCOPE, ALL_AGENCIES_SCOPE)
  @ApiOperation({
    summary:
      "Publish a year's decree (SKB) on national holidays and collective leave; deadlines reaching into the year stop being provisional. " +
      'Once only: the same decree again answers 200 with the year unchanged, another is a 409 (change a published year with an amendment)',
  })
  @ApiParam(YEAR_PARAM)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiCreatedResponse({ type: CalendarYearDto, description: 'The year as published; ETag is its version', headers: ETAG_RESPONSE_HEADER })
  @ApiOkResponse({ type: CalendarYearDto, description: 'The same decree was already published (a retry): nothing changed', headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(400, 401, 403, 409, 412, 503)
  async publish(
    @Param('year') year: string,
    @Body() body: PublishCalendarYearDto,
    @Principal() principal: AuthPrincipal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CalendarYearDto> {
    const { view, created } = await this.calendar.publish({ year: yearOf(year), ...body }, this.contextOf(principal, request, ifMatch));
    response.status(created ? 201 : 200);
    response.header('ETag', etagOf(view.version));
    return view;
  }

  @Post(':year/amendments')
  @AgencyRule('cross-agency-only')
  @RequireScopes(ADMIN_SCOPE, ALL_AGENCIES_SCOPE)
  @ApiOperation({ summary: 'Record an amending decree: days off added and removed, with its reason. A day already passed (Jakarta) cannot change: 400 CALENDAR.PAST_DAY naming it; running deadlines are recalculated' })
  @ApiParam(YEAR_PARAM)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: CalendarYearDto, description: 'The year with the amendment; ETag is its version', headers: ETAG_RESPONSE_HEADER })
  @ApiProblems(400, 401, 403, 409, 412, 422, 503)
  async amend(
    @Param('year') year: string,
    @Body() body: AmendCalendarYearDto,
    @Principal() principal: AuthPrincipal,
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<CalendarYearDto> {
    const data = { year: yearOf(year), amendment: body.amendment, reason: body.reason, add: body.add ?? [], remove: body.remove ?? [] };
    const view = await this.calendar.amend(data, this.contextOf(principal, request, ifMatch));
    response.header('ETag', etagOf(view.version));
    return view;
  }

  private contextOf(principal: AuthPrincipal, request: HttpRequest, ifMatch: string | undefined): CommandContext {
    const expected = expectedVersionFromIfMatch(ifMatch);
    return {
      actor: principal.clientId,
      agencyId: principal.agencyId,
      correlationId: correlationIdOf(request),
      now: this.clock(),
      expectedVersion: typeof expected === 'number' ? expected : undefined,
    };
  }
}

function yearOf(value: string): number {
  const { firstYear, lastYear } = CALENDAR_LIMITS;
  const year = /^\d{4}$/.test(value) ? Number(value) : NaN;
  if (year >= firstYear && year <= lastYear) return year;
  throw new ValidationProblemException([{ field: 'year', message: `The year is a whole number from ${firstYear} to ${lastYear}` }]);
}
