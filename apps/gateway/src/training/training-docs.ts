import { applyDecorators, Type } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { ApiAction, ApiIdempotencyKey, ETAG_RESPONSE_HEADER } from '@palembang/http';
import { AgencyRule } from '../forwarding/agency-rule';
import { ADMIN_SCOPE } from '@palembang/auth';
import { NIP_PATTERN, TRAINING_ID, TrainingForgetResultDto } from '@palembang/training-api';
import { Forwarded } from '../forwarding/forwarded.decorator';

const ACTION_PROBLEMS = [400, 403, 404, 409, 412, 413, 422];

/** The path parameters whose form the training service checks (a NIP is 18 digits, a student id a training id). */
const PARAMETER_PATTERNS: Record<string, string> = { nip: NIP_PATTERN.source, studentId: TRAINING_ID.source };
const parameterSchema = (name: string) => ({ type: 'string', ...(PARAMETER_PATTERNS[name] ? { pattern: PARAMETER_PATTERNS[name] } : {}) });

/** A read route: training:read, its answer class. */
export function Read(rule: AgencyRule, summary: string, answer: Type<unknown> | [Type<unknown>], problems: number[] = [403, 404], params: string[] = []): MethodDecorator {
  return applyDecorators(
    Forwarded(['training:read'], rule, problems),
    ApiOperation({ summary }),
    ...params.map((name) => ApiParam({ name, schema: parameterSchema(name) })),
    ApiOkResponse({ type: answer, headers: ETAG_RESPONSE_HEADER }),
  );
}

/** A creating POST: training:write, 201 with Location and ETag. */
export function Create(rule: AgencyRule, summary: string, body: Type<unknown>, answer: Type<unknown>, params: string[] = []): MethodDecorator {
  return applyDecorators(
    Forwarded(['training:write'], rule, [400, 403, 404, 409, 413, 422]),
    ApiOperation({ summary }),
    ...params.map((name) => ApiParam({ name, schema: parameterSchema(name) })),
    ApiBody({ type: body }),
    ApiIdempotencyKey(),
    ApiCreatedResponse({ type: answer, headers: { Location: { schema: { type: 'string' } }, ...ETAG_RESPONSE_HEADER } }),
  );
}

/** A state-changing action on a record: training:write, If-Match, 200 with the new state. */
export function Act(rule: AgencyRule, summary: string, body: Type<unknown> | undefined, answer: Type<unknown>, params: string[] = ['id']): MethodDecorator {
  return applyDecorators(
    Forwarded(['training:write'], rule, ACTION_PROBLEMS),
    ApiAction({ summary, response: answer, parameters: params.map((name) => ({ name, pattern: PARAMETER_PATTERNS[name] })), problems: [] }), // Forwarded documents them, with the gateway's own
    ...(body ? [ApiBody({ type: body })] : []),
  );
}

/** Forgetting a person: admin, the caller's agency must be the only one holding a case of theirs (agencies:all: any; another agency too: 409), 200 with the keys erased. */
export function Forget(summary: string, param?: string): MethodDecorator {
  return applyDecorators(
    Forwarded([ADMIN_SCOPE], 'own-agency', [400, 403, 404, 409, 413, 422]),
    ApiOperation({ summary }),
    ...(param ? [ApiParam({ name: param, schema: parameterSchema(param) })] : []),
    ApiIdempotencyKey(),
    ApiOkResponse({ type: TrainingForgetResultDto }),
  );
}
