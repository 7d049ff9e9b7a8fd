import { AuthPrincipal, canActForAgency } from '@palembang/auth';
import { problem, ProblemException } from '@palembang/http';
import { PermitApplication } from '@palembang/permits-domain';
import { ApplicationSummaryDto } from '@palembang/permits-api';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Existing = Exclude<PermitApplication, { status: 'absent' }>;

export function applicationNotFound(applicationId: string): ProblemException {
  return new ProblemException(problem(404, { code: 'PERMIT.NOT_FOUND', detail: `No permit application ${applicationId}` }));
}

/** An id that cannot name an application is simply not found. */
export function checkApplicationId(applicationId: string): string {
  if (!UUID.test(applicationId)) throw applicationNotFound(applicationId);
  return applicationId.toLowerCase();
}

/**
 * Agency scoping of a single application: another agency's application answers
 * 404 exactly like a missing one, so its existence does not leak; `agencies:all` sees all.
 */
export function ensureVisibleTo(principal: AuthPrincipal, application: Pick<Existing, 'applicationId' | 'agencyId'>): void {
  if (!canActForAgency(principal, application.agencyId)) throw applicationNotFound(application.applicationId);
}

export function summaryOf(application: Existing, version: number): ApplicationSummaryDto {
  const { applicationId, trackingCode, agencyId, permitTypeCode, status } = application;
  return { applicationId, trackingCode, agencyId, permitTypeCode, status, version };
}
