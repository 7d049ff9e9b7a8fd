import { applyDecorators, Controller, Delete, Get, Headers, HttpCode, Inject, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { ApiProblems, correlationIdOf, type HttpRequest, type HttpReply } from '@palembang/http';
import {
  AGENT_PARAMETER_SCHEMA, DocumentMethod, DocumentQuery, DocumentResource, IRI_PATTERN, parseActivityIdParameter, parseAgentParameter, parseDocumentRequest,
} from '@palembang/xapi';
import { xapiBadRequest, XapiCaller, xapiCallerOf } from '../../xapi/xapi.service';
import { RawDocumentBody } from '../raw-document-body';
import { IncomingDocument, WriteConditions, XapiDocumentsService } from '../xapi-documents.service';

const VERSION_HEADER = { name: 'X-Experience-API-Version', required: true, description: '1.0.x; every answer carries 1.0.3' };
const ANY_DOCUMENT = { description: 'The document: any media type, stored as bytes with its Content-Type', schema: {} };
/** POST merges JSON objects only (xAPI-Communication 2.2): anything else is 400, so the document says so. */
const JSON_OBJECT_DOCUMENT = { description: 'A JSON object, merged into the stored one (top-level properties), or stored when there is none', schema: { type: 'object', additionalProperties: true } };
const CONSUMES = ['application/json', 'application/octet-stream', 'text/plain'];
const IF_MATCH = { name: 'If-Match', required: false, description: 'The ETag of the document being replaced (412 when it has changed)' };
const IF_NONE_MATCH = { name: 'If-None-Match', required: false, description: '`*`: only when there is no document yet (412 otherwise)' };
const AGENT = { name: 'agent', required: true, description: 'The JSON of an Agent or Identified Group', content: { 'application/json': { schema: AGENT_PARAMETER_SCHEMA as object } } };
const ACTIVITY = { name: 'activityId', required: true, schema: { type: 'string', pattern: IRI_PATTERN, maxLength: 4096 } };
const SINCE = { name: 'since', required: false, description: 'Only ids of documents stored or changed after this timestamp (when listing ids)', schema: { type: 'string', format: 'date-time' } };
const STATE_PARAMETERS = [ACTIVITY, AGENT, { name: 'registration', required: false, schema: { type: 'string', format: 'uuid' } }];

function documentResource(resource: DocumentResource, idName: string, scopeNote: string, parameters: ReadonlyArray<Parameters<typeof ApiQuery>[0]>) {
  return { resource, idName, scopeNote, parameters };
}
const STATE = documentResource('state', 'stateId', 'an activity and an agent, optionally a registration', STATE_PARAMETERS);
const ACTIVITY_PROFILE = documentResource('activity-profile', 'profileId', 'an activity', [ACTIVITY]);
const AGENT_PROFILE = documentResource('agent-profile', 'profileId', 'an agent', [AGENT]);

/**
 * The Document resources of the learning record store (xAPI-Communication 2.2, 2.3, 2.6, 2.7): State,
 * Activity Profile and Agent Profile; and the Agents (2.4) and Activities (2.5) resources. HEAD answers
 * as GET without a body (Fastify routes it to the GET handler). Documents are the caller's agency's
 * (see XapiDocumentsService); X-Experience-API-Version is checked by XapiVersionMiddleware.
 */
@ApiTags('xapi')
@Controller('xapi')
export class XapiDocumentsController {
  constructor(@Inject(XapiDocumentsService) private readonly documents: XapiDocumentsService) {}

  @Get('activities/state')
  @RequireScopes('training:read')
  @ApiOperation({ summary: `One State document (stateId), or the stateIds of ${STATE.scopeNote} (since optional); the caller's agency's only` })
  @ReadDocumentation(STATE)
  readState(@Query() query: DocumentQuery, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.read(STATE.resource, query, principal, request, response);
  }

  @RawDocumentBody()
  @Put('activities/state')
  @HttpCode(204)
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'Store a State document, replacing the one there (If-Match and If-None-Match honoured, neither required)' })
  @WriteDocumentation(STATE, 'PUT')
  putState(@Query() query: DocumentQuery, @Headers() headers: Record<string, string | undefined>, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest): Promise<void> {
    return this.write(STATE.resource, 'PUT', query, headers, principal, request);
  }

  @RawDocumentBody()
  @Post('activities/state')
  @HttpCode(204)
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'Store a State document, or merge a JSON object into the stored JSON object (400 when either is not one)' })
  @WriteDocumentation(STATE, 'POST')
  postState(@Query() query: DocumentQuery, @Headers() headers: Record<string, string | undefined>, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest): Promise<void> {
    return this.write(STATE.resource, 'POST', query, headers, principal, request);
  }

  @Delete('activities/state')
  @HttpCode(204)
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'Delete one State document (stateId), or every State document of the activity and agent (of the registration when given)' })
  @DeleteDocumentation(STATE)
  deleteState(@Query() query: DocumentQuery, @Headers() headers: Record<string, string | undefined>, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest): Promise<void> {
    return this.remove(STATE.resource, query, headers, principal, request);
  }

  @Get('activities/profile')
  @RequireScopes('training:read')
  @ApiOperation({ summary: `One Activity Profile document (profileId), or the profileIds of ${ACTIVITY_PROFILE.scopeNote} (since optional); the caller's agency's only` })
  @ReadDocumentation(ACTIVITY_PROFILE)
  readActivityProfile(@Query() query: DocumentQuery, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.read(ACTIVITY_PROFILE.resource, query, principal, request, response);
  }

  @RawDocumentBody()
  @Put('activities/profile')
  @HttpCode(204)
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'Store an Activity Profile document; replacing an existing one needs If-Match (409 without either header, 412 on a changed ETag)' })
  @WriteDocumentation(ACTIVITY_PROFILE, 'PUT')
  putActivityProfile(@Query() query: DocumentQuery, @Headers() headers: Record<string, string | undefined>, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest): Promise<void> {
    return this.write(ACTIVITY_PROFILE.resource, 'PUT', query, headers, principal, request);
  }

  @RawDocumentBody()
  @Post('activities/profile')
  @HttpCode(204)
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'Store an Activity Profile document, or merge a JSON object into the stored JSON object' })
  @WriteDocumentation(ACTIVITY_PROFILE, 'POST')
  postActivityProfile(@Query() query: DocumentQuery, @Headers() headers: Record<string, string | undefined>, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest): Promise<void> {
    return this.write(ACTIVITY_PROFILE.resource, 'POST', query, headers, principal, request);
  }

  @Delete('activities/profile')
  @HttpCode(204)
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'Delete an Activity Profile document (If-Match honoured)' })
  @DeleteDocumentation(ACTIVITY_PROFILE)
  deleteActivityProfile(@Query() query: DocumentQuery, @Headers() headers: Record<string, string | undefined>, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest): Promise<void> {
    return this.remove(ACTIVITY_PROFILE.resource, query, headers, principal, request);
  }

  @Get('agents/profile')
  @RequireScopes('training:read')
  @ApiOperation({ summary: `One Agent Profile document (profileId), or the profileIds of ${AGENT_PROFILE.scopeNote} (since optional); the caller's agency's only` })
  @ReadDocumentation(AGENT_PROFILE)
  readAgentProfile(@Query() query: DocumentQuery, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest, @Res() response: HttpReply): Promise<void> {
    return this.read(AGENT_PROFILE.resource, query, principal, request, response);
  }

  @RawDocumentBody()
  @Put('agents/profile')
  @HttpCode(204)
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'Store an Agent Profile document; replacing an existing one needs If-Match (409 without either header, 412 on a changed ETag)' })
  @WriteDocumentation(AGENT_PROFILE, 'PUT')
  putAgentProfile(@Query() query: DocumentQuery, @Headers() headers: Record<string, string | undefined>, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest): Promise<void> {
    return this.write(AGENT_PROFILE.resource, 'PUT', query, headers, principal, request);
  }

  @RawDocumentBody()
  @Post('agents/profile')
  @HttpCode(204)
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'Store an Agent Profile document, or merge a JSON object into the stored JSON object' })
  @WriteDocumentation(AGENT_PROFILE, 'POST')
  postAgentProfile(@Query() query: DocumentQuery, @Headers() headers: Record<string, string | undefined>, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest): Promise<void> {
    return this.write(AGENT_PROFILE.resource, 'POST', query, headers, principal, request);
  }

  @Delete('agents/profile')
  @HttpCode(204)
  @RequireScopes('training:write')
  @ApiOperation({ summary: 'Delete an Agent Profile document (If-Match honoured)' })
  @DeleteDocumentation(AGENT_PROFILE)
  deleteAgentProfile(@Query() query: DocumentQuery, @Headers() headers: Record<string, string | undefined>, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest): Promise<void> {
    return this.remove(AGENT_PROFILE.resource, query, headers, principal, request);
  }

  @Get('agents')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'The Person object of an agent: its names and identifiers, each an array (this LRS links no other identities to it)' })
  @ApiHeader(VERSION_HEADER)
  @ApiQuery(AGENT)
  @ApiOkResponse({ schema: { type: 'object', properties: { objectType: { type: 'string', enum: ['Person'] } }, additionalProperties: true } })
  @ApiProblems(400, 401, 403)
  agents(@Query() query: DocumentQuery) {
    const agent = parseAgentParameter(query);
    if (!agent.ok) throw xapiBadRequest(agent.errors);
    return this.documents.person(agent.value);
  }

  @Get('activities')
  @RequireScopes('training:read')
  @ApiOperation({ summary: 'The Activity object of an activity id: its definition merged from the statements the caller may read, or the id alone' })
  @ApiHeader(VERSION_HEADER)
  @ApiQuery(ACTIVITY)
  @ApiOkResponse({ schema: { type: 'object', properties: { objectType: { type: 'string', enum: ['Activity'] }, id: { type: 'string' }, definition: { type: 'object', additionalProperties: true } }, additionalProperties: true } })
  @ApiProblems(400, 401, 403, 503)
  activities(@Query() query: DocumentQuery, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest) {
    const activityId = parseActivityIdParameter(query);
    if (!activityId.ok) throw xapiBadRequest(activityId.errors);
    return this.documents.activity(activityId.value, xapiCallerOf(principal, correlationIdOf(request)));
  }

  private async read(resource: DocumentResource, query: DocumentQuery, principal: AuthPrincipal, request: HttpRequest, response: HttpReply): Promise<void> {
    const parsed = parseDocumentRequest(resource, request.method as DocumentMethod, query);
    if (!parsed.ok) throw xapiBadRequest(parsed.errors);
    const caller = this.callerOf(principal, request);
    if (parsed.value.kind === 'ids') {
      response.status(200).send(await this.documents.ids(parsed.value, caller));
      return;
    }
    if (parsed.value.kind !== 'single') return;
    const document = await this.documents.get(parsed.value, caller);
    response.status(200).header('ETag', document.etag).header('Last-Modified', document.updated.toUTCString()).header('Content-Type', document.contentType).send(document.content);
  }

  private async write(resource: DocumentResource, method: 'PUT' | 'POST', query: DocumentQuery, headers: Record<string, string | undefined>, principal: AuthPrincipal, request: HttpRequest): Promise<void> {
    const parsed = parseDocumentRequest(resource, method, query);
    if (!parsed.ok) throw xapiBadRequest(parsed.errors);
    if (parsed.value.kind !== 'single') return;
    const store = method === 'PUT' ? this.documents.put.bind(this.documents) : this.documents.post.bind(this.documents);
    await store(parsed.value, incomingDocument(request), conditionsOf(headers), this.callerOf(principal, request));
  }

  private async remove(resource: DocumentResource, query: DocumentQuery, headers: Record<string, string | undefined>, principal: AuthPrincipal, request: HttpRequest): Promise<void> {
    const parsed = parseDocumentRequest(resource, 'DELETE', query);
    if (!parsed.ok) throw xapiBadRequest(parsed.errors);
    if (parsed.value.kind === 'ids') return;
    await this.documents.delete(parsed.value, conditionsOf(headers), this.callerOf(principal, request));
  }

  private callerOf(principal: AuthPrincipal, request: HttpRequest): XapiCaller {
    return xapiCallerOf(principal, correlationIdOf(request));
  }
}

/**
 * The bytes as sent: raw (RawDocumentBody), or, for the media types the shared parsers read first, written
 * back from what they parsed (JSON text; a form as a query string). No body is an empty document.
 */
function incomingDocument(request: HttpRequest): IncomingDocument {
  const contentType = request.headers['content-type'] ?? 'application/octet-stream';
  const body: unknown = request.body;
  if (Buffer.isBuffer(body)) return { content: body, contentType };
  if (body === undefined) return { content: Buffer.alloc(0), contentType };
  const form = contentType.toLowerCase().startsWith('application/x-www-form-urlencoded');
  return { content: Buffer.from(form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body), 'utf8'), contentType };
}

function conditionsOf(headers: Record<string, string | undefined>): WriteConditions {
  return { ifMatch: headers['if-match'], ifNoneMatch: headers['if-none-match'] };
}

type ResourceDocumentation = Readonly<{ idName: string; parameters: ReadonlyArray<Parameters<typeof ApiQuery>[0]> }>;

function queries(resource: ResourceDocumentation, id: 'required' | 'optional', since: boolean): MethodDecorator[] {
  const documentId = { name: resource.idName, required: id === 'required', schema: { type: 'string', minLength: 1, maxLength: 1024 } };
  return [...resource.parameters, documentId, ...(since ? [SINCE] : [])].map((parameter) => ApiQuery(parameter));
}

function ReadDocumentation(resource: ResourceDocumentation): MethodDecorator {
  return applyDecorators(
    ApiHeader(VERSION_HEADER),
    ...queries(resource, 'optional', true),
    ApiProduces('application/json', 'application/octet-stream', 'text/plain'),
    ApiResponse({ status: 200, description: `The document, with its Content-Type, ETag and Last-Modified; without ${resource.idName}, a JSON array of ids`, content: { 'application/json': { schema: {} }, 'application/octet-stream': { schema: { type: 'string', format: 'binary' } }, 'text/plain': { schema: { type: 'string' } } } }),
    ApiProblems(400, 401, 403, 404, 503),
  );
}

function WriteDocumentation(resource: ResourceDocumentation, method: 'PUT' | 'POST'): MethodDecorator {
  return applyDecorators(
    ApiHeader(VERSION_HEADER),
    ApiHeader(IF_MATCH),
    ApiHeader(IF_NONE_MATCH),
    ...queries(resource, 'required', false),
    ...(method === 'PUT' ? [ApiConsumes(...CONSUMES), ApiBody(ANY_DOCUMENT)] : [ApiConsumes('application/json'), ApiBody(JSON_OBJECT_DOCUMENT)]),
    ApiResponse({ status: 204, description: method === 'PUT' ? 'Stored' : 'Stored or merged' }),
    ApiProblems(400, 401, 403, 409, 412, 413, 503),
  );
}

function DeleteDocumentation(resource: ResourceDocumentation): MethodDecorator {
  return applyDecorators(
    ApiHeader(VERSION_HEADER),
    ApiHeader(IF_MATCH),
    ...queries(resource, resource.idName === 'stateId' ? 'optional' : 'required', false),
    ApiResponse({ status: 204, description: 'Deleted (or there was nothing to delete)' }),
    ApiProblems(400, 401, 403, 412, 503),
  );
}
