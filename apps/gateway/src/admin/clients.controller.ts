import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { AgencyRule } from '../forwarding/agency-rule';
import { OAuthClient, OAuthClientStore } from '../oauth/oauth-client.store';
import { ChangeScopesDto, ClientDto, ClientPageDto, ClientWithSecretDto, CreateClientDto } from './client.dto';
import { checkManages, CLIENT_ID, findManagedClient, sendSecretOnce } from './managed-client';
import { RegisteredAgencyCheck } from './registered-agency.check';
import { ApiProblems, problem, ProblemException, ValidationProblemException, type HttpReply } from '@palembang/http';

/**
 * Administration of OAuth clients. An admin sees and manages only clients of
 * its own agency (any agency with agencies:all) that hold no scope it lacks,
 * and grants only scopes it holds (libs/auth client-management). Every change
 * is recorded in gateway_admin_audit with who made it.
 */
@ApiTags('admin')
@Controller('v1/admin/clients')
@RequireScopes(ADMIN_SCOPE)
@AgencyRule('admin-own-agency')
export class ClientsController {
  constructor(
    @Inject(OAuthClientStore) private readonly clients: OAuthClientStore,
    @Inject(RegisteredAgencyCheck) private readonly agencies: RegisteredAgencyCheck,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a client of an agency the caller manages, with scopes the caller holds; its secret is shown once. The agency must be active in the register (GET /v1/agencies)' })
  @ApiCreatedResponse({ type: ClientWithSecretDto })
  @ApiBadRequestResponse({ description: 'Invalid fields (problem+json)' })
  @ApiProblems(422, 503)
  async create(
    @Body() body: CreateClientDto,
    @Principal() principal: AuthPrincipal,
    @Res() response: HttpReply,
    @Headers('authorization') authorization?: string,
  ): Promise<ClientWithSecretDto> {
    checkManages(principal, body);
    await this.agencies.requireRegistered(body.agencyId, authorization);
    const created = await this.clients.create({ name: body.name, agencyId: body.agencyId, scopes: body.scopes }, principal);
    if (!created) throw conflict('CLIENT.ID_COLLIDED', 'A client id collided; retry.');
    return sendSecretOnce<ClientWithSecretDto, 'clientSecret'>(response, 201, { ...created.client, clientSecret: created.secret }, 'clientSecret');
  }

  @Get()
  @ApiOperation({ summary: 'List the clients the caller manages (never their secrets)' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } })
  @ApiOkResponse({ type: ClientPageDto })
  @ApiProblems(400)
  async list(@Principal() principal: AuthPrincipal, @Query('limit') limitParam?: string, @Query('cursor') cursor?: string): Promise<ClientPageDto> {
    const limit = limitParam === undefined ? 50 : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new ValidationProblemException([{ field: 'limit', message: 'limit must be an integer from 1 to 200' }]);
    if (cursor !== undefined && !CLIENT_ID.test(cursor)) throw new ValidationProblemException([{ field: 'cursor', message: 'cursor is not a client id' }]);
    const items = await this.clients.list(principal, { after: cursor, limit: limit + 1 });
    const page = items.slice(0, limit);
    return { items: page, nextCursor: items.length > limit ? page[page.length - 1].clientId : null };
  }

  @Get(':clientId')
  @ApiOperation({ summary: 'Read a client the caller manages (never its secret)' })
  @ApiParam({ name: 'clientId', type: String })
  @ApiOkResponse({ type: ClientDto })
  @ApiNotFoundResponse({ description: 'No such client' })
  async read(@Param('clientId') clientId: string, @Principal() principal: AuthPrincipal): Promise<ClientDto> {
    return this.findManaged(clientId, principal);
  }

  @Post(':clientId/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the secret; the old one stops working at once, tokens issued before within a minute; the new one is shown once' })
  @ApiParam({ name: 'clientId', type: String })
  @ApiOkResponse({ type: ClientWithSecretDto })
  @ApiNotFoundResponse({ description: 'No such client' })
  @ApiConflictResponse({ description: 'The client is revoked' })
  async rotateSecret(@Param('clientId') clientId: string, @Principal() principal: AuthPrincipal, @Res() response: HttpReply): Promise<ClientWithSecretDto> {
    await this.findManaged(clientId, principal);
    const rotated = await this.clients.rotateSecret(clientId, principal);
    if (!rotated) throw await this.refusalAfterChange(clientId, principal, 'CLIENT.REVOKED', 'A revoked client cannot get a new secret.');
    return sendSecretOnce<ClientWithSecretDto, 'clientSecret'>(response, 200, { ...rotated.client, clientSecret: rotated.secret }, 'clientSecret');
  }

  @Put(':clientId/scopes')
  @ApiOperation({ summary: 'Replace the scopes of a client the caller manages, with scopes it holds; tokens issued before stop working within a minute' })
  @ApiParam({ name: 'clientId', type: String })
  @ApiOkResponse({ type: ClientDto })
  @ApiBadRequestResponse({ description: 'Invalid scopes (problem+json)' })
  @ApiNotFoundResponse({ description: 'No such client' })
  @ApiConflictResponse({ description: 'The client is revoked' })
  async changeScopes(@Param('clientId') clientId: string, @Body() body: ChangeScopesDto, @Principal() principal: AuthPrincipal): Promise<ClientDto> {
    const client = await this.findManaged(clientId, principal);
    checkManages(principal, { agencyId: client.agencyId, scopes: body.scopes });
    const changed = await this.clients.changeScopes(clientId, body.scopes, principal);
    if (!changed) throw await this.refusalAfterChange(clientId, principal, 'CLIENT.REVOKED', 'A revoked client cannot get new scopes.');
    return changed;
  }

  @Post(':clientId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a client: it gets no more tokens, and the tokens it holds stop working within a minute' })
  @ApiParam({ name: 'clientId', type: String })
  @ApiOkResponse({ type: ClientDto })
  @ApiNotFoundResponse({ description: 'No such client' })
  async revoke(@Param('clientId') clientId: string, @Principal() principal: AuthPrincipal): Promise<ClientDto> {
    await this.findManaged(clientId, principal);
    const revoked = await this.clients.revoke(clientId, principal);
    if (!revoked) throw await this.refusalAfterChange(clientId, principal, 'CLIENT.CHANGED', `No client ${clientId}.`);
    return revoked;
  }

  private findManaged(clientId: string, principal: AuthPrincipal): Promise<OAuthClient> {
    return findManagedClient(this.clients, clientId, principal);
  }

  /** The store changes a client only while the caller still manages it: when it did not, say why as of now. */
  private async refusalAfterChange(clientId: string, principal: AuthPrincipal, code: string, otherwise: string): Promise<Error> {
    try {
      await this.findManaged(clientId, principal);
    } catch (error) {
      return error as Error;
    }
    return conflict(code, otherwise);
  }
}

function conflict(code: string, detail: string): ProblemException {
  return new ProblemException(problem(409, { code, detail }));
}
