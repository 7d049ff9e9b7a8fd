import { Controller, Get, Inject, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PERIOD_PATTERN } from '@palembang/accountability-api';
import { AuthenticatedRequest } from '@palembang/auth';
import { ApiProblems, MAX_PAGE_LIMIT, problem, ProblemException, ValidationProblemException, type HttpReply } from '@palembang/http';
import { CredentialExchange } from '../credentials/credential-exchange';
import { AgencyRule } from '../forwarding/agency-rule';
import { RateLimitGuard } from '../forwarding/rate-limit.guard';
import { ServiceProxy } from '../forwarding/service-proxy';
import { AGENCY_PAGE, DASHBOARD_PAGE } from './dashboard-page';
import { DASHBOARD_SCRIPT } from './dashboard-script';
import { DASHBOARD_STYLE } from './dashboard-style';

/** The gateway itself reads the figures for the public dashboard: aggregate figures of every agency, never a person. */
const DASHBOARD_READER = { clientId: 'gateway-dashboard', agencyId: 'pemkot-palembang', scopes: ['metrics:read', 'agencies:all'] };
const AGENCY_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
/** The periods the accountability service accepts (years 2000-2099, months 01-12): a period it would refuse is refused here, as documented. */
const PERIOD = new RegExp(PERIOD_PATTERN);
const REGISTER_CURSOR = /^[A-Za-z0-9_=-]{1,512}$/;
/** Scripts and styles from the gateway only: no inline script or style, so an injected one does not run. */
const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const notFound = (detail: string) => new ProblemException(problem(404, { code: 'REQUEST.NOT_FOUND', detail }));

/**
 * The public accountability dashboard (for the mayor's office, the
 * inspectorate and the public) and the figures it shows, read from the
 * accountability service with the gateway's own token. Counted per address
 * by the rate limit.
 */
@ApiTags('dashboard')
@Controller('dashboard')
@AgencyRule('public')
export class DashboardController {
  constructor(
    @Inject(ServiceProxy) private readonly proxy: ServiceProxy,
    @Inject(CredentialExchange) private readonly credentials: CredentialExchange,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The public dashboard (HTML): agency figures, ranking and monthly trends' })
  @ApiOkResponse({ description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } })
  page(@Res() response: HttpReply): void {
    response.header('Content-Security-Policy', PAGE_POLICY);
    response.type('text/html; charset=utf-8').send(DASHBOARD_PAGE);
  }

  @Get('agencies/:agencyId')
  @ApiOperation({ summary: "One agency's dashboard page (HTML): its monthly trends and its figures per service" })
  @ApiParam({ name: 'agencyId', schema: { type: 'string', pattern: AGENCY_ID.source } })
  @ApiOkResponse({ description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems(404)
  agencyPage(@Param('agencyId') agencyId: string, @Res() response: HttpReply): void {
    if (!AGENCY_ID.test(agencyId)) throw notFound('No such agency.');
    response.header('Content-Security-Policy', PAGE_POLICY);
    response.type('text/html; charset=utf-8').send(AGENCY_PAGE);
  }

  @Get('app.js')
  @ApiExcludeEndpoint()
  script(@Res() response: HttpReply): void {
    response.header('Cache-Control', 'public, max-age=300');
    response.type('application/javascript; charset=utf-8').send(DASHBOARD_SCRIPT);
  }

  @Get('app.css')
  @ApiExcludeEndpoint()
  style(@Res() response: HttpReply): void {
    response.header('Cache-Control', 'public, max-age=300');
    response.type('text/css; charset=utf-8').send(DASHBOARD_STYLE);
  }

  @Get('data/register')
  @UseGuards(RateLimitGuard)
  @ApiOperation({ summary: 'The agency register (names, short names, kinds), as GET /v1/agencies in pages of the most it allows, without a token' })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string', pattern: REGISTER_CURSOR.source } })
  @ApiOkResponse({ description: 'A page of the register, as GET /v1/agencies answers it' })
  @ApiProblems(400)
  async register(@Query('cursor') cursor: unknown, @Req() request: AuthenticatedRequest, @Res() response: HttpReply): Promise<void> {
    if (cursor !== undefined && !(typeof cursor === 'string' && REGISTER_CURSOR.test(cursor))) throw new ValidationProblemException([{ field: 'cursor', message: 'cursor must be a nextCursor of an earlier answer' }]);
    await this.credentials.actAsGateway(request, DASHBOARD_READER);
    const page = cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    return this.proxy.forwardTo('accountability', `/v1/agencies?limit=${MAX_PAGE_LIMIT}${page}`, request, response);
  }

  @Get('data/agencies')
  @UseGuards(RateLimitGuard)
  @ApiOperation({ summary: "Every agency's current figures, as GET /v1/metrics/agencies, without a token" })
  async agencies(@Req() request: AuthenticatedRequest, @Res() response: HttpReply): Promise<void> {
    await this.credentials.actAsGateway(request, DASHBOARD_READER);
    return this.proxy.forwardTo('accountability', '/v1/metrics/agencies', request, response);
  }

  @Get('data/ranking')
  @UseGuards(RateLimitGuard)
  @ApiOperation({ summary: 'The cross-agency ranking of a period (default: the current month), as GET /v1/metrics/ranking, without a token' })
  @ApiQuery({ name: 'period', required: false, description: 'YYYY-MM (default: the current month), YYYY-MM-DD or YYYY, Asia/Jakarta', schema: { type: 'string', pattern: PERIOD_PATTERN } })
  @ApiOkResponse({ description: 'The ranking of the period, as GET /v1/metrics/ranking answers it' })
  @ApiProblems(400)
  async ranking(@Query('period') period: unknown, @Req() request: AuthenticatedRequest, @Res() response: HttpReply): Promise<void> {
    if (period !== undefined && !(typeof period === 'string' && PERIOD.test(period))) throw new ValidationProblemException([{ field: 'period', message: 'period must be YYYY-MM-DD, YYYY-MM or YYYY' }]);
    await this.credentials.actAsGateway(request, DASHBOARD_READER);
    return this.proxy.forwardTo('accountability', period === undefined ? '/v1/metrics/ranking' : `/v1/metrics/ranking?period=${period}`, request, response);
  }

  @Get('data/agencies/:agencyId')
  @UseGuards(RateLimitGuard)
  @ApiOperation({ summary: "One agency's monthly series, as GET /v1/metrics/agencies/{agencyId}?period=month, without a token" })
  @ApiParam({ name: 'agencyId', schema: { type: 'string', pattern: AGENCY_ID.source } })
  @ApiOkResponse({ description: "The agency's monthly series, as GET /v1/metrics/agencies/{agencyId} answers it" })
  @ApiProblems(404)
  async trend(@Param('agencyId') agencyId: string, @Req() request: AuthenticatedRequest, @Res() response: HttpReply): Promise<void> {
    if (!AGENCY_ID.test(agencyId)) throw notFound('No such agency.');
    await this.credentials.actAsGateway(request, DASHBOARD_READER);
    return this.proxy.forwardTo('accountability', `/v1/metrics/agencies/${agencyId}?period=month`, request, response);
  }

  @Get('data/agencies/:agencyId/services')
  @UseGuards(RateLimitGuard)
  @ApiOperation({ summary: "One agency's figures per permit type and complaint category this month, as GET /v1/metrics/agencies/{agencyId}/services, without a token" })
  @ApiParam({ name: 'agencyId', schema: { type: 'string', pattern: AGENCY_ID.source } })
  @ApiOkResponse({ description: "The agency's figures per service, as GET /v1/metrics/agencies/{agencyId}/services answers it" })
  @ApiProblems(404)
  async services(@Param('agencyId') agencyId: string, @Req() request: AuthenticatedRequest, @Res() response: HttpReply): Promise<void> {
    if (!AGENCY_ID.test(agencyId)) throw notFound('No such agency.');
    await this.credentials.actAsGateway(request, DASHBOARD_READER);
    return this.proxy.forwardTo('accountability', `/v1/metrics/agencies/${agencyId}/services`, request, response);
  }
}
