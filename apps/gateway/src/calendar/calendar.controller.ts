import { Controller, Get, Inject, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, ALL_AGENCIES_SCOPE } from '@palembang/auth';
import { ApiIdempotencyKey, ETAG_RESPONSE_HEADER, IF_MATCH_HEADER } from '@palembang/http';
import { AmendCalendarYearDto, CalendarYearDto, PublishCalendarYearDto } from '@palembang/permits-api';
import type { Request, Response } from 'express';
import { Forwarded } from '../forwarding/forwarded.decorator';
import { ServiceProxy } from '../forwarding/service-proxy';

const YEAR_PARAM = { name: 'year', schema: { type: 'integer', minimum: 2000, maximum: 2100, example: 2027 } } as const;

/**
 * The working-day calendar every SLA deadline is counted in, hosted by the permits service
 * (its streams travel on permits.events to every service that computes deadlines).
 * Any client reads it; only a platform administrator (admin with agencies:all) changes it.
 */
@ApiTags('calendar')
@Controller('v1/calendar')
export class CalendarController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Get(':year')
  @Forwarded([], 'any-client', [400])
  @ApiOperation({
    summary:
      "A year's working-day calendar: published (its decree, days off and amendments with who recorded them) or provisional " +
      '(no decree yet: the fixed holidays and forecasts of the moveable ones, marked forecast; deadlines in it are provisional)',
  })
  @ApiParam(YEAR_PARAM)
  @ApiOkResponse({ type: CalendarYearDto, headers: ETAG_RESPONSE_HEADER })
  get(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('permits', request, response);
  }

  @Put(':year')
  @Forwarded([ADMIN_SCOPE, ALL_AGENCIES_SCOPE], 'cross-agency-only', [400, 403, 409, 412, 413])
  @ApiOperation({
    summary:
      "Publish a year's decree (SKB) on national holidays and collective leave; deadlines reaching into the year stop being provisional and are recalculated. " +
      'Once only: the same decree again answers 200 with the year unchanged (a safe retry), another is a 409 CALENDAR.ALREADY_PUBLISHED (amend instead)',
  })
  @ApiParam(YEAR_PARAM)
  @ApiBody({ type: PublishCalendarYearDto })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiCreatedResponse({ type: CalendarYearDto, description: 'The year as published; ETag is its version', headers: ETAG_RESPONSE_HEADER })
  @ApiOkResponse({ type: CalendarYearDto, description: 'The same decree was already published: nothing changed', headers: ETAG_RESPONSE_HEADER })
  publish(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('permits', request, response);
  }

  @Post(':year/amendments')
  @Forwarded([ADMIN_SCOPE, ALL_AGENCIES_SCOPE], 'cross-agency-only', [400, 403, 409, 412, 413, 422])
  @ApiOperation({
    summary:
      'Record an amending decree: days off added and removed, with its reason; running deadlines are recalculated. ' +
      'A day already passed (Jakarta) cannot change (400 CALENDAR.PAST_DAY naming it); an amendment reference is recorded once a year (409)',
  })
  @ApiParam(YEAR_PARAM)
  @ApiBody({ type: AmendCalendarYearDto })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: CalendarYearDto, description: 'The year with the amendment; ETag is its version', headers: ETAG_RESPONSE_HEADER })
  amend(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('permits', request, response);
  }
}
