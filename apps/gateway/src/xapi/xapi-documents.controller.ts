import { applyDecorators, Controller, Delete, Get, Inject, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AGENT_PARAMETER_SCHEMA, IRI_PATTERN } from '@palembang/xapi';
import { AgencyRule } from '../forwarding/agency-rule';
import { RateLimitGuard } from '../forwarding/rate-limit.guard';
import { ServiceProxy } from '../forwarding/service-proxy';
import { XapiBasicAuthGuard } from './xapi-basic-auth.guard';
import { XAPI_BASIC_SCHEME } from './xapi.controller';
import { RawBody, type HttpReply, type HttpRequest } from '@palembang/http';

const VERSION_HEADER = { name: 'X-Experience-API-Version', required: true, description: '1.0.x' };
const AGENT = { name: 'agent', required: true, description: 'The JSON of an Agent or Identified Group', content: { 'application/json': { schema: AGENT_PARAMETER_SCHEMA as object } } };
const ACTIVITY = { name: 'activityId', required: true, schema: { type: 'string', pattern: IRI_PATTERN, maxLength: 4096 } };
const REGISTRATION = { name: 'registration', required: false, schema: { type: 'string', format: 'uuid' } };
const SINCE = { name: 'since', required: false, description: 'Only ids of documents stored or changed after this timestamp (listing ids)', schema: { type: 'string', format: 'date-time' } };
const DOCUMENT_TYPES = ['application/json', 'application/octet-stream', 'text/plain'];

const REFUSALS: Record<number, string> = {
  400: 'A bad parameter (unknown, miscased, repeated or malformed), or a POST whose body or stored document is not a JSON object (application/json)',
  401: 'No or bad credentials',
  404: 'No such document of the caller\'s agency',
  409: 'A PUT over an existing profile document without If-Match or If-None-Match',
  412: 'If-Match names another ETag (or there is no document), or If-None-Match: * and there is one',
  413: 'The document is larger than 64 kB',
  429: 'Too many failed logins for this credential or from this address, or too many calls; see Retry-After',
};

type Resource = Readonly<{ idName: string; parameters: ReadonlyArray<Parameters<typeof ApiQuery>[0]> }>;
const STATE: Resource = { idName: 'stateId', parameters: [ACTIVITY, AGENT, REGISTRATION] };
const ACTIVITY_PROFILE: Resource = { idName: 'profileId', parameters: [ACTIVITY] };
const AGENT_PROFILE: Resource = { idName: 'profileId', parameters: [AGENT] };

/** A document may be of any media type: the bytes the shared JSON parser did not read go on to the service as they came, under the same limit. */
/** A document of any media type goes on to the service as the bytes that came (JSON and forms arrive parsed). */
const DOCUMENT_BODY_LIMIT = '64kb';

/**
 * The xAPI 1.0.3 Document resources (State, Activity Profile, Agent Profile) and the Agents and Activities
 * resources, forwarded to the training service with the statements' HTTP Basic credentials (Bearer tokens
 * too); HEAD answers as GET. Documents are the caller's agency's: another agency's LMS neither sees nor
 * changes them.
 */
@ApiTags('xapi')
@Controller('xapi')
@AgencyRule('own-agency')
@UseGuards(XapiBasicAuthGuard, RateLimitGuard)
@ApiBasicAuth(XAPI_BASIC_SCHEME)
export class XapiDocumentsController {
  constructor(@Inject(ServiceProxy) private readonly proxy: ServiceProxy) {}

  @Get('activities/state')
  @ApiOperation({ summary: 'One State document (stateId), with its Content-Type, ETag and Last-Modified, or the stateIds of the activity and agent (since optional)' })
  @Read(STATE)
  readState(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @RawBody(DOCUMENT_BODY_LIMIT)
  @Put('activities/state')
  @ApiOperation({ summary: 'Store a State document of any media type, replacing the one there (If-Match, If-None-Match honoured, not required)' })
  @Write(STATE, 'PUT')
  putState(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @RawBody(DOCUMENT_BODY_LIMIT)
  @Post('activities/state')
  @ApiOperation({ summary: 'Store a JSON object as the State document, or merge it into the stored JSON object (400 when either is not one)' })
  @Write(STATE, 'POST')
  postState(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @Delete('activities/state')
  @ApiOperation({ summary: 'Delete one State document (stateId), or all of the activity and agent (of the registration when given)' })
  @Remove(STATE)
  deleteState(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @Get('activities/profile')
  @ApiOperation({ summary: 'One Activity Profile document (profileId), or the profileIds of the activity (since optional)' })
  @Read(ACTIVITY_PROFILE)
  readActivityProfile(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @RawBody(DOCUMENT_BODY_LIMIT)
  @Put('activities/profile')
  @ApiOperation({ summary: 'Store an Activity Profile document; replacing one needs If-Match (409 without either header, 412 on a changed ETag)' })
  @Write(ACTIVITY_PROFILE, 'PUT')
  putActivityProfile(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @RawBody(DOCUMENT_BODY_LIMIT)
  @Post('activities/profile')
  @ApiOperation({ summary: 'Store an Activity Profile document, or merge a JSON object into the stored JSON object' })
  @Write(ACTIVITY_PROFILE, 'POST')
  postActivityProfile(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @Delete('activities/profile')
  @ApiOperation({ summary: 'Delete an Activity Profile document (If-Match honoured)' })
  @Remove(ACTIVITY_PROFILE)
  deleteActivityProfile(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @Get('agents/profile')
  @ApiOperation({ summary: 'One Agent Profile document (profileId), or the profileIds of the agent (since optional)' })
  @Read(AGENT_PROFILE)
  readAgentProfile(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @RawBody(DOCUMENT_BODY_LIMIT)
  @Put('agents/profile')
  @ApiOperation({ summary: 'Store an Agent Profile document; replacing one needs If-Match (409 without either header, 412 on a changed ETag)' })
  @Write(AGENT_PROFILE, 'PUT')
  putAgentProfile(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @RawBody(DOCUMENT_BODY_LIMIT)
  @Post('agents/profile')
  @ApiOperation({ summary: 'Store an Agent Profile document, or merge a JSON object into the stored JSON object' })
  @Write(AGENT_PROFILE, 'POST')
  postAgentProfile(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @Delete('agents/profile')
  @ApiOperation({ summary: 'Delete an Agent Profile document (If-Match honoured)' })
  @Remove(AGENT_PROFILE)
  deleteAgentProfile(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @Get('agents')
  @ApiOperation({ summary: 'The Person object of an agent: its names and identifiers, each an array' })
  @ApiHeader(VERSION_HEADER)
  @ApiQuery(AGENT)
  @ApiResponse({ status: 200, description: 'The Person', schema: { type: 'object', properties: { objectType: { type: 'string', enum: ['Person'] } }, additionalProperties: true } })
  @Refusals(400, 401, 429)
  agents(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  @Get('activities')
  @ApiOperation({ summary: 'The Activity object: its definition as the statements the caller may read give it, or its id alone' })
  @ApiHeader(VERSION_HEADER)
  @ApiQuery(ACTIVITY)
  @ApiResponse({ status: 200, description: 'The Activity', schema: { type: 'object', properties: { objectType: { type: 'string', enum: ['Activity'] }, id: { type: 'string' } }, additionalProperties: true } })
  @Refusals(400, 401, 429)
  activities(@Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.forward(request, response);
  }

  private forward(request: HttpRequest, response: HttpReply): Promise<void> {
    return this.proxy.forward('training', request, response);
  }
}


function Refusals(...statuses: number[]): MethodDecorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: REFUSALS[status] })));
}

function queries(resource: Resource, id: 'required' | 'optional', since: boolean): MethodDecorator[] {
  const documentId = { name: resource.idName, required: id === 'required', schema: { type: 'string', minLength: 1, maxLength: 1024 } };
  return [...resource.parameters, documentId, ...(since ? [SINCE] : [])].map((parameter) => ApiQuery(parameter));
}

function Read(resource: Resource): MethodDecorator {
  return applyDecorators(
    ApiHeader(VERSION_HEADER),
    ...queries(resource, 'optional', true),
    ApiProduces(...DOCUMENT_TYPES),
    ApiResponse({ status: 200, description: `The document as stored; without ${resource.idName}, a JSON array of ids` }),
    Refusals(400, 401, 404, 429),
  );
}

function Write(resource: Resource, method: 'PUT' | 'POST'): MethodDecorator {
  return applyDecorators(
    ApiHeader(VERSION_HEADER),
    ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the document replaced' }),
    ApiHeader({ name: 'If-None-Match', required: false, description: '`*`: only when there is no document yet' }),
    ...queries(resource, 'required', false),
    // POST merges JSON objects only (xAPI-Communication 2.2); PUT stores a document of any media type.
    ...(method === 'PUT'
      ? [ApiConsumes(...DOCUMENT_TYPES), ApiBody({ description: 'The document, any media type', schema: {} })]
      : [ApiConsumes('application/json'), ApiBody({ description: 'A JSON object, merged into the stored one or stored when there is none', schema: { type: 'object', additionalProperties: true } })]),
    ApiResponse({ status: 204, description: method === 'PUT' ? 'Stored' : 'Stored or merged' }),
    Refusals(400, 401, 409, 412, 413, 429),
  );
}

function Remove(resource: Resource): MethodDecorator {
  return applyDecorators(
    ApiHeader(VERSION_HEADER),
    ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the document deleted' }),
    ...queries(resource, resource.idName === 'stateId' ? 'optional' : 'required', false),
    ApiResponse({ status: 204, description: 'Deleted (or there was nothing to delete)' }),
    Refusals(400, 401, 412, 429),
  );
}
