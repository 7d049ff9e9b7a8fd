import { Logger } from '@nestjs/common';
import { ALL_AGENCIES_SCOPE, AuthPrincipal, hasScope } from '@palembang/auth';
import { PostgresEventStore } from '@palembang/events';
import { problem, ProblemException } from '@palembang/http';
import { EntityManager } from 'typeorm';

const logger = new Logger('SubjectErasure');

/**
 * "Forget this person" (UU 27/2022), the same in every service: granted when the
 * caller holds agencies:all, or its agency is the only one holding a case of the
 * subject (erasing the key erases them for every agency, so one agency never
 * decides that for another; see PersonalDataVault.forgetOnRequest),
 * recorded either way with the client, its agency, the time and the subject's
 * keyed hash (never the subject id). An agency holding no case of the subject gets a
 * 404 worded like an unknown subject, so it cannot learn whether a person has cases
 * elsewhere. An agency holding one while another agency holds one too gets a 409 that
 * says so (never which agency), so it knows to ask an agencies:all admin instead.
 */
export async function forgetSubject(
  store: PostgresEventStore,
  request: Readonly<{
    subject: string;
    principal: AuthPrincipal;
    now: string;
    notFound: () => ProblemException;
    /** Deletes what the service keeps of the person outside its events, in the erasure's transaction. */
    alsoErase?: (manager: EntityManager) => Promise<void>;
  }>,
): Promise<{ erasedKeys: number }> {
  const { principal } = request;
  const allAgencies = hasScope(principal, ALL_AGENCIES_SCOPE);
  const result = await store.forgetOnRequest(request.subject, { clientId: principal.clientId, agencyId: principal.agencyId, allAgencies, at: request.now }, request.alsoErase);
  logger.log(
    `forget ${result.outcome}: subject ${result.subjectReference} asked by client ${principal.clientId} of ${principal.agencyId}${allAgencies ? ' (agencies:all)' : ''}` +
      (result.outcome === 'erased' ? `, ${result.erasedKeys} key(s) erased` : ''),
  );
  if (result.outcome !== 'erased') throw result.outcome === 'shared' ? subjectHeldByAnotherAgency() : request.notFound();
  return { erasedKeys: result.erasedKeys };
}

/** The 404 of a subject the caller may not forget: the same whether the person is unknown or another agency's. */
export function subjectNotFound(code: string, what: string): ProblemException {
  return new ProblemException(problem(404, { code, detail: `No ${what} with a case at your agency` }));
}

/** The 409 of a subject the caller's agency holds a case of, but not alone; the other agency is not named. */
export function subjectHeldByAnotherAgency(): ProblemException {
  return new ProblemException(
    problem(409, {
      code: 'PERSONAL_DATA.SUBJECT_HELD_BY_ANOTHER_AGENCY',
      detail: 'Another agency holds a case of this person too, so your agency cannot forget them alone; an agencies:all admin must forget them',
    }),
  );
}
