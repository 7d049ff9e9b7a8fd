import { ALL_AGENCIES_SCOPE, AuthPrincipal, canActForAgency, hasScope } from './scopes';

/** A client as far as managing it is concerned: whose it is and what it may do. */
export interface ManagedClient {
  readonly agencyId: string;
  readonly scopes: readonly string[];
}

export type ManagementRefusal = { readonly code: 'AUTH.OTHER_AGENCY' | 'AUTH.SCOPE_NOT_HELD'; readonly detail: string };

/**
 * An admin manages (sees, creates, rotates, revokes, changes) a client only
 * when the client is of its own agency, or it holds agencies:all, and the
 * client holds no scope the admin does not hold itself: no admin can hand out
 * or take over more than it has. Undefined when allowed.
 */
export function refuseClientManagement(admin: AuthPrincipal, client: ManagedClient): ManagementRefusal | undefined {
  if (!canActForAgency(admin, client.agencyId)) {
    return { code: 'AUTH.OTHER_AGENCY', detail: `The client may not manage clients of agency ${client.agencyId} (that takes ${ALL_AGENCIES_SCOPE}).` };
  }
  const notHeld = client.scopes.filter((scope) => !hasScope(admin, scope));
  if (notHeld.length > 0) return { code: 'AUTH.SCOPE_NOT_HELD', detail: `The client may not manage a client holding scopes it does not hold itself: ${notHeld.join(' ')}.` };
  return undefined;
}
