import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AuthenticatedRequest } from '@palembang/auth';
import { CredentialExchange, splitCredentials } from '../credentials/credential-exchange';

/** The scope an Open311 client's api_key must carry to file requests. */
export const OPEN311_WRITE_SCOPE = 'complaints:write';

/**
 * Open311 clients authenticate with `api_key` (GeoReport v2): an Open311 key
 * issued to a platform client (`POST /v1/admin/clients/{clientId}/open311-keys`),
 * its id and secret joined by a colon. The key works here and nowhere else, and
 * the client's OAuth secret does not work here. A missing or bad key, or a
 * client without complaints:write, is a 403 (the specification's status for a
 * bad key); too many bad keys a 429.
 */
@Injectable()
export class Open311ApiKeyGuard implements CanActivate {
  constructor(@Inject(CredentialExchange) private readonly credentials: CredentialExchange) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { body?: Record<string, unknown> }>();
    const apiKey = request.body?.api_key;
    if (request.body) delete request.body.api_key;
    await this.credentials.exchange(request, 'open311', splitCredentials(apiKey), OPEN311_WRITE_SCOPE, 403);
    return true;
  }
}
