import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AuthenticatedRequest } from '@palembang/auth';
import { CredentialExchange, splitCredentials } from '../credentials/credential-exchange';

/** The scope an Open311 client's api_key must carry to file requests. */
export const OPEN311_WRITE_SCOPE = 'complaints:write';

/**
 * Open311 clients authenticate with `api_key` (GeoReport v2): here a platform
 * client's id and secret joined by a colon. A missing or bad key, or a client
 * without complaints:write, is a 403 (the specification's status for a bad key).
 */
@Injectable()
export class Open311ApiKeyGuard implements CanActivate {
  constructor(@Inject(CredentialExchange) private readonly credentials: CredentialExchange) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { body?: Record<string, unknown> }>();
    const apiKey = request.body?.api_key;
    if (request.body) delete request.body.api_key;
    await this.credentials.exchange(request, splitCredentials(apiKey), OPEN311_WRITE_SCOPE, 403);
    return true;
  }
}
