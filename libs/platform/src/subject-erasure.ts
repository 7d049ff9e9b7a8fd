import { Logger } from '@nestjs/common';
import { ALL_AGENCIES_SCOPE, AuthPrincipal, hasScope } from '@palembang/auth';
import { PostgresEventStore } from '@palembang/events';
import { problem, ProblemException } from '@palembang/http';

const logger = new Logger('SubjectErasure');

/**
 * "Forget this person" (UU 27/2022), the same in every service: granted when the
 * caller holds agencies:all, or its agency is the only one holding a case of the
 * subject (erasing the key erases them for every agency, so one agency never
 * decides that for another; see PersonalDataVault.forgetOnRequest),
 * recorded either way with the client, its agency, the time and the subject's
 * keyed hash (never the subject id). A refusal is a 404 worded like an unknown
 * subject, so an agency cannot learn whether a person has cases elsewhere.
 */
export async function forgetSubject(
  store: PostgresEventStore,
  request: Readonly<{ subject: string; principal: AuthPrincipal; now: string; notFound: () => ProblemException }>,
): Promise<{ erasedKeys: number }> {
  const { principal } = request;
  const allAgencies = hasScope(principal, ALL_AGENCIES_SCOPE);
  const result = await store.forgetOnRequest(request.subject, { clientId: principal.clientId, agencyId: principal.agencyId, allAgencies, at: request.now });
  logger.log(
    `forget ${result.outcome}: subject ${result.subjectReference} asked by client ${principal.clientId} of ${principal.agencyId}${allAgencies ? ' (agencies:all)' : ''}` +
      (result.outcome === 'erased' ? `, ${result.erasedKeys} key(s) erased` : ''),
  );
  if (result.outcome === 'refused') throw request.notFound();
  return { erasedKeys: result.erasedKeys };
}

/** The 404 of a subject the caller may not forget: the same whether the person is unknown or another agency's. */
export function subjectNotFound(code: string, what: string): ProblemException {
  return new ProblemException(problem(404, { code, detail: `No ${what} with a case at your agency` }));
}
