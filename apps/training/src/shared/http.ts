import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { ALL_AGENCIES_SCOPE, AuthPrincipal, hasScope, RequireScopes } from '@palembang/auth';
import { ApiProblems, correlationIdOf, expectedVersionFromIfMatch, problem, ProblemException } from '@palembang/http';
import { BKPSDM_AGENCY } from '@palembang/training-domain';
import { Clock } from '@palembang/working-days';
import type { Request } from 'express';
import { CommandContext } from './training-store';

export const TRAINING_CLOCK = Symbol('TRAINING_CLOCK');

export const IDEMPOTENCY_KEY = { name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body gets the first answer again; the same key with another body is a 422' };
export const IF_MATCH = { name: 'If-Match', required: false, description: 'ETag of the version the change is based on; 412 when it is no longer current' };
export const ETAG_HEADER = { ETag: { description: 'The stream version, for If-Match', schema: { type: 'string' } } };

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** An id that cannot name a record is simply not found. */
export function checkId(id: string, notFound: () => ProblemException): string {
  if (!ID.test(id)) throw notFound();
  return id;
}

export function notFound(code: string, detail: string): ProblemException {
  return new ProblemException(problem(404, { code, detail }));
}

/** BKPSDM (the civil-service development agency) and agencies:all see every agency's training records. */
export function seesAllTraining(principal: AuthPrincipal): boolean {
  return principal.agencyId === BKPSDM_AGENCY || hasScope(principal, ALL_AGENCIES_SCOPE);
}

export function canSeeTrainingOf(principal: AuthPrincipal, agencyId: string): boolean {
  return seesAllTraining(principal) || principal.agencyId === agencyId;
}

/** The command context of a caller: its agency (and agencies:all), client and correlation id, the clock's now and If-Match's version. */
export function contextOf(principal: AuthPrincipal, request: Request, clock: Clock, ifMatch?: string): CommandContext {
  const expected = expectedVersionFromIfMatch(ifMatch);
  return {
    agencyId: principal.agencyId,
    allAgencies: hasScope(principal, ALL_AGENCIES_SCOPE),
    actor: principal.clientId,
    correlationId: correlationIdOf(request),
    now: clock(),
    expectedVersion: typeof expected === 'number' ? expected : undefined,
  };
}

/** What every state-changing action documents. */
export function Action(summary: string, response: unknown, idName = 'id'): MethodDecorator {
  return applyDecorators(
    HttpCode(200),
    RequireScopes('training:write'),
    ApiOperation({ summary }),
    ApiParam({ name: idName, schema: { type: 'string' } }),
    ApiHeader(IF_MATCH),
    ApiHeader(IDEMPOTENCY_KEY),
    ApiOkResponse({ type: response as never, description: 'The new state; ETag is its version', headers: ETAG_HEADER }),
    ApiProblems(400, 401, 403, 404, 409, 412, 413, 422, 503),
  );
}

/** A keyset position (time, id) as an opaque cursor; ids here are not UUIDs, so not the shared keyset cursor. */
export function encodePosition(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id]), 'utf8').toString('base64url');
}

export function decodePosition(cursor: string): { at: string; id: string } | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at !== 'string' || !Number.isFinite(Date.parse(at)) || typeof id !== 'string' || !ID.test(id)) return null;
    return { at: new Date(at).toISOString(), id };
  } catch {
    return null;
  }
}

/** The command metadata of a context. */
export function CommandMetadataOf(context: CommandContext) {
  return { now: context.now, agencyId: context.agencyId, actor: context.actor, correlationId: context.correlationId };
}
