import { Injectable, NestMiddleware } from '@nestjs/common';
import { pathOf, type RawRequest } from '@palembang/http';
import { checkVersionHeader, formatTimestamp, isAlternateRequest, XAPI_CONSISTENT_THROUGH_HEADER, XAPI_VERSION, XAPI_VERSION_HEADER } from '@palembang/xapi';
import type { ServerResponse } from 'node:http';
import { xapiBadRequest } from './xapi.service';

/**
 * What every resource of the learning record store shares, errors included:
 * - every answer names the xAPI version (xAPI-Communication 3.3);
 * - every request but GET about names the 1.0.x version it speaks in X-Experience-API-Version, else 400 (3.3.s3.b4);
 *   a POST with `?method=` (the Alternate Request Syntax, 1.3) names it in its form, and is checked as the request
 *   it stands for (see XapiAlternateRequests);
 * - every Statement answer carries X-Experience-API-Consistent-Through (2.1.3.s2.b5): statements are stored in one
 *   transaction each and read from the same database, so everything committed before this instant is visible.
 * What the middleware throws, Nest answers through the problem filter.
 */
@Injectable()
export class XapiVersionMiddleware implements NestMiddleware {
  use(request: RawRequest, response: ServerResponse, next: (error?: unknown) => void): void {
    response.setHeader(XAPI_VERSION_HEADER, XAPI_VERSION);
    const path = pathOf({ url: request.url ?? '', originalUrl: request.originalUrl }).replace(/\/+$/, '');
    if (path.endsWith('/xapi/statements')) response.setHeader(XAPI_CONSISTENT_THROUGH_HEADER, formatTimestamp(new Date()));
    if (path.endsWith('/xapi/about') || isAlternateRequest(request.method ?? '', queryOf(request))) return next();
    const version = checkVersionHeader(request.headers['x-experience-api-version']);
    if (!version.ok) throw xapiBadRequest(version.errors);
    next();
  }
}

export function queryOf(request: { url?: string; originalUrl?: string }): Record<string, string> {
  const url = request.originalUrl ?? request.url ?? '';
  return Object.fromEntries(new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : ''));
}
