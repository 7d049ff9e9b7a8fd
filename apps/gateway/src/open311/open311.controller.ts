import { Controller, Get, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AgencyRule } from '../forwarding/agency-rule';
import { RateLimitGuard } from '../forwarding/rate-limit.guard';
import { ServiceProxy } from '../forwarding/service-proxy';
import { Open311ApiKeyGuard, withoutApiKey } from './open311-api-key.guard';
import { Open311FormBodyGuard, OPEN311_FORM_TYPE } from './open311-form-body.guard';
import type { HttpRequest, HttpReply } from '@palembang/http';

const DOCUMENT = { name: 'document', description: 'The resource and its format, e.g. services.xml or requests.json', schema: { type: 'string', pattern: '^[^/]+\\.(xml|json)$' } } as const;
const GEOREPORT = { description: 'A GeoReport v2 document (http://wiki.open311.org/GeoReport_v2), XML or JSON by the path suffix', content: { 'text/xml': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } } };
const ERRORS = { description: 'GeoReport v2 errors: a list of {code, description}', content: { 'text/xml': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } };

/**
 * Open311 GeoReport v2, forwarded to the complaints service that keeps the
 * complaints. Reads are public, as the specification has them; filing a
 * request needs an api_key, in the form or the query string. An api_key never
 * reaches the service: every route forwards the query without it. Errors come
 * back as GeoReport errors.
 */
@ApiTags('open311')
@ApiProduces('text/xml', 'application/json')
@Controller('open311/v2')
@AgencyRule('public')
export class Open311Controller {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Get(':document')
  @UseGuards(RateLimitGuard)
  @ApiOperation({ summary: 'discovery, services or requests (query: service_request_id, service_code, start_date, end_date, status, jurisdiction_id)' })
  @ApiParam(DOCUMENT)
  @ApiOkResponse(GEOREPORT)
  @ApiResponse({ status: 400, ...ERRORS })
  @ApiResponse({ status: 404, ...ERRORS })
  resource(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @Get('services/:document')
  @UseGuards(RateLimitGuard)
  @ApiOperation({ summary: 'A service definition with its attributes' })
  @ApiParam(DOCUMENT)
  @ApiOkResponse(GEOREPORT)
  @ApiResponse({ status: 400, ...ERRORS })
  @ApiResponse({ status: 404, ...ERRORS })
  definition(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @Get('requests/:document')
  @UseGuards(RateLimitGuard)
  @ApiOperation({ summary: 'One service request by id' })
  @ApiParam(DOCUMENT)
  @ApiOkResponse(GEOREPORT)
  @ApiResponse({ status: 400, ...ERRORS })
  @ApiResponse({ status: 404, ...ERRORS })
  request(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @Get('tokens/:document')
  @UseGuards(RateLimitGuard)
  @ApiOperation({ summary: 'The service request id of a token (the tracking code a POST answer names)' })
  @ApiParam(DOCUMENT)
  @ApiOkResponse(GEOREPORT)
  @ApiResponse({ status: 400, ...ERRORS })
  @ApiResponse({ status: 404, ...ERRORS })
  token(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @Post(':document')
  @AgencyRule('any-client')
  @UseGuards(Open311FormBodyGuard, Open311ApiKeyGuard, RateLimitGuard)
  @ApiOperation({
    summary: 'File a service request (requests.xml or requests.json)',
    description:
      'api_key is an Open311 key (POST /v1/admin/clients/{clientId}/open311-keys) of a client with complaints:write, never the OAuth secret; sent in the form or in the query string. ' +
      'Empty optional fields count as absent. A request needs a description or attribute[title] (with only a title, the title is the description). ' +
      'media_url (http or https) and address_id are kept and answered with the request, unless the report is anonymous. Only application/x-www-form-urlencoded is accepted: another body is a 400.',
  })
  @ApiParam(DOCUMENT)
  @ApiQuery({ name: 'api_key', required: false, description: 'The Open311 key, when not sent in the form', schema: { type: 'string', maxLength: 1024 } })
  @ApiConsumes(OPEN311_FORM_TYPE)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['service_code'],
      properties: {
        api_key: { type: 'string' },
        jurisdiction_id: { type: 'string' },
        service_code: { type: 'string' },
        lat: { type: 'number' },
        long: { type: 'number' },
        address_string: { type: 'string' },
        address_id: { type: 'string', maxLength: 255 },
        email: { type: 'string' },
        device_id: { type: 'string' },
        account_id: { type: 'string' },
        first_name: { type: 'string' },
        last_name: { type: 'string' },
        phone: { type: 'string' },
        description: { type: 'string', maxLength: 4000 },
        media_url: { type: 'string', format: 'uri', maxLength: 2048, pattern: '^https?://', description: 'An http or https link to a photo of the problem' },
      },
      additionalProperties: { type: 'string', description: 'attribute[CODE] values of the service definition' },
    },
  })
  @ApiResponse({ status: 201, ...GEOREPORT })
  @ApiResponse({ status: 400, ...ERRORS })
  @ApiResponse({ status: 403, ...ERRORS })
  @ApiResponse({ status: 404, ...ERRORS })
  @ApiResponse({ status: 429, ...ERRORS })
  @ApiResponse({ status: 503, ...ERRORS })
  create(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  private forward(request: HttpRequest, response: HttpReply): Promise<void> {
    return this.proxy.forwardTo('complaints', withoutApiKey(request.originalUrl), request, response);
  }
}
