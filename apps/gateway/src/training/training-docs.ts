import { applyDecorators, Type } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { AgencyRule } from '../forwarding/agency-rule';
import { ADMIN_SCOPE } from '@palembang/auth';
import { TrainingForgetResultDto } from '@palembang/training-api';
import { Forwarded } from '../forwarding/forwarded.decorator';

export const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body gets the first answer again (Idempotent-Replayed: true); the same key with another body is a 422' };
export const ETAG = { ETag: { description: 'The stream version, for If-Match', schema: { type: 'string' } } };
const IF_MATCH = { name: 'If-Match', required: false, description: 'ETag of the version the change is based on; 412 when it is no longer current' };

/** A read route: training:read, its answer class. */
export function Read(rule: AgencyRule, summary: string, answer: Type<unknown> | [Type<unknown>], problems: number[] = [403, 404], params: string[] = []): MethodDecorator {
  return applyDecorators(
    Forwarded(['training:read'], rule, problems),
    ApiOperation({ summary }),
    ...params.map((name) => ApiParam({ name, schema: { type: 'string' } })),
    ApiOkResponse({ type: answer, headers: ETAG }),
  );
}

/** A creating POST: training:write, 201 with Location and ETag. */
export function Create(rule: AgencyRule, summary: string, body: Type<unknown>, answer: Type<unknown>, params: string[] = []): MethodDecorator {
  return applyDecorators(
    Forwarded(['training:write'], rule, [400, 403, 404, 409, 413, 422]),
    ApiOperation({ summary }),
    ...params.map((name) => ApiParam({ name, schema: { type: 'string' } })),
    ApiBody({ type: body }),
    ApiHeader(IDEMPOTENCY_KEY),
    ApiCreatedResponse({ type: answer, headers: { Location: { schema: { type: 'string' } }, ...ETAG } }),
  );
}

/** A state-changing action on a record: training:write, If-Match, 200 with the new state. */
export function Act(rule: AgencyRule, summary: string, body: Type<unknown> | undefined, answer: Type<unknown>, params: string[] = ['id']): MethodDecorator {
  return applyDecorators(
    Forwarded(['training:write'], rule, [400, 403, 404, 409, 412, 413, 422]),
    ApiOperation({ summary }),
    ...params.map((name) => ApiParam({ name, schema: { type: 'string' } })),
    ...(body ? [ApiBody({ type: body })] : []),
    ApiHeader(IF_MATCH),
    ApiHeader(IDEMPOTENCY_KEY),
    ApiOkResponse({ type: answer, description: 'The new state; ETag is its version', headers: ETAG }),
  );
}

/** Forgetting a person: admin, the caller's agency must be the only one holding a case of theirs (agencies:all: any; another agency too: 409), 200 with the keys erased. */
export function Forget(summary: string, param?: string): MethodDecorator {
  return applyDecorators(
    Forwarded([ADMIN_SCOPE], 'own-agency', [400, 403, 404, 409, 413, 422]),
    ApiOperation({ summary }),
    ...(param ? [ApiParam({ name: param, schema: { type: 'string' } })] : []),
    ApiHeader(IDEMPOTENCY_KEY),
    ApiOkResponse({ type: TrainingForgetResultDto }),
  );
}
