import { Parsed, parsed, rejected } from './result';

/** A form's fields as a urlencoded body parser reads them: a repeated field is an array. */
export type FormFields = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The ordinary request an Alternate Request Syntax request stands for. */
export type AlternateRequest = Readonly<{
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Header fields sent as form fields, lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** The query string the other form fields make up, '' or starting with '?'. */
  query: string;
  /** The request's content (the form field `content`): JSON read as the JSON parser would, any other type as its bytes; undefined when none was sent. */
  content: unknown;
}>;

export const ALTERNATE_METHODS = ['GET', 'PUT', 'POST', 'DELETE'] as const;
/** The headers a client may send as form fields instead (xAPI-Communication 1.3, "Alternate Request Syntax"). */
const HEADER_FIELDS = ['authorization', 'x-experience-api-version', 'content-type', 'content-length', 'if-match', 'if-none-match'];
export const ALTERNATE_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** Whether a request uses the Alternate Request Syntax: a POST naming its real method in the query string. */
export function isAlternateRequest(method: string, query: Readonly<Record<string, unknown>>): boolean {
  return method.toUpperCase() === 'POST' && query['method'] !== undefined;
}

/**
 * The ordinary request behind a POST with `?method=`, for clients that cannot send other methods or headers
 * (xAPI-Communication 1.3): the body is a form; the header fields above and `content` (the request's body) are
 * form fields; every other query parameter is a form field too, so the query string holds `method` and nothing else.
 */
export function alternateRequest(query: Readonly<Record<string, unknown>>, contentType: string | undefined, form: unknown): Parsed<AlternateRequest> {
  const method = typeof query['method'] === 'string' ? query['method'].toUpperCase() : '';
  if (!(ALTERNATE_METHODS as readonly string[]).includes(method)) return rejected([`method must be one of ${ALTERNATE_METHODS.join(', ')}`]);
  const others = Object.keys(query).filter((name) => name !== 'method');
  if (others.length) return rejected([`with the Alternate Request Syntax the query string holds only method; send ${others.join(', ')} as form fields`]);
  if ((contentType ?? '').split(';')[0].trim().toLowerCase() !== ALTERNATE_CONTENT_TYPE) return rejected([`with the Alternate Request Syntax the body must be ${ALTERNATE_CONTENT_TYPE}`]);
  const fields = Object.entries(typeof form === 'object' && form !== null ? (form as FormFields) : {});
  const repeated = fields.filter(([, value]) => typeof value !== 'string').map(([name]) => name);
  if (repeated.length) return rejected([`form fields must be given once: ${repeated.join(', ')}`]);
  const headers: Record<string, string> = {};
  const parameters = new URLSearchParams();
  let content: string | undefined;
  for (const [name, value] of fields as [string, string][]) {
    const lower = name.toLowerCase();
    if (HEADER_FIELDS.includes(lower)) headers[lower] = value;
    else if (name === 'content') content = value;
    else parameters.append(name, value);
  }
  const text = parameters.toString();
  const body = content === undefined ? parsed(undefined) : contentOf(content, headers['content-type']);
  if (!body.ok) return body;
  return parsed({ method: method as AlternateRequest['method'], headers, query: text ? `?${text}` : '', content: body.value });
}

/** JSON content (the default) is parsed, as an ordinary JSON body would be; content of another type stays bytes. */
function contentOf(content: string, contentType: string | undefined): Parsed<unknown> {
  if (!/^application\/json\s*(;|$)/i.test(contentType ?? 'application/json')) return parsed(Buffer.from(content, 'utf8'));
  try {
    return parsed(JSON.parse(content));
  } catch {
    return rejected(['content is not JSON']);
  }
}
