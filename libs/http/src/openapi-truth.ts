import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = Record<string, unknown> & { $ref?: string; properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[]; oneOf?: Schema[]; anyOf?: Schema[] };

/**
 * What the validation pipe enforces on every request body that the DTO classes
 * cannot say through @ApiProperty: a field the class does not declare is refused
 * (whitelist with forbidNonWhitelisted), so every object schema a request body
 * reaches is closed (additionalProperties: false) unless it says otherwise.
 * Only request bodies: an answer may grow fields, and clients must ignore them.
 */
export function documentWhatValidationEnforces(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const closed = new Set<Schema>();
  const close = (schema: Schema | undefined): void => {
    if (!schema || closed.has(schema)) return;
    closed.add(schema);
    if (schema.$ref) return close(schemas[schema.$ref.replace('#/components/schemas/', '')]);
    if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
    Object.values(schema.properties ?? {}).forEach(close);
    close(schema.items);
    [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].forEach(close);
  };
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item as Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>)) {
      const json = operation?.requestBody?.content?.['application/json'];
      close(json?.schema);
    }
  }
  return document;
}
