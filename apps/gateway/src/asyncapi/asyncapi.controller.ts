import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AgencyRule } from '../forwarding/agency-rule';
import asyncApiFile from './asyncapi.json';

/**
 * The AsyncAPI 3.0 document of every domain event, public like the OpenAPI document at
 * /docs-json: generated from the event contracts by `npm run asyncapi` (tools/asyncapi) and
 * committed beside this controller, so it changes only with a deployment. Left out of the
 * OpenAPI document, as /docs-json is.
 */
@ApiExcludeController()
@Controller()
@AgencyRule('public')
export class AsyncApiController {
  @Get('asyncapi.json')
  @Header('Cache-Control', 'public, max-age=3600')
  document(): typeof asyncApiFile {
    return asyncApiFile;
  }
}
