import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgencyRule } from '../forwarding/agency-rule';
import { TRACKING_PAGE, TRACKING_STYLE } from './tracking-page';
import { TRACKING_SCRIPT } from './tracking-script';

/** Nothing inline, nothing from elsewhere: script, style and data come from the gateway itself. */
const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The public tracking page (/lacak): a citizen enters the tracking code of a permit application
 * or a complaint and sees its status timeline. Static text only; the timeline comes from the
 * services' public timeline operations, which the gateway forwards and counts per caller address.
 * Written without the HTTP adapter's types (the gateway may move to another adapter).
 */
@ApiTags('tracking')
@Controller('lacak')
@AgencyRule('public')
export class TrackingPageController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PAGE_POLICY)
  @Header('Referrer-Policy', 'no-referrer')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiOperation({ summary: 'The public tracking page (HTML, Indonesian): the status timeline of a permit application or a complaint by its tracking code' })
  @ApiOkResponse({ description: 'An HTML page', content: { 'text/html': { schema: { type: 'string' } } } })
  page(): string {
    return TRACKING_PAGE;
  }

  @Get('app.js')
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiExcludeEndpoint()
  script(): string {
    return TRACKING_SCRIPT;
  }

  @Get('app.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiExcludeEndpoint()
  style(): string {
    return TRACKING_STYLE;
  }
}
