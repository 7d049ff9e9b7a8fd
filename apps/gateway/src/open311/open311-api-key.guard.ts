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
 *
 * Client libraries send the key in the form body or in the query string; both
 * are read (the body's when both are given, an empty one counting as absent).
 * It goes no further: it is removed from the body here and from the forwarded
 * query by `withoutApiKey`, and the audit keeps route patterns, never queries.
 */
@Injectable()
export class Open311ApiKeyGuard implements CanActivate {
  constructor(@Inject(CredentialExchange) private readonly credentials: CredentialExchange) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { body?: Record<string, unknown> }>();
    const apiKey = apiKeyOf(request.body, request.query);
    if (request.body && typeof request.body === 'object') delete request.body.api_key;
    await this.credentials.exchange(request, 'open311', splitCredentials(apiKey), OPEN311_WRITE_SCOPE, 403);
    return true;
  }
}

/** The form's api_key, else the query's; repeated ones stay arrays, which no key matches. */
export function apiKeyOf(body: Record<string, unknown> | undefined, query: Record<string, unknown> | undefined): unknown {
  const fromBody = body && typeof body === 'object' ? body.api_key : undefined;
  return fromBody !== undefined && fromBody !== '' ? fromBody : query?.api_key;
}

/** The URL without its api_key parameters, every other parameter exactly as sent. */
export function withoutApiKey(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return url;
  const kept = url
    .slice(question + 1)
    .split('&')
    .filter((pair) => pair !== '' && nameOf(pair) !== 'api_key');
  return kept.length ? `${url.slice(0, question)}?${kept.join('&')}` : url.slice(0, question);
}

function nameOf(pair: string): string {
  const name = pair.split('=', 1)[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(name).trim();
  } catch {
    return name;
  }
}
