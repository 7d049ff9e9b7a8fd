import { Open311Error } from './resources';
import { Parsed, badRequest, parsed, rejected } from './result';

export type Open311Format = 'xml' | 'json';
export const OPEN311_FORMATS: readonly Open311Format[] = ['xml', 'json'];

export type ResourcePath = Readonly<{ name: string; format: Open311Format }>;

/** Splits the last path segment, `services.xml` or `requests/123.json`'s `123.json`, into name and format. */
export function formatOf(pathSegment: string): Parsed<ResourcePath> {
  const dot = pathSegment.lastIndexOf('.');
  if (dot < 0) return rejected([missingFormat(pathSegment)]);
  const name = pathSegment.slice(0, dot);
  const format = pathSegment.slice(dot + 1).toLowerCase();
  if (!name) return rejected([badRequest(`The resource name is missing before .${format}`)]);
  if (!isOpen311Format(format)) return rejected([badRequest(`The format ${format || '(empty)'} is not supported; use xml or json`)]);
  return parsed({ name, format });
}

function isOpen311Format(text: string): text is Open311Format {
  return (OPEN311_FORMATS as readonly string[]).includes(text);
}

function missingFormat(pathSegment: string): Open311Error {
  return badRequest(`The format is missing: append .xml or .json to ${pathSegment || 'the resource'}`);
}
