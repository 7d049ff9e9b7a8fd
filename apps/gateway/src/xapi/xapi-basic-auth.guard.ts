import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AuthenticatedRequest } from '@palembang/auth';
import { problem, ProblemException, type HttpReply } from '@palembang/http';
import { alternateRequest, formatTimestamp, isAlternateRequest, XAPI_CONSISTENT_THROUGH_HEADER, XAPI_VERSION, XAPI_VERSION_HEADER } from '@palembang/xapi';
import { basicCredentials, CredentialExchange } from '../credentials/credential-exchange';
import { forwardAs } from '../forwarding/service-proxy';


/**
 * A learning-management system authenticates to the xAPI resources with HTTP
 * Basic: the id and secret of an xAPI credential issued to its platform client
 * (`POST /v1/admin/clients/{clientId}/xapi-credentials`), which works here and
 * nowhere else; the client's OAuth secret does not. Reading statements needs
 * training:read, writing them training:write; no or bad credentials are a 401
 * with a Basic challenge, too many bad ones a 429.
 *
 * A POST with `?method=` (xAPI's Alternate Request Syntax, for clients that cannot send other methods or
 * headers) is first read as the request it stands for: its Authorization may be a form field, and the scope
 * follows the method it names; the request is rewritten into that ordinary one (method, headers, body, and the
 * path and query the proxy forwards), so every xAPI route forwards it to the training service as it would the ordinary one.
 */
@Injectable()
export class XapiBasicAuthGuard implements CanActivate {
  constructor(@Inject(CredentialExchange) private readonly credentials: CredentialExchange) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    markXapiAnswer(request, context.switchToHttp().getResponse<HttpReply>());
    if (isAlternateRequest(request.method, request.query)) asOrdinaryRequest(request);
    const scope = request.method === 'GET' || request.method === 'HEAD' ? 'training:read' : 'training:write';
    await this.credentials.exchange(request, 'xapi', basicCredentials(request.headers.authorization), scope, 401);
    return true;
  }
}

/**
 * The gateway's own answers on the xAPI resources (401, 429, a bad alternate request) carry what every LRS answer
 * carries: the xAPI version, and on the Statement resource X-Experience-API-Consistent-Through (xAPI-Communication
 * 2.1.3, 3.3); the service's own headers replace these on whatever it answers.
 */
function markXapiAnswer(request: AuthenticatedRequest, response: HttpReply): void {
  response.header(XAPI_VERSION_HEADER, XAPI_VERSION);
  if (/\/xapi\/statements\/?$/.test(request.originalUrl.split('?')[0])) response.header(XAPI_CONSISTENT_THROUGH_HEADER, formatTimestamp(new Date()));
}

function asOrdinaryRequest(request: AuthenticatedRequest): void {
  const alternate = alternateRequest(request.query, request.headers['content-type'], request.body);
  if (!alternate.ok) {
    const detail = alternate.errors.join('; ');
    throw new ProblemException(problem(400, { code: 'XAPI.BAD_REQUEST', detail, errors: alternate.errors.map((message) => ({ field: message.split(' ')[0] ?? '', message })) }));
  }
  const { method, headers, query, content } = alternate.value;
  // Fastify's request reads its method from Node's.
  request.raw.method = method;
  // The form's Content-Type (or none) replaces the form's: the proxy sends JSON on as JSON and bytes under their own type.
  delete request.headers['content-type'];
  Object.assign(request.headers, headers);
  request.body = content;
  forwardAs(request, `${request.originalUrl.split('?')[0]}${query}`);
}
