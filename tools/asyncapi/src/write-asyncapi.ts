/**
 * `npm run asyncapi`: generates the AsyncAPI document of every domain event from the event
 * contracts and their TypeScript declarations, and its rendering in docs/events.md (commit both;
 * asyncapi-document.unit.spec.ts fails while they differ from a fresh generation).
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ASYNCAPI_FILE, EVENTS_MARKDOWN_FILE, generatedFiles, ROOT } from './asyncapi-files';

try {
  const { document, json, markdown } = generatedFiles();
  writeFileSync(ASYNCAPI_FILE, json);
  writeFileSync(EVENTS_MARKDOWN_FILE, markdown);
  const messages = Object.keys(document.components.messages).length;
  process.stdout.write(`${messages} messages on ${Object.keys(document.channels).length} topics written to ${relative(ROOT, ASYNCAPI_FILE)} and ${relative(ROOT, EVENTS_MARKDOWN_FILE)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
