import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiDocument, AsyncApiDocument } from './asyncapi-document';
import { EVENT_CATALOGUE } from './event-catalogue';
import { eventsMarkdown } from './events-markdown';

export const ROOT = join(__dirname, '..', '..', '..');
/** In the gateway's sources, which serve it (docs/ is not part of the images' build). */
export const ASYNCAPI_FILE = join(ROOT, 'apps', 'gateway', 'src', 'asyncapi', 'asyncapi.json');
export const EVENTS_MARKDOWN_FILE = join(ROOT, 'docs', 'events.md');

/** The document and its rendering as the contracts and declarations are now, in the form committed. */
export function generatedFiles(): { document: AsyncApiDocument; json: string; markdown: string } {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const document = asyncApiDocument(EVENT_CATALOGUE, ROOT, version);
  return { document, json: `${JSON.stringify(document, null, 2)}\n`, markdown: eventsMarkdown(document) };
}
