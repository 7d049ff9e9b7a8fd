import { Body, Controller, Get, HttpCode, Inject, Post, Put, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { ApiProblems, correlationIdOf, RawBody, type HttpRequest } from '@palembang/http';
import {
  aboutDocument, acceptedLanguages, AttachmentPart, checkAttachmentParts, checkSignedStatements, isMultipartMixed, moreLink, MULTIPART_MIXED, multipartAnswer, Parsed, parseStatementQuery, QueryParameters,
  MULTIPART_BODY_LIMIT, readStatementsMultipart, Sha2, StoredStatement, validateStatementBatch, validateStatementForPut,
} from '@palembang/xapi';
import { createHash, randomUUID } from 'node:crypto';
import { xapiBadRequest, xapiCallerOf, XapiStatementsService } from './xapi.service';

const VERSION_HEADER = { name: 'X-Experience-API-Version', required: true, description: '1.0.x; every answer carries 1.0.3' };
const STATEMENT_BODY = {
  description: "An xAPI 1.0.3 Statement, or (POST) an array of them; or multipart/mixed: the statements as application/json first, then each attachment's raw data (X-Experience-API-Hash, Content-Transfer-Encoding: binary); a signature attachment's JWS is verified",
  schema: { type: 'object', additionalProperties: true },
};
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

  @RawBody(MULTIPART_BODY_LIMIT)
  @Put('statements')
  @HttpCode(204)
  @RequireScopes('training:write')
  @ApiOperation({ summary: "Store one statement under statementId (204; the same again 204; another statement under that id 409); about the caller's agency's civil servants only (agencies:all: any)" })
  @ApiHeader(VERSION_HEADER)
  @ApiConsumes('application/json', MULTIPART_MIXED)
  @ApiBody(STATEMENT_BODY)
  @ApiResponse({ status: 204, description: 'Stored' })
  @ApiProblems(400, 401, 403, 409, 413, 503)
  async put(@Query('statementId') statementId: string | undefined, @Body() body: unknown, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest): Promise<void> {
    const received = await receivedStatements(body, request);
    const statement = validateStatementForPut(received.statements, typeof statementId === 'string' ? statementId : undefined);
    if (!statement.ok) throw xapiBadRequest(statement.errors);
    const attachments = okOrBadRequest(checkAttachmentParts([statement.value], received.parts));
    okOrBadRequest(await checkSignedStatements([statement.value], attachments));
    await this.statements.store_([statement.value], xapiCallerOf(principal, correlationIdOf(request)), attachments);
  }

  @RawBody(MULTIPART_BODY_LIMIT)
  @Post('statements')
  @HttpCode(200)
  @RequireScopes('training:write')
  @ApiOperation({ summary: "Store one or more statements, all or none; answers their ids in order. A NIP actor must serve at the caller's agency (agencies:all: any), a voided statement must be the caller's, a credited year must not be closed" })
  @ApiHeader(VERSION_HEADER)
  @ApiConsumes('application/json', MULTIPART_MIXED)
  @ApiBody(STATEMENT_BODY)
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'string', format: 'uuid' } } })
  @ApiProblems(400, 401, 403, 409, 413, 503)
  async post(@Body() body: unknown, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest): Promise<string[]> {
    const received = await receivedStatements(body, request);
    const batch = okOrBadRequest(validateStatementBatch(received.statements));
    const attachments = okOrBadRequest(checkAttachmentParts(batch, received.parts));
    okOrBadRequest(await checkSignedStatements(batch, attachments));
    return this.statements.store_(batch, xapiCallerOf(principal, correlationIdOf(request)), attachments);
  }

  @Get('statements')
  @RequireScopes('training:read')
  @ApiOperation({ summary: "One statement (statementId, voidedStatementId) or a StatementResult filtered by agent, verb, activity, registration, since, until, limit, ascending; only what the caller stored and what concerns its agency's civil servants (agencies:all: all)" })
  @ApiHeader(VERSION_HEADER)
  @ApiOkResponse({
    description: 'A Statement, or { statements, more }; with attachments=true multipart/mixed: that JSON first, then the raw data of their attachments',
    content: { 'application/json': { schema: { type: 'object', additionalProperties: true } }, [MULTIPART_MIXED]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(400, 401, 403, 404, 503)
  async get(@Query() query: QueryParameters, @Principal() principal: AuthPrincipal, @Req() request: HttpRequest) {
    const parsed = parseStatementQuery(query);
    if (!parsed.ok) throw xapiBadRequest(parsed.errors);
    const statementQuery = parsed.value;
    const reader = xapiCallerOf(principal, correlationIdOf(request));
    const languages = acceptedLanguages(request.headers['accept-language']);
    if (statementQuery.kind === 'single') {
      const statement = await this.statements.single(statementQuery.statementId, statementQuery.voided, statementQuery.format, languages, reader);
      return statementQuery.attachments ? this.withAttachments(statement, [statement]) : statement;
    }
    const page = await this.statements.search(statementQuery, languages, reader);
    const result = { statements: page.statements, more: page.lastPosition === null ? '' : moreLink(STATEMENTS_PATH, statementQuery, page.lastPosition) };
    return statementQuery.attachments ? this.withAttachments(result, page.statements) : result;
  }

  /** attachments=true: a multipart/mixed answer, the JSON first, then the raw data of the statements' attachments. */
  private async withAttachments(json: unknown, statements: readonly StoredStatement[]): Promise<StreamableFile> {
    const boundary = randomUUID();
    const answer = multipartAnswer(json, await this.statements.attachmentsOf(statements), boundary);
    return new StreamableFile(answer, { type: `${MULTIPART_MIXED}; boundary=${boundary}`, length: answer.length });
  }
}

const sha2Of: Sha2 = (content, hexLength) => {
  const algorithm = ({ 56: 'sha224', 64: 'sha256', 96: 'sha384', 128: 'sha512' } as Record<number, string | undefined>)[hexLength];
  return algorithm ? createHash(algorithm).update(content).digest('hex') : '';
};

/** The statements of a PUT or POST and their attachments' raw data: a JSON body, or a multipart/mixed one. */
async function receivedStatements(body: unknown, request: HttpRequest): Promise<{ statements: unknown; parts: readonly AttachmentPart[] }> {
  const contentType = request.headers['content-type'];
  if (!isMultipartMixed(contentType)) return { statements: body, parts: [] };
  return okOrBadRequest(readStatementsMultipart(Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), contentType ?? '', sha2Of));
}

function okOrBadRequest<T>(result: Parsed<T>): T {
  if (!result.ok) throw xapiBadRequest(result.errors);
  return result.value;
}
