import { applyDecorators, HttpCode, Type } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { IF_MATCH_PATTERN } from './etag';
import { ACCEPTABLE_IDEMPOTENCY_KEY } from './idempotency/idempotency.interceptor';
import { ApiProblems } from './problem.dto';

/** The headers every state-changing route documents, written once. */
export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'A retry with the same key and body gets the first answer again (Idempotent-Replayed: true); the same key with another body is a 422; a key that is not 1-255 visible ASCII characters is a 400',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: ACCEPTABLE_IDEMPOTENCY_KEY.source },
};
export const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description: 'ETag of the version the change is based on (or *); 412 when it is no longer current, 400 when it is not an ETag',
  schema: { type: 'string', pattern: IF_MATCH_PATTERN.source },
};
export const ETAG_RESPONSE_HEADER = { ETag: { description: 'The stream version, for If-Match', schema: { type: 'string' } } };

/** A route that creates or changes state and accepts an Idempotency-Key. */
export function ApiIdempotencyKey(): MethodDecorator {
  return ApiHeader(IDEMPOTENCY_KEY_HEADER);
}

export type ActionParameter = Readonly<{ name: string; description?: string; format?: 'uuid'; pattern?: string }>;

export type ActionDocumentation = Readonly<{
  summary: string;
  /** The answer's type: the new state, whose version is the ETag. */
  response: Type<unknown>;
  /** The path parameters naming the record (default: `id`). */
  parameters?: readonly ActionParameter[];
  /** The problems it can answer with (default: every one an action on a record can). */
  problems?: readonly number[];
}>;

const ACTION_PROBLEMS = [400, 401, 403, 404, 409, 412, 413, 422, 503];

/**
 * What every lifecycle action on a record (POST /v1/<records>/{id}/<action>) documents: 200 with
 * the new state and its ETag, If-Match, Idempotency-Key and its problems. The scope is the service's.
 */
export function ApiAction(documentation: ActionDocumentation): MethodDecorator {
  const parameters = documentation.parameters ?? [{ name: 'id' }];
  return applyDecorators(
    HttpCode(200),
    ApiOperation({ summary: documentation.summary }),
    ...parameters.map((parameter) =>
      ApiParam({ name: parameter.name, description: parameter.description, schema: { type: 'string', ...(parameter.format ? { format: parameter.format } : {}), ...(parameter.pattern ? { pattern: parameter.pattern } : {}) } }),
    ),
    ApiHeader(IF_MATCH_HEADER),
    ApiHeader(IDEMPOTENCY_KEY_HEADER),
    ApiOkResponse({ type: documentation.response, description: 'The new state; ETag is its version', headers: ETAG_RESPONSE_HEADER }),
    ApiProblems(...(documentation.problems ?? ACTION_PROBLEMS)),
  );
}
