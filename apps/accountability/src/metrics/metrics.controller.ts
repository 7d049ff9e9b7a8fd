import { applyDecorators, Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DEFAULT_RANKING_RULES, Granularity, granularityOf, periodRange, rankingFormula } from '@palembang/accountability-domain';
import { AGENCY_ID_PATTERN, AgencyMetricsListDto, AgencyServiceFiguresDto, AgencyTimeSeriesDto, GRANULARITIES, PERIOD_PATTERN, RankingDto } from '@palembang/accountability-api';
import { ALL_AGENCIES_SCOPE, AuthPrincipal, forbidden, hasScope, Principal, RequireScopes } from '@palembang/auth';
import { AgencyRule, ApiProblems, ValidationProblemException, type HttpRequest, type HttpReply } from '@palembang/http';
import { ACCOUNTABILITY_SETTINGS, AccountabilitySettings } from '../accountability-settings';
import { rankingRow } from './metrics-figures';
import { MetricsReader } from './metrics-reader';
import { sendFigures } from './metrics-answer';
import { DEFAULT_SERIES_LENGTH, MAX_SERIES_PERIODS, seriesPeriods } from './series-periods';


/** What every metrics route documents. */
export function MetricsRoute(summary: string, description: string): MethodDecorator {
  return applyDecorators(
    RequireScopes('metrics:read'),
    ApiOperation({ summary, description }),
    ApiProduces('application/json', 'text/csv'),
    ApiQuery({ name: 'format', required: false, description: 'csv or json; without it, Accept: text/csv gives CSV', schema: { type: 'string', enum: ['json', 'csv'] } }),
    ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag of an earlier answer: 304 without a body while the figures are unchanged' }),
    ApiResponse({ status: 304, description: 'If-None-Match names the current ETag: the figures are unchanged (no body)' }),
    ApiProblems(400, 401, 403, 503),
  );
}

const CACHE_HEADERS = {
  ETag: { description: 'Of the exact answer; send it back as If-None-Match', schema: { type: 'string' } },
  'Cache-Control': { description: 'private, max-age=N (METRICS_MAX_AGE_SECONDS, default 30)', schema: { type: 'string' } },
};

const PERIOD_QUERY = { name: 'period', required: false, description: 'YYYY-MM (default: the current month), YYYY-MM-DD or YYYY, Asia/Jakarta', schema: { type: 'string', pattern: PERIOD_PATTERN, example: '2026-11' } } as const;

/** Who sees what: see AGENCY_SCOPING in metrics.controller.ts and the notes. */
export const AGENCY_SCOPING =
  'Requires metrics:read. A client holding agencies:all (dashboards, the inspectorate) sees every agency; any other client sees its own agency only ' +
  "(the list holds its own entry, another agency's series is a 403, the ranking lists only its own entry with its rank among all).";

@ApiTags('metrics')
@AgencyRule('own-agency')
@Controller('v1/metrics')
export class MetricsController {
  constructor(
    @Inject(MetricsReader) private readonly reader: MetricsReader,
    @Inject(ACCOUNTABILITY_SETTINGS) private readonly settings: AccountabilitySettings,
  ) {}

  @Get('agencies')
  @MetricsRoute('Every agency with its figures of one period: permits, complaints, satisfaction (IKM and grade) and training', AGENCY_SCOPING)
  @ApiQuery(PERIOD_QUERY)
  @ApiOkResponse({ type: AgencyMetricsListDto, headers: CACHE_HEADERS })
  async agencies(@Req() request: HttpRequest, @Res() response: HttpReply, @Principal() principal: AuthPrincipal): Promise<void> {
    const period = this.periodParam(request);
    const asOf = this.reader.asOf();
    const items = await this.reader.agencyFigures(period, asOf, (agencyId) => seesAgency(principal, agencyId));
    const range = periodRange(period);
    const body: AgencyMetricsListDto = { period, from: range.from, to: range.to, generatedAt: asOf, items };
    sendFigures(request, response, { json: body, rows: () => items, filename: `metrics-agencies-${period}`, maxAgeSeconds: this.settings.maxAgeSeconds });
  }

  @Get('agencies/:agencyId/services')
  @MetricsRoute('One agency\'s permit figures per permit type and complaint figures per category, of one period', AGENCY_SCOPING)
  @ApiParam({ name: 'agencyId', schema: { type: 'string', pattern: AGENCY_ID_PATTERN.source } })
  @ApiQuery(PERIOD_QUERY)
  @ApiOkResponse({ type: AgencyServiceFiguresDto, headers: CACHE_HEADERS })
  async services(@Param('agencyId') agencyId: string, @Req() request: HttpRequest, @Res() response: HttpReply, @Principal() principal: AuthPrincipal): Promise<void> {
    if (!AGENCY_ID_PATTERN.test(agencyId)) throw new ValidationProblemException([{ field: 'agencyId', message: 'agencyId must be an agency id such as dinas-pupr' }]);
    if (!seesAgency(principal, agencyId)) throw forbidden("This client may read its own agency's metrics only.", 'AUTH.OTHER_AGENCY');
    const period = this.periodParam(request);
    const asOf = this.reader.asOf();
    const body = await this.reader.services(agencyId, period, asOf);
    const rows = () => [
      ...body.permits.map(({ serviceCode, figures }) => ({ agencyId, period, serviceKind: 'permit', serviceCode, ...figures })),
      ...body.complaints.map(({ serviceCode, figures }) => ({ agencyId, period, serviceKind: 'complaint', serviceCode, ...figures })),
    ];
    sendFigures(request, response, { json: body, rows, filename: `metrics-${agencyId}-services-${period}`, maxAgeSeconds: this.settings.maxAgeSeconds });
  }

  @Get('agencies/:agencyId')
  @MetricsRoute('The figures of one agency as a time series, one entry per day, month or year', AGENCY_SCOPING)
  @ApiParam({ name: 'agencyId', schema: { type: 'string', pattern: AGENCY_ID_PATTERN.source } })
  @ApiQuery({ name: 'period', required: false, description: 'The granularity (default month)', schema: { type: 'string', enum: [...GRANULARITIES] } })
  @ApiQuery({ name: 'from', required: false, description: `First period (YYYY-MM-DD, YYYY-MM or YYYY; the period of that granularity holding its first day). Default: ${DEFAULT_SERIES_LENGTH.month} months, ${DEFAULT_SERIES_LENGTH.day} days or ${DEFAULT_SERIES_LENGTH.year} years back`, schema: { type: 'string', pattern: PERIOD_PATTERN } })
  @ApiQuery({ name: 'to', required: false, description: `Last period, inclusive (default: the current one); at most ${MAX_SERIES_PERIODS} periods`, schema: { type: 'string', pattern: PERIOD_PATTERN } })
  @ApiOkResponse({ type: AgencyTimeSeriesDto, headers: CACHE_HEADERS })
  async agency(@Param('agencyId') agencyId: string, @Req() request: HttpRequest, @Res() response: HttpReply, @Principal() principal: AuthPrincipal): Promise<void> {
    if (!AGENCY_ID_PATTERN.test(agencyId)) throw new ValidationProblemException([{ field: 'agencyId', message: 'agencyId must be an agency id such as dinas-pupr' }]);
    if (!seesAgency(principal, agencyId)) throw forbidden("This client may read its own agency's metrics only.", 'AUTH.OTHER_AGENCY');
    const { granularity, periods } = this.seriesParams(request);
    const asOf = this.reader.asOf();
    const items = await this.reader.series(agencyId, periods, asOf);
    const body: AgencyTimeSeriesDto = { agencyId, name: items[0]?.name ?? null, shortName: items[0]?.shortName ?? null, granularity, generatedAt: asOf, items };
    sendFigures(request, response, { json: body, rows: () => items, filename: `metrics-${agencyId}-${granularity}`, maxAgeSeconds: this.settings.maxAgeSeconds });
  }

  @Get('ranking')
  @MetricsRoute('The cross-agency ranking of one period', `${rankingFormula(DEFAULT_RANKING_RULES)} (The defaults; RANKING_MIN_CASES and RANKING_MIN_COVERAGE may set others, which the answer's formula and rules state.) ${AGENCY_SCOPING}`)
  @ApiQuery(PERIOD_QUERY)
  @ApiOkResponse({ type: RankingDto, headers: CACHE_HEADERS })
  async ranking(@Req() request: HttpRequest, @Res() response: HttpReply, @Principal() principal: AuthPrincipal): Promise<void> {
    const period = this.periodParam(request);
    const asOf = this.reader.asOf();
    const rules = this.settings.rankingRules;
    const ranked = await this.reader.ranking(period, asOf, rules);
    const items = ranked.filter((agency) => seesAgency(principal, agency.agencyId)).map((agency) => ({ ...agency, components: { ...agency.components }, details: { ...agency.details } }));
    const range = periodRange(period);
    const weights = { ...rules.weights };
    const body: RankingDto = {
      period, from: range.from, to: range.to, generatedAt: asOf, formula: rankingFormula(rules), weights,
      rules: { weights, minimumCases: rules.minimumCases, minimumCoverage: rules.minimumCoverage },
      agencies: ranked.length, ranked: ranked.filter((agency) => agency.rank !== null).length, items,
    };
    sendFigures(request, response, { json: body, rows: () => items.map((item) => rankingRow(period, item)), filename: `metrics-ranking-${period}`, maxAgeSeconds: this.settings.maxAgeSeconds });
  }

  private periodParam(request: HttpRequest): string {
    const value = request.query.period;
    if (value === undefined) return this.reader.currentPeriod('month');
    if (typeof value !== 'string' || granularityOf(value) === undefined) throw new ValidationProblemException([{ field: 'period', message: 'period must be YYYY-MM-DD, YYYY-MM or YYYY' }]);
    return value;
  }

  private seriesParams(request: HttpRequest): { granularity: Granularity; periods: string[] } {
    const { period, from, to } = request.query;
    if (period !== undefined && !(GRANULARITIES as readonly unknown[]).includes(period)) throw new ValidationProblemException([{ field: 'period', message: 'period must be day, month or year' }]);
    const granularity = (period ?? 'month') as Granularity;
    const periods = seriesPeriods(granularity, from, to, this.reader.currentPeriod(granularity));
    if (!Array.isArray(periods)) throw new ValidationProblemException([periods]);
    return { granularity, periods };
  }
}

/** A client sees its own agency; agencies:all sees all. */
export function seesAgency(principal: AuthPrincipal, agencyId: string): boolean {
  return principal.agencyId === agencyId || hasScope(principal, ALL_AGENCIES_SCOPE);
}
