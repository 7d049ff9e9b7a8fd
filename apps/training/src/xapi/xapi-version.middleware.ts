import { Injectable, NestMiddleware } from '@nestjs/common';
import { XAPI_VERSION, XAPI_VERSION_HEADER } from '@palembang/xapi';
import type { NextFunction, Request, Response } from 'express';

/** Every response of the learning record store names the xAPI version, errors included (xAPI-Communication 3.3). */
@Injectable()
export class XapiVersionMiddleware implements NestMiddleware {
  use(_request: Request, response: Response, next: NextFunction): void {
    response.setHeader(XAPI_VERSION_HEADER, XAPI_VERSION);
    next();
  }
}
