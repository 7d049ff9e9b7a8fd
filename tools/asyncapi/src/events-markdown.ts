import { AsyncApiDocument } from './asyncapi-document';
import { JsonSchema } from './payload-schemas';

/** docs/events.md: the document's channels and messages for people, one table of fields per event. */
export function eventsMarkdown(document: AsyncApiDocument): string {
  const lines = [
    '# Domain events',
    '',
    `<!-- Generated from apps/gateway/src/asyncapi/asyncapi.json by \`npm run asyncapi\`; do not edit by hand. -->`,
    '',
    'The AsyncAPI 3.0 document of these events is served by the gateway at `GET /asyncapi.json` and committed as',
    '[apps/gateway/src/asyncapi/asyncapi.json](../apps/gateway/src/asyncapi/asyncapi.json). Every message is the',
    'event envelope below as JSON, keyed by stream id, with the headers `event-id`, `event-type`, `schema-version`,',
    '`correlation-id` and `relay-position`. Personal fields travel sealed (`SealedValue`).',
    '',
    ...(document.info as { description: string }).description.split('\n').map((line) => (line ? `> ${line}` : '>')),
    '',
    '## Envelope',
    '',
    ...fieldTable(document.components.schemas.EventEnvelope),
  ];
  const channels = Object.values(document.channels);
  for (const channel of channels.filter((candidate) => !candidate['x-dead-letter-of'])) {
    lines.push('', `## \`${channel.address as string}\``, '', channel.summary as string, '', channel.description as string);
    for (const ref of Object.values(channel.messages as Record<string, { $ref: string }>)) {
      const message = document.components.messages[ref.$ref.split('/').pop()!];
      const data = dataOf(message);
      lines.push('', `### ${message.name as string} (schema version ${message['x-schema-version'] as number})`, '');
      if (message.summary) lines.push(message.summary as string, '');
      const personal = message['x-personal-fields'] as string[];
      if (personal.length > 0) lines.push(`Personal fields (sealed): ${personal.map((field) => `\`${field}\``).join(', ')}.`, '');
      lines.push(...fieldTable(data));
    }
  }
  lines.push(...deadLetterSection(document, channels.filter((candidate) => candidate['x-dead-letter-of'])));
  return `${lines.join('\n')}\n`;
}

/** The dead-letter topics, one message for all of them. */
function deadLetterSection(document: AsyncApiDocument, channels: readonly JsonSchema[]): string[] {
  const message = document.components.messages.DeadLetter;
  if (!message || channels.length === 0) return [];
  return [
    '',
    '## Dead-letter topics',
    '',
    `${channels.map((channel) => `\`${channel.address as string}\``).join(', ')}.`,
    '',
    message.description as string,
    '',
    ...fieldTable(message.headers as JsonSchema),
  ];
}

function dataOf(message: JsonSchema): JsonSchema {
  const [, own] = (message.payload as { allOf: JsonSchema[] }).allOf;
  return (own.properties as Record<string, JsonSchema>).data;
}

function fieldTable(schema: JsonSchema): string[] {
  return ['| Field | Type | Description |', '| --- | --- | --- |', ...fieldRows(schema, '')];
}

/** A row per field, and one per field of a nested object (`applicant.nik`). */
function fieldRows(schema: JsonSchema, prefix: string): string[] {
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).flatMap(([name, field]) => {
    const row = `| \`${prefix}${name}\` | ${typeOf(field)}${required.has(name) ? '' : ', optional'} | ${cell((field.description as string | undefined) ?? '')} |`;
    const object = field.type === 'object' ? field : ((field.anyOf ?? []) as JsonSchema[]).find((branch) => branch.type === 'object');
    return [row, ...(object?.properties ? fieldRows(object, `${prefix}${name}.`) : [])];
  });
}

function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.allOf) && (schema.allOf as JsonSchema[]).some((part) => part.$ref === '#/components/schemas/SealedValue')) return 'sealed';
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((value) => `\`${JSON.stringify(value)}\``).join(' \\| ');
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeOf).join(' \\| ');
  if (Array.isArray(schema.type)) return (schema.type as string[]).join(' \\| ');
  if (schema.type === 'array') return `${typeOf((schema.items ?? {}) as JsonSchema)}[]`;
  if (schema.type === 'object' && schema.properties) return 'object';
  return (schema.format as string | undefined) ?? (schema.type as string | undefined) ?? 'any';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
