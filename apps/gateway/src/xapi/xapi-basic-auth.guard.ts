import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AuthenticatedRequest } from '@palembang/auth';
import { basicCredentials, CredentialExchange } from '../credentials/credential-exchange';

/**
 * A learning-management system authenticates to the xAPI resources with HTTP
 * Basic: the id and secret of an xAPI credential issued to its platform client
 * (`POST /v1/admin/clients/{clientId}/xapi-credentials`), which works here and
 * nowhere else; the client's OAuth secret does not. Reading statements needs
 * training:read, writing them training:write; no or bad credentials are a 401
 * with a Basic challenge, too many bad ones a 429.
 */
@Injectable()
export class XapiBasicAuthGuard implements CanActivate {
  constructor(@Inject(CredentialExchange) private readonly credentials: CredentialExchange) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const scope = request.method === 'GET' || request.method === 'HEAD' ? 'training:read' : 'training:write';
    await this.credentials.exchange(request, 'xapi', basicCredentials(request.headers.authorization), scope, 401);
    return true;
  }
}
