import { Injectable, NestMiddleware } from '@nestjs/common';
import {
  AlternateRequest, alternateRequest, checkVersionHeader, formatTimestamp, isAlternateRequest, XAPI_CONSISTENT_THROUGH_HEADER, XAPI_VERSION, XAPI_VERSION_HEADER,
} from '@palembang/xapi';
import type { NextFunction, Request, Response } from 'express';
import { xapiBadRequest } from './xapi.service';

/**
 * What every resource of the learning record store shares, errors included:
 * - every answer names the xAPI version (xAPI-Communication 3.3);
 * - a POST with `?method=` (the Alternate Request Syntax, 1.3) becomes the request it stands for before anything
 *   else reads it: method, headers, query and body from the form fields;
 * - every request but GET about names the 1.0.x version it speaks in X-Experience-API-Version, else 400 (3.3.s3.b4);
 * - every Statement answer carries X-Experience-API-Consistent-Through (2.1.3.s2.b5): statements are stored in one
 *   transaction each and read from the same database, so everything committed before this instant is visible.
 * What the middleware throws, Nest answers through the problem filter.
 */
@Injectable()
export class XapiVersionMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    response.setHeader(XAPI_VERSION_HEADER, XAPI_VERSION);
    const path = request.originalUrl.split('?')[0].replace(/\/+$/, '');
    if (path.endsWith('/xapi/statements')) response.setHeader(XAPI_CONSISTENT_THROUGH_HEADER, formatTimestamp(new Date()));
    if (isAlternateRequest(request.method, request.query)) {
      const alternate = alternateRequest(request.query, request.headers['content-type'], request.body);
      if (!alternate.ok) throw xapiBadRequest(alternate.errors);
      asOrdinaryRequest(request, alternate.value);
    }
    if (path.endsWith('/xapi/about')) return next();
    const version = checkVersionHeader(request.headers['x-experience-api-version']);
    if (!version.ok) throw xapiBadRequest(version.errors);
    next();
  }
}

/**
 * Rewrites an Alternate Request Syntax request in place into the ordinary request it stands for, so that routing,
 * guards and handlers treat both alike. Express reads req.query from req.url, so the form's parameters go there.
 */
function asOrdinaryRequest(request: Request, alternate: AlternateRequest): void {
  request.method = alternate.method;
  request.url = `${request.url.split('?')[0]}${alternate.query}`;
  delete request.headers['content-length'];
  delete request.headers['content-type'];
  Object.assign(request.headers, alternate.headers);
  request.body = alternate.content;
}
