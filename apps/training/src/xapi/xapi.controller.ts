import { Body, Controller, Get, HttpCode, Inject, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { ApiProblems, correlationIdOf } from '@palembang/http';
import {
  aboutDocument, acceptedLanguages, moreLink, parseStatementQuery, QueryParameters, validateStatementBatch, validateStatementForPut,
} from '@palembang/xapi';
import type { Request } from 'express';
import { xapiBadRequest, xapiCallerOf, XapiStatementsService } from './xapi.service';

const VERSION_HEADER = { name: 'X-Experience-API-Version', required: true, description: '1.0.x; every answer carries 1.0.3' };
const STATEMENT_BODY = { description: 'An xAPI 1.0.3 Statement, or (POST) an array of them', schema: { type: 'object', additionalProperties: true } };
export const STATEMENTS_PATH = '/xapi/statements';

/**
 * The xAPI 1.0.3 Statement resource of the city's learning record store. The gateway turns the LMS's
 * HTTP Basic credentials into a token for training:read / training:write; the authority of a stored
 * statement is that client. What a client may store, read and void is decided by XapiStatementsService.
 */
@ApiTags('xapi')
@Controller('xapi')
export class XapiController {
  constructor(@Inject(XapiStatementsService) private readonly statements: XapiStatementsService) {}

  @Get('about')
  @ApiOperation({ summary: 'The xAPI versions this learning record store speaks' })
  @ApiOkResponse({ schema: { type: 'object', properties: { version: { type: 'array', items: { type: 'string' } } } } })
  about() {
    return aboutDocument();
  }

  @Put('statements')
  @HttpCode(204)
  @RequireScopes('training:write')
  @ApiOperation({ summary: "Store one statement under statementId (204; the same again 204; another statement under that id 409); about the caller's agency's civil servants only (agencies:all: any)" })
  @ApiHeader(VERSION_HEADER)
  @ApiBody(STATEMENT_BODY)
  @ApiResponse({ status: 204, description: 'Stored' })
  @ApiProblems(400, 401, 403, 409, 413, 503)
  async put(@Query('statementId') statementId: string | undefined, @Body() body: unknown, @Principal() principal: AuthPrincipal, @Req() request: Request): Promise<void> {
    const statement = validateStatementForPut(body, typeof statementId === 'string' ? statementId : undefined);
    if (!statement.ok) throw xapiBadRequest(statement.errors);
    await this.statements.store_([statement.value], xapiCallerOf(principal, correlationIdOf(request)));
  }

  @Post('statements')
  @HttpCode(200)
  @RequireScopes('training:write')
  @ApiOperation({ summary: "Store one or more statements, all or none; answers their ids in order. A NIP actor must serve at the caller's agency (agencies:all: any), a voided statement must be the caller's, a credited year must not be closed" })
  @ApiHeader(VERSION_HEADER)
  @ApiBody(STATEMENT_BODY)
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'string', format: 'uuid' } } })
  @ApiProblems(400, 401, 403, 409, 413, 503)
  async post(@Body() body: unknown, @Principal() principal: AuthPrincipal, @Req() request: Request): Promise<string[]> {
    const batch = validateStatementBatch(body);
    if (!batch.ok) throw xapiBadRequest(batch.errors);
    return this.statements.store_(batch.value, xapiCallerOf(principal, correlationIdOf(request)));
  }

  @Get('statements')
  @RequireScopes('training:read')
  @ApiOperation({ summary: "One statement (statementId, voidedStatementId) or a StatementResult filtered by agent, verb, activity, registration, since, until, limit, ascending; only what the caller stored and what concerns its agency's civil servants (agencies:all: all)" })
  @ApiHeader(VERSION_HEADER)
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true } })
  @ApiProblems(400, 401, 403, 404, 503)
  async get(@Query() query: QueryParameters, @Principal() principal: AuthPrincipal, @Req() request: Request) {
    const parsed = parseStatementQuery(query);
    if (!parsed.ok) throw xapiBadRequest(parsed.errors);
    const statementQuery = parsed.value;
    const reader = xapiCallerOf(principal, correlationIdOf(request));
    const languages = acceptedLanguages(request.headers['accept-language']);
    if (statementQuery.kind === 'single') return this.statements.single(statementQuery.statementId, statementQuery.voided, statementQuery.format, languages, reader);
    const page = await this.statements.search(statementQuery, languages, reader);
    return { statements: page.statements, more: page.lastPosition === null ? '' : moreLink(STATEMENTS_PATH, statementQuery, page.lastPosition) };
  }
}
