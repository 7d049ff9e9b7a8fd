import { Body, ConflictException, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, ALL_AGENCIES_SCOPE, AuthPrincipal, canActForAgency, forbidden, hasScope, Principal, RequireScopes } from '@palembang/auth';
import type { Response } from 'express';
import { OAuthClient, OAuthClientStore } from '../oauth/oauth-client.store';
import { AgencyRule } from '../forwarding/agency-rule';
import { ClientDto, ClientPageDto, ClientWithSecretDto, CreateClientDto } from './client.dto';
import { ValidationProblemException } from '@palembang/http';

const CLIENT_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Administration of OAuth clients; an admin without agencies:all manages its own agency's clients only. */
@ApiTags('admin')
@Controller('v1/admin/clients')
@RequireScopes(ADMIN_SCOPE)
@AgencyRule('admin-own-agency')
export class ClientsController {
  constructor(@Inject(OAuthClientStore) private readonly clients: OAuthClientStore) {}

  @Post()
  @ApiOperation({ summary: 'Register a client; its secret is shown once' })
  @ApiCreatedResponse({ type: ClientWithSecretDto })
  @ApiBadRequestResponse({ description: 'Invalid fields (problem+json)' })
  async create(
    @Body() body: CreateClientDto,
    @Principal() principal: AuthPrincipal,
    @Res() response: Response,
  ): Promise<ClientWithSecretDto> {
    this.checkAgency(principal, body.agencyId);
    if (body.scopes.includes(ALL_AGENCIES_SCOPE) && !hasScope(principal, ALL_AGENCIES_SCOPE)) {
      throw forbidden('Only a client holding agencies:all may grant it.', 'auth.scope_not_grantable');
    }
    const created = await this.clients.create({ name: body.name, agencyId: body.agencyId, scopes: body.scopes });
    if (!created) throw new ConflictException('A client id collided; retry.');
    return sendSecretOnce(response, 201, { ...created.client, clientSecret: created.secret });
  }

  @Get()
  @ApiOperation({ summary: 'List clients (never their secrets)' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } })
  @ApiOkResponse({ type: ClientPageDto })
  async list(@Principal() principal: AuthPrincipal, @Query('limit') limitParam?: string, @Query('cursor') cursor?: string): Promise<ClientPageDto> {
    const limit = limitParam === undefined ? 50 : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new ValidationProblemException([{ field: 'limit', message: 'limit must be an integer from 1 to 200' }]);
    if (cursor !== undefined && !CLIENT_ID.test(cursor)) throw new ValidationProblemException([{ field: 'cursor', message: 'cursor is not a client id' }]);
    const agencyId = hasScope(principal, ALL_AGENCIES_SCOPE) ? undefined : principal.agencyId;
    const items = await this.clients.list({ agencyId, after: cursor, limit: limit + 1 });
    const page = items.slice(0, limit);
    return { items: page, nextCursor: items.length > limit ? page[page.length - 1].clientId : null };
  }

  @Post(':clientId/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the secret; the old one stops working at once, the new one is shown once' })
  @ApiParam({ name: 'clientId', type: String })
  @ApiOkResponse({ type: ClientWithSecretDto })
  @ApiNotFoundResponse({ description: 'No such client' })
  @ApiConflictResponse({ description: 'The client is revoked' })
  async rotateSecret(@Param('clientId') clientId: string, @Principal() principal: AuthPrincipal, @Res() response: Response): Promise<ClientWithSecretDto> {
    await this.findManaged(clientId, principal);
    const rotated = await this.clients.rotateSecret(clientId);
    if (!rotated) throw new ConflictException('A revoked client cannot get a new secret.');
    return sendSecretOnce(response, 200, { ...rotated.client, clientSecret: rotated.secret });
  }

  @Post(':clientId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a client: it gets no more tokens (tokens already issued expire within 10 minutes)' })
  @ApiParam({ name: 'clientId', type: String })
  @ApiOkResponse({ type: ClientDto })
  @ApiNotFoundResponse({ description: 'No such client' })
  async revoke(@Param('clientId') clientId: string, @Principal() principal: AuthPrincipal): Promise<ClientDto> {
    await this.findManaged(clientId, principal);
    const revoked = await this.clients.revoke(clientId);
    if (!revoked) throw new NotFoundException(`No client ${clientId}.`);
    return revoked;
  }

  private async findManaged(clientId: string, principal: AuthPrincipal): Promise<OAuthClient> {
    const client = CLIENT_ID.test(clientId) ? await this.clients.find(clientId) : undefined;
    if (!client) throw new NotFoundException(`No client ${clientId}.`);
    this.checkAgency(principal, client.agencyId);
    return client;
  }

  private checkAgency(principal: AuthPrincipal, agencyId: string): void {
    if (!canActForAgency(principal, agencyId)) throw forbidden(`The client may not act for agency ${agencyId}.`, 'auth.other_agency');
  }
}

/**
 * Sends the secret to the caller and hands the idempotency layer a copy
 * without it: a response remembered for an Idempotency-Key replay must not
 * keep the secret in the database. A replay says the client exists; its
 * secret is not shown again (rotate it if it was lost).
 */
function sendSecretOnce(response: Response, status: number, body: ClientWithSecretDto): ClientWithSecretDto {
  response.status(status).json(body);
  return { ...body, clientSecret: null };
}
