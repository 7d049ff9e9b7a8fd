import { AuthPrincipal, canActForAgency, forbidden } from '@palembang/auth';

/** The part of a client that decides who may manage it. */
export interface ManagedClient {
  agencyId: string;
  scopes: readonly string[];
}

/**
 * The one rule for every admin action on a client (create, rotate, revoke,
 * change scopes, issue or revoke its API credentials): the admin acts for the
 * client's agency (its own, or any with agencies:all) and holds every scope
 * the client holds, so no admin can obtain or grant more than it has.
 */
export function assertMayManageClient(admin: AuthPrincipal, client: ManagedClient): void {
  if (!canActForAgency(admin, client.agencyId)) throw forbidden(`The client may not act for agency ${client.agencyId}.`, 'auth.other_agency');
  const missing = client.scopes.filter((scope) => !admin.scopes.includes(scope));
  if (missing.length > 0) throw forbidden(`Managing this client needs every scope it holds; the caller lacks ${missing.join(' ')}.`, 'auth.scope_not_grantable');
}
