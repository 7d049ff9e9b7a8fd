import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { problem, ProblemException, type HttpRequest } from '@palembang/http';

export const OPEN311_FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * GeoReport v2 requests are posted as a form. The gateway parses JSON bodies
 * too (every /v1 route takes JSON), so without this check a JSON body would be
 * read as if it were the form; it gets a 400 naming the supported type instead,
 * before the api_key is looked at. 400 rather than 415: the specification's
 * error list knows 400 for any request it cannot fulfil as sent, and the shared
 * Open311 renderer answers 415 as 400 anyway.
 */
@Injectable()
export class Open311FormBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const mediaType = mediaTypeOf(request.headers['content-type']);
    if (!hasBody(request) || mediaType === OPEN311_FORM_TYPE) return true;
    const sent = mediaType ? `this request is ${mediaType}` : 'this request names no content type';
    throw new ProblemException(
      problem(400, { code: 'OPEN311.UNSUPPORTED_CONTENT_TYPE', detail: `Send the fields as ${OPEN311_FORM_TYPE}, the one content type GeoReport v2 posts; ${sent}.` }),
    );
  }
}

/** The media type alone, lower case, or undefined when there is none worth quoting. */
function mediaTypeOf(header: string | undefined): string | undefined {
  return /^\s*([a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,64})/i.exec(header ?? '')?.[1]?.toLowerCase();
}

function hasBody(request: HttpRequest): boolean {
  return Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
}
