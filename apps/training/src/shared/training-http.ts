import { applyDecorators, Type } from '@nestjs/common';
import { ALL_AGENCIES_SCOPE, AuthPrincipal, hasScope, RequireScopes } from '@palembang/auth';
import { ActionParameter, ApiAction, correlationIdOf, expectedVersionFromIfMatch, problem, ProblemException, type HttpRequest } from '@palembang/http';
import { CommandContext } from '@palembang/platform';
import { TRAINING_ID } from '@palembang/training-api';
import { BKPSDM_AGENCY } from '@palembang/training-domain';
import { Clock } from '@palembang/working-days';

/** What only the training service decides over HTTP: who sees which agency's training, and the shape of its ids. */
export const TRAINING_CLOCK = Symbol('TRAINING_CLOCK');

/** Training ids are not UUIDs (`prg-…`, `coh-…`, partners' own): list cursors carry ids of this shape. */
export const TRAINING_ID_PATTERN = TRAINING_ID;

/** An id that cannot name a record is simply not found. */
export function checkId(id: string, notFound: () => ProblemException): string {
  if (!TRAINING_ID_PATTERN.test(id)) throw notFound();
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

/** The agency a list is filtered by: the one asked for (if the caller may see it), else the caller's (none for BKPSDM and agencies:all). */
export function listedAgencyOf(principal: AuthPrincipal, asked: string | undefined, refusal: () => Error): string | null {
  if (asked !== undefined && !canSeeTrainingOf(principal, asked)) throw refusal();
  return asked ?? (seesAllTraining(principal) ? null : principal.agencyId);
}

/** The command context of a caller: its agency (and agencies:all), client and correlation id, the clock's now and If-Match's version. */
export function contextOf(principal: AuthPrincipal, request: HttpRequest, clock: Clock, ifMatch?: string): CommandContext {
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

/** A lifecycle action of a training record: training:write, documented once by the shared ApiAction. */
export function TrainingAction(summary: string, response: Type<unknown>, id: string | ActionParameter = 'id'): MethodDecorator {
  return applyDecorators(RequireScopes('training:write'), ApiAction({ summary, response, parameters: [typeof id === 'string' ? { name: id } : id] }));
}
