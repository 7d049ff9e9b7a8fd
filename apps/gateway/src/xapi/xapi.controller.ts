import { Controller, Get, Inject, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ALTERNATE_CONTENT_TYPE, MULTIPART_BODY_LIMIT, MULTIPART_MIXED } from '@palembang/xapi';
import { AgencyRule } from '../forwarding/agency-rule';
import { RateLimitGuard } from '../forwarding/rate-limit.guard';
import { ServiceProxy } from '../forwarding/service-proxy';
import { XapiBasicAuthGuard } from './xapi-basic-auth.guard';
import { RawBody, type HttpReply, type HttpRequest } from '@palembang/http';

export const XAPI_BASIC_SCHEME = 'xapi_basic';
/** GET statements answers JSON, or (attachments=true) multipart/mixed. */
const STATEMENTS_ANSWER = { 'application/json': { schema: { type: 'object', additionalProperties: true } }, 'multipart/mixed': { schema: { type: 'string', format: 'binary' } } };
const VERSION_HEADER = { name: 'X-Experience-API-Version', required: true, description: '1.0.x' };
const STATEMENT = {
  description: 'An xAPI 1.0.3 Statement, or (POST) an array of them; or multipart/mixed: the statements as application/json first, then each attachment\'s raw data with X-Experience-API-Hash and Content-Transfer-Encoding: binary',
  schema: { type: 'object', additionalProperties: true },
};

/**
 * The xAPI 1.0.3 Statement resource (a learning record store), forwarded to
 * the training service, which credits JP for completed or passed activities
 * mapped to programs. Learning-management systems authenticate with HTTP Basic.
 */
@ApiTags('xapi')
@Controller('xapi')
@AgencyRule('own-agency')
export class XapiController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Get('about')
  @AgencyRule('public')
  @ApiOperation({ summary: 'The xAPI versions this learning record store speaks' })
  @ApiResponse({ status: 200, description: '{ version: ["1.0.3"] }', schema: { type: 'object', properties: { version: { type: 'array', items: { type: 'string' } } } } })
  about(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.proxy.forward('training', request, response);
  }

  @RawBody(MULTIPART_BODY_LIMIT)
  @Put('statements')
  @UseGuards(XapiBasicAuthGuard, RateLimitGuard)
  @ApiBasicAuth(XAPI_BASIC_SCHEME)
  @ApiOperation({ summary: 'Store one statement under the statementId given (204; 409 when that id holds another statement)' })
  @ApiHeader(VERSION_HEADER)
  @ApiQuery({ name: 'statementId', required: true, schema: { type: 'string', format: 'uuid' } })
  @ApiConsumes('application/json', MULTIPART_MIXED)
  @ApiBody(STATEMENT)
  @ApiResponse({ status: 204, description: 'Stored (or already stored as it is)' })
  @ApiResponse({ status: 400, description: 'Not a valid statement' })
  @ApiResponse({ status: 401, description: 'No or bad credentials' })
  @ApiResponse({ status: 429, description: 'Too many failed logins for this credential or from this address, or too many calls; see Retry-After' })
  @ApiResponse({ status: 403, description: "The actor's NIP is not a civil servant of the caller's agency (agencies:all excepted), or it voids a statement another system stored" })
  @ApiResponse({ status: 409, description: 'The id holds a different statement' })
  async put(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.proxy.forward('training', request, response);
  }

  @RawBody(MULTIPART_BODY_LIMIT)
  @Post('statements')
  @UseGuards(XapiBasicAuthGuard, RateLimitGuard)
  @ApiBasicAuth(XAPI_BASIC_SCHEME)
  @ApiOperation({
    summary: 'Store one or more statements; answers their ids',
    description:
      "xAPI's Alternate Request Syntax: `POST /xapi/statements?method=GET|PUT|POST|DELETE` with a body of " + ALTERNATE_CONTENT_TYPE + ' (and no other query parameter), whose fields are the ' +
      "request's headers (Authorization, X-Experience-API-Version, Content-Type), its parameters and its `content`; the request it stands for is authenticated and answered as if sent that way. " +
      'Any other body with `?method=` is 400. The `method` parameter and the form body are described here, not among the parameters and media types, because OpenAPI cannot tie one to the other.',
  })
  @ApiHeader(VERSION_HEADER)
  @ApiConsumes('application/json', MULTIPART_MIXED)
  @ApiBody(STATEMENT)
  @ApiResponse({ status: 200, description: 'The ids, in order', schema: { type: 'array', items: { type: 'string', format: 'uuid' } } })
  @ApiResponse({ status: 400, description: 'Not valid statements, or one credits a year that has closed (XAPI.YEAR_CLOSED)' })
  @ApiResponse({ status: 401, description: 'No or bad credentials' })
  @ApiResponse({ status: 429, description: 'Too many failed logins for this credential or from this address, or too many calls; see Retry-After' })
  @ApiResponse({ status: 403, description: "An actor's NIP is not a civil servant of the caller's agency (agencies:all excepted), or a statement voids one another system stored" })
  @ApiResponse({ status: 409, description: 'An id holds a different statement' })
  async post(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.proxy.forward('training', request, response);
  }

  @Get('statements')
  @UseGuards(XapiBasicAuthGuard, RateLimitGuard)
  @ApiBasicAuth(XAPI_BASIC_SCHEME)
  @ApiOperation({ summary: 'One statement (statementId, voidedStatementId) or a StatementResult filtered by agent, verb, activity, registration, since, until, limit, ascending' })
  @ApiHeader(VERSION_HEADER)
  @ApiResponse({ status: 200, description: 'A Statement, or { statements, more }; with attachments=true multipart/mixed: that JSON first, then the raw data of their attachments', content: STATEMENTS_ANSWER })
  @ApiResponse({ status: 400, description: 'A bad filter' })
  @ApiResponse({ status: 401, description: 'No or bad credentials' })
  @ApiResponse({ status: 429, description: 'Too many failed logins for this credential or from this address, or too many calls; see Retry-After' })
  @ApiResponse({ status: 404, description: "No such statement the caller may read (it stored it, or it concerns its agency's civil servants; agencies:all: any)" })
  get(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.proxy.forward('training', request, response);
  }
}
