import { Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ADMIN_SCOPE, AuthPrincipal, Principal, RequireScopes } from '@palembang/auth';
import { problem, ProblemException, type HttpReply } from '@palembang/http';
import { AgencyRule } from '../forwarding/agency-rule';
import { API_SCOPES, ApiCredential, ApiCredentialStore, CREDENTIAL_ID, CredentialApi } from '../credentials/api-credential.store';
import { OAuthClient, OAuthClientStore } from '../oauth/oauth-client.store';
import { ApiCredentialDto, ApiCredentialListDto, Open311KeyWithSecretDto, XapiCredentialWithSecretDto } from './api-credential.dto';
import { adminNotFound, findManagedClient, sendSecretOnce } from './managed-client';

const CLIENT_PARAM = { name: 'clientId', type: String, description: 'The OAuth client the credential acts for' };
const CREDENTIAL_PARAM = { name: 'credentialId', type: String };

/**
 * Credentials that work on one API only, issued to an OAuth client: Open311
 * keys (the api_key of GeoReport v2) and xAPI credentials (HTTP Basic for a
 * learning-management system). Neither works at /oauth/token or on the other
 * API, and the client's OAuth secret works on neither; each can be revoked
 * alone. Managing them follows the rule for managing the client itself
 * (refuseClientManagement: its agency or agencies:all, and every scope it holds).
 */
@ApiTags('admin')
@Controller('v1/admin/clients/:clientId')
@RequireScopes(ADMIN_SCOPE)
@AgencyRule('admin-own-agency')
export class ApiCredentialsController {
  constructor(
    @Inject(OAuthClientStore) private readonly clients: OAuthClientStore,
    @Inject(ApiCredentialStore) private readonly credentials: ApiCredentialStore,
  ) {}

  @Post('open311-keys')
  @ApiOperation({ summary: 'Issue an Open311 api_key for the client (needs complaints:write); shown once' })
  @ApiParam(CLIENT_PARAM)
  @ApiCreatedResponse({ type: Open311KeyWithSecretDto })
  @ApiNotFoundResponse({ description: 'No such client' })
  @ApiConflictResponse({ description: 'The client is revoked or holds no scope Open311 uses' })
  async issueOpen311Key(@Param('clientId') clientId: string, @Principal() principal: AuthPrincipal, @Res() response: HttpReply): Promise<Open311KeyWithSecretDto> {
    const { credential, secret } = await this.issue(clientId, 'open311', principal);
    return sendSecretOnce<Open311KeyWithSecretDto, 'apiKey'>(response, 201, { ...credential, apiKey: `${credential.credentialId}:${secret}` }, 'apiKey');
  }

  @Get('open311-keys')
  @ApiOperation({ summary: "List the client's Open311 keys (never their secrets)" })
  @ApiParam(CLIENT_PARAM)
  @ApiOkResponse({ type: ApiCredentialListDto })
  @ApiNotFoundResponse({ description: 'No such client' })
  async listOpen311Keys(@Param('clientId') clientId: string, @Principal() principal: AuthPrincipal): Promise<ApiCredentialListDto> {
    await this.findManaged(clientId, principal);
    return { items: await this.credentials.list(clientId, 'open311') };
  }

  @Post('open311-keys/:credentialId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an Open311 key: it stops working at once' })
  @ApiParam(CLIENT_PARAM)
  @ApiParam(CREDENTIAL_PARAM)
  @ApiOkResponse({ type: ApiCredentialDto })
  @ApiNotFoundResponse({ description: 'No such client or key' })
  revokeOpen311Key(@Param('clientId') clientId: string, @Param('credentialId') credentialId: string, @Principal() principal: AuthPrincipal): Promise<ApiCredentialDto> {
    return this.revoke(clientId, 'open311', credentialId, principal);
  }

  @Post('xapi-credentials')
  @ApiOperation({ summary: 'Issue an xAPI credential (HTTP Basic) for the client (needs training:read or training:write); shown once' })
  @ApiParam(CLIENT_PARAM)
  @ApiCreatedResponse({ type: XapiCredentialWithSecretDto })
  @ApiNotFoundResponse({ description: 'No such client' })
  @ApiConflictResponse({ description: 'The client is revoked or holds no scope xAPI uses' })
  async issueXapiCredential(@Param('clientId') clientId: string, @Principal() principal: AuthPrincipal, @Res() response: HttpReply): Promise<XapiCredentialWithSecretDto> {
    const { credential, secret } = await this.issue(clientId, 'xapi', principal);
    return sendSecretOnce<XapiCredentialWithSecretDto, 'password'>(response, 201, { ...credential, username: credential.credentialId, password: secret }, 'password');
  }

  @Get('xapi-credentials')
  @ApiOperation({ summary: "List the client's xAPI credentials (never their secrets)" })
  @ApiParam(CLIENT_PARAM)
  @ApiOkResponse({ type: ApiCredentialListDto })
  @ApiNotFoundResponse({ description: 'No such client' })
  async listXapiCredentials(@Param('clientId') clientId: string, @Principal() principal: AuthPrincipal): Promise<ApiCredentialListDto> {
    await this.findManaged(clientId, principal);
    return { items: await this.credentials.list(clientId, 'xapi') };
  }

  @Post('xapi-credentials/:credentialId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke an xAPI credential: it stops working at once' })
  @ApiParam(CLIENT_PARAM)
  @ApiParam(CREDENTIAL_PARAM)
  @ApiOkResponse({ type: ApiCredentialDto })
  @ApiNotFoundResponse({ description: 'No such client or credential' })
  revokeXapiCredential(@Param('clientId') clientId: string, @Param('credentialId') credentialId: string, @Principal() principal: AuthPrincipal): Promise<ApiCredentialDto> {
    return this.revoke(clientId, 'xapi', credentialId, principal);
  }

  private async issue(clientId: string, api: CredentialApi, principal: AuthPrincipal): Promise<{ credential: ApiCredential; secret: string }> {
    const client = await this.findManaged(clientId, principal);
    if (!client.scopes.some((scope) => API_SCOPES[api].includes(scope) && scope !== 'agencies:all')) {
      throw conflict('CLIENT.NO_SCOPE_FOR_API', `The client holds none of the scopes ${api} uses (${API_SCOPES[api].filter((scope) => scope !== 'agencies:all').join(', ')}).`);
    }
    const issued = await this.credentials.issue(clientId, api, principal);
    if (!issued) {
      await this.findManaged(clientId, principal); // changed meanwhile: say why as of now
      throw conflict('CLIENT.REVOKED', 'A revoked client gets no new credentials.');
    }
    return issued;
  }

  private async revoke(clientId: string, api: CredentialApi, credentialId: string, principal: AuthPrincipal): Promise<ApiCredential> {
    await this.findManaged(clientId, principal);
    const revoked = CREDENTIAL_ID.test(credentialId) ? await this.credentials.revoke(clientId, api, credentialId, principal) : undefined;
    if (!revoked) {
      await this.findManaged(clientId, principal); // changed meanwhile: say why as of now
      throw adminNotFound(`The client holds no ${api} credential ${credentialId}.`);
    }
    return revoked;
  }

  private findManaged(clientId: string, principal: AuthPrincipal): Promise<OAuthClient> {
    return findManagedClient(this.clients, clientId, principal);
  }
}

function conflict(code: string, detail: string): ProblemException {
  return new ProblemException(problem(409, { code, detail }));
}
