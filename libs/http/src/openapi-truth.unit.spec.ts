import type { OpenAPIObject } from '@nestjs/swagger';
import { documentSharedProblems, documentWhatValidationEnforces } from './openapi-truth';

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
        NewThing: {
          type: 'object',
          properties: { name: { type: 'string' }, parts: { type: 'array', items: { $ref: '#/components/schemas/Part' } } },
          anyOf: [{ required: ['name'], properties: { name: { minLength: 1 } } }, { required: ['parts'] }],
        },
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

  it('leaves a branch that names fields of its object alone (closing it would refuse the other fields of the object)', () => {
    const schemas = documentWhatValidationEnforces(document()).components?.schemas as Record<string, { anyOf: Array<{ additionalProperties?: unknown }> }>;
    expect(schemas.NewThing.anyOf[0].additionalProperties).toBeUndefined();
  });

  it('leaves the answers open and keeps what a schema says itself', () => {
    const schemas = documentWhatValidationEnforces(document()).components?.schemas as Record<string, { additionalProperties?: unknown }>;
    expect(schemas.Thing.additionalProperties).toBeUndefined();
    expect(schemas.Loose.additionalProperties).toBeUndefined();
  });

  it('adds the problems of the shared HTTP side to every operation that answers problem+json, and only to those', () => {
    const problemJson = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } };
    const given = document();
    given.paths['/things'].post = {
      ...given.paths['/things'].post,
      security: [{ bearer: [] }],
      parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string' } }],
      responses: { 201: { description: 'ok' }, 409: { description: 'taken', content: problemJson } },
    };
    given.paths['/things'].get = { responses: { 200: { description: 'ok' }, 404: { description: 'none', content: problemJson } } };
    given.paths['/open311'] = { get: { responses: { 200: { description: 'ok' }, 400: { description: 'Open311 errors', content: { 'application/json': {} } } } } };
    const paths = documentSharedProblems(given).paths;
    expect(Object.keys(paths['/things'].post?.responses ?? {}).sort()).toEqual(['201', '400', '401', '409', '413', '422', '431', '503']);
    expect(Object.keys(paths['/things'].get?.responses ?? {}).sort()).toEqual(['200', '404', '503']);
    expect(paths['/things'].post?.responses['409']).toEqual({ description: 'taken', content: problemJson });
    expect(Object.keys(paths['/open311'].get?.responses ?? {}).sort()).toEqual(['200', '400']);
  });
});
