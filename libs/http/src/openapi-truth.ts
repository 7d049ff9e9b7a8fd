import type { OpenAPIObject } from '@nestjs/swagger';
import { objectRules } from '@palembang/api-conventions';
import { IDEMPOTENCY_KEY_HEADER } from './action-documentation';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { PROBLEM_DESCRIPTIONS } from './problem.dto';

type Operation = {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  parameters?: Array<{ name?: string; in?: string }>;
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
  security?: unknown[];
};
type Schema = Record<string, unknown> & { $ref?: string; properties?: Record<string, Schema>; items?: Schema; allOf?: Schema[]; oneOf?: Schema[]; anyOf?: Schema[] };

/** The document as the platform's shared HTTP side answers: closed request bodies, and the problems every route can meet. */
export function documentTheSharedHttpSide(document: OpenAPIObject): OpenAPIObject {
  return documentSharedProblems(documentWhatValidationEnforces(documentObjectRules(document)));
}

/** The rules over several fields that request classes declare with ApiObjectRule, merged into their schemas. */
export function documentObjectRules(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [name, rule] of objectRules()) {
    if (schemas[name]) Object.assign(schemas[name], rule);
  }
  return document;
}

/**
 * The problems the shared HTTP side answers before or around any handler, added to every
 * operation that speaks problem+json (Open311's and OAuth's own error formats are left alone):
 * a body the JSON parser refuses (400) or that is too large (413); an Idempotency-Key that is
 * not one (400) or that is reused with another body (422); a missing or bad token where the
 * operation needs one (401); a dependency down (503). And wherever a query or header parameter can
 * make a request's head long, the 431 Node's HTTP parser answers past 16 KiB.
 */
export function documentSharedProblems(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      const responses = operation?.responses;
      // Node's HTTP parser, before any handler, whatever the protocol: no body.
      if (responses && operation.parameters?.some((parameter) => parameter.in === 'query' || parameter.in === 'header')) {
        responses['431'] ??= { description: 'The request line and headers are larger than the server reads (16 KiB); no body' };
      }
      if (!responses || !Object.values(responses).some((response) => response.content?.[PROBLEM_CONTENT_TYPE])) continue;
      const statuses = new Set<number>([503]);
      if (operation.requestBody) [400, 413].forEach((status) => statuses.add(status));
      if (operation.parameters?.some((parameter) => parameter.in === 'header' && parameter.name === IDEMPOTENCY_KEY_HEADER.name)) [400, 422].forEach((status) => statuses.add(status));
      if (operation.security?.length) statuses.add(401);
      const problemContent = Object.values(responses).find((response) => response.content?.[PROBLEM_CONTENT_TYPE])?.content;
      for (const status of statuses) {
        responses[String(status)] ??= { description: PROBLEM_DESCRIPTIONS[status] ?? 'Error', content: problemContent };
      }
    }
  }
  return document;
}

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
    // Only objects a class describes (type: object); an anyOf branch naming fields of its parent is no object of its own.
    if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
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
