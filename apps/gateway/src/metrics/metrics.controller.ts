import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AGENCY_ID_PATTERN, AgencyMetricsListDto, AgencyServiceFiguresDto, AgencyTimeSeriesDto, GRANULARITIES, RankingDto, RANKING_FORMULA } from '@palembang/accountability-api';
import type { Request, Response } from 'express';
import { Forwarded } from '../forwarding/forwarded.decorator';
import { ServiceProxy } from '../forwarding/service-proxy';

const SCOPING =
  'Requires metrics:read. A client holding agencies:all sees every agency; any other client sees its own agency only ' +
  "(the list holds its own entry, another agency's series is a 403, the ranking lists only its own entry with its rank among all). " +
  'Answers carry an ETag (If-None-Match gives 304) and Cache-Control: private, max-age=N; CSV with ?format=csv or Accept: text/csv. No answer names a person.';
const FORMAT = { name: 'format', required: false, description: 'csv or json; without it, Accept: text/csv gives CSV', schema: { type: 'string', enum: ['json', 'csv'] } } as const;
const IF_NONE_MATCH = { name: 'If-None-Match', required: false, description: 'An ETag of an earlier answer: 304 while the figures are unchanged' };
/** YYYY, YYYY-MM or YYYY-MM-DD, as the accountability service reads a period. */
const PERIOD_PATTERN = '^20\\d{2}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?$';
const PERIOD = { name: 'period', required: false, description: 'YYYY-MM (default: the current month), YYYY-MM-DD or YYYY, Asia/Jakarta', schema: { type: 'string', pattern: PERIOD_PATTERN, example: '2026-11' } } as const;
const NOT_MODIFIED = { status: 304, description: 'If-None-Match names the current ETag: the figures are unchanged (no body)' } as const;
const CACHE_HEADERS = { ETag: { schema: { type: 'string' } }, 'Cache-Control': { schema: { type: 'string' } } };

/** The accountability service's cross-agency metrics, forwarded as they are (the service applies the agency scoping). */
@ApiTags('metrics')
@Controller('v1/metrics')
export class MetricsController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Get('agencies')
  @Forwarded(['metrics:read'], 'own-agency', [400, 403])
  @ApiOperation({ summary: 'Every agency with its figures of one period: permits, complaints, satisfaction (IKM and grade) and training', description: SCOPING })
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery(PERIOD)
  @ApiQuery(FORMAT)
  @ApiHeader(IF_NONE_MATCH)
  @ApiResponse(NOT_MODIFIED)
  @ApiOkResponse({ type: AgencyMetricsListDto, headers: CACHE_HEADERS })
  agencies(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('accountability', request, response);
  }

  @Get('agencies/:agencyId/services')
  @Forwarded(['metrics:read'], 'own-agency', [400, 403])
  @ApiOperation({ summary: "One agency's permit figures per permit type and complaint figures per category, of one period", description: SCOPING })
  @ApiProduces('application/json', 'text/csv')
  @ApiParam({ name: 'agencyId', schema: { type: 'string', pattern: AGENCY_ID_PATTERN.source } })
  @ApiQuery(PERIOD)
  @ApiQuery(FORMAT)
  @ApiHeader(IF_NONE_MATCH)
  @ApiResponse(NOT_MODIFIED)
  @ApiOkResponse({ type: AgencyServiceFiguresDto, headers: CACHE_HEADERS })
  services(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('accountability', request, response);
  }

  @Get('agencies/:agencyId')
  @Forwarded(['metrics:read'], 'own-agency', [400, 403])
  @ApiOperation({ summary: 'The figures of one agency as a time series, one entry per day, month or year', description: SCOPING })
  @ApiProduces('application/json', 'text/csv')
  @ApiParam({ name: 'agencyId', schema: { type: 'string', pattern: AGENCY_ID_PATTERN.source } })
  @ApiQuery({ name: 'period', required: false, description: 'The granularity (default month)', schema: { type: 'string', enum: [...GRANULARITIES] } })
  @ApiQuery({ name: 'from', required: false, description: 'First period (YYYY-MM-DD, YYYY-MM or YYYY); default 12 months, 30 days or 5 years back', schema: { type: 'string', pattern: PERIOD_PATTERN } })
  @ApiQuery({ name: 'to', required: false, description: 'Last period, inclusive (default: the current one); at most 400 periods', schema: { type: 'string', pattern: PERIOD_PATTERN } })
  @ApiQuery(FORMAT)
  @ApiHeader(IF_NONE_MATCH)
  @ApiResponse(NOT_MODIFIED)
  @ApiOkResponse({ type: AgencyTimeSeriesDto, headers: CACHE_HEADERS })
  agency(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('accountability', request, response);
  }

  @Get('ranking')
  @Forwarded(['metrics:read'], 'own-agency', [400, 403])
  @ApiOperation({ summary: 'The cross-agency ranking of one period', description: `${RANKING_FORMULA} ${SCOPING}` })
  @ApiProduces('application/json', 'text/csv')
  @ApiQuery(PERIOD)
  @ApiQuery(FORMAT)
  @ApiHeader(IF_NONE_MATCH)
  @ApiResponse(NOT_MODIFIED)
  @ApiOkResponse({ type: RankingDto, headers: CACHE_HEADERS })
  ranking(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.proxy.forward('accountability', request, response);
  }
}
