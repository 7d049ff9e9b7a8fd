import { Controller, Get, Inject, Param, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthenticatedRequest } from '@palembang/auth';
import { ApiProblems, problem, ProblemException, type HttpReply } from '@palembang/http';
import { CredentialExchange } from '../credentials/credential-exchange';
import { AgencyRule } from '../forwarding/agency-rule';
import { RateLimitGuard } from '../forwarding/rate-limit.guard';
import { ServiceProxy } from '../forwarding/service-proxy';
import { DASHBOARD_PAGE } from './dashboard-page';
import { DASHBOARD_SCRIPT } from './dashboard-script';

/** The gateway itself reads the figures for the public dashboard: aggregate figures of every agency, never a person. */
const DASHBOARD_READER = { clientId: 'gateway-dashboard', agencyId: 'pemkot-palembang', scopes: ['metrics:read', 'agencies:all'] };
const AGENCY_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

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
    response.type('html').send(DASHBOARD_PAGE);
  }

  @Get('app.js')
  @ApiExcludeEndpoint()
  script(@Res() response: HttpReply): void {
    response.header('Cache-Control', 'public, max-age=300');
    response.type('application/javascript').send(DASHBOARD_SCRIPT);
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
  @ApiOperation({ summary: 'The cross-agency ranking, as GET /v1/metrics/ranking, without a token' })
  async ranking(@Req() request: AuthenticatedRequest, @Res() response: HttpReply): Promise<void> {
    await this.credentials.actAsGateway(request, DASHBOARD_READER);
    return this.proxy.forwardTo('accountability', '/v1/metrics/ranking', request, response);
  }

  @Get('data/agencies/:agencyId')
  @UseGuards(RateLimitGuard)
  @ApiOperation({ summary: "One agency's monthly series, as GET /v1/metrics/agencies/{agencyId}?period=month, without a token" })
  @ApiParam({ name: 'agencyId', schema: { type: 'string', pattern: AGENCY_ID.source } })
  @ApiOkResponse({ description: "The agency's monthly series, as GET /v1/metrics/agencies/{agencyId} answers it" })
  @ApiProblems(404)
  async trend(@Param('agencyId') agencyId: string, @Req() request: AuthenticatedRequest, @Res() response: HttpReply): Promise<void> {
    if (!AGENCY_ID.test(agencyId)) throw new ProblemException(problem(404, { code: 'REQUEST.NOT_FOUND', detail: 'No such agency.' }));
    await this.credentials.actAsGateway(request, DASHBOARD_READER);
    return this.proxy.forwardTo('accountability', `/v1/metrics/agencies/${agencyId}?period=month`, request, response);
  }
}
