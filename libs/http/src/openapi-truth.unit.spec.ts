import type { OpenAPIObject } from '@nestjs/swagger';
import { documentWhatValidationEnforces } from './openapi-truth';

describe('the document says what validation enforces', () => {
  const document = (): OpenAPIObject => ({
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/things': {
        post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/NewThing' } } } }, responses: { 201: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } },
      },
    },
    components: {
      schemas: {
        NewThing: { type: 'object', properties: { name: { type: 'string' }, parts: { type: 'array', items: { $ref: '#/components/schemas/Part' } } } },
        Part: { type: 'object', properties: { code: { type: 'string' } } },
        Loose: { type: 'object', properties: { any: { type: 'object', properties: {}, additionalProperties: true } } },
        Thing: { type: 'object', properties: { id: { type: 'string' } } },
      },
    },
  });

  it('closes every object a request body reaches, nested ones too', () => {
    const schemas = documentWhatValidationEnforces(document()).components?.schemas as Record<string, { additionalProperties?: unknown }>;
    expect(schemas.NewThing.additionalProperties).toBe(false);
    expect(schemas.Part.additionalProperties).toBe(false);
  });

  it('leaves the answers open and keeps what a schema says itself', () => {
    const schemas = documentWhatValidationEnforces(document()).components?.schemas as Record<string, { additionalProperties?: unknown }>;
    expect(schemas.Thing.additionalProperties).toBeUndefined();
    expect(schemas.Loose.additionalProperties).toBeUndefined();
  });
});
