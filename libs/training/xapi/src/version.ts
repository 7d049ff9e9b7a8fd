import { isVersion10x } from './formats';
import { Parsed, parsed, rejected } from './result';
import { Extensions } from './statement';

/** The patch version this library follows; every LRS response carries it (xAPI-Communication 3.3.s3.b1, b2). */
export const XAPI_VERSION = '1.0.3';
export const XAPI_VERSION_HEADER = 'X-Experience-API-Version';
/** ISO 8601 instant up to which stored Statements are known to be retrievable (2.1.3.s2.b5). */
export const XAPI_CONSISTENT_THROUGH_HEADER = 'X-Experience-API-Consistent-Through';

/** GET about (xAPI-Communication 2.8). */
export type About = Readonly<{ version: readonly string[]; extensions?: Extensions }>;

export function aboutDocument(extensions: Extensions = {}): About {
  return { version: [XAPI_VERSION], extensions };
}

/**
 * The request's X-Experience-API-Version, as the 1.0.x version it stands for: required; 1.0 reads as 1.0.0; any 1.0.x
 * is accepted; versions before 1.0.0 and 1.1.0 or later are refused with a short reason (3.3.s3).
 */
export function checkVersionHeader(header: string | readonly string[] | undefined): Parsed<string> {
  if (header === undefined || header === '') return rejected([`${XAPI_VERSION_HEADER} header is required`]);
  if (typeof header !== 'string') return rejected([`${XAPI_VERSION_HEADER} header must be given once`]);
  const version = header.trim() === '1.0' ? '1.0.0' : header.trim();
  if (isVersion10x(version)) return parsed(version);
  return rejected([`${XAPI_VERSION_HEADER} ${version.slice(0, 20)} is not supported; this LRS accepts 1.0.x and answers ${XAPI_VERSION}`]);
}

export function acceptsVersion(header: string | readonly string[] | undefined): boolean {
  return checkVersionHeader(header).ok;
}
