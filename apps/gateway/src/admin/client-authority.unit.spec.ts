import { AuthPrincipal } from '@palembang/auth';
import { assertMayManageClient, ManagedClient } from './client-authority';

/** The detail of the 403 the check throws, or undefined when it allows. */
function refusal(admin: AuthPrincipal, client: ManagedClient): string | undefined {
  try {
    assertMayManageClient(admin, client);
    return undefined;
  } catch (error) {
    const problem = (error as { getResponse(): { status: number; detail: string } }).getResponse();
    expect(problem.status).toBe(403);
    return problem.detail;
  }
}

describe('who may manage a client', () => {
  const admin = { clientId: 'kominfo-admin', agencyId: 'dinas-kominfo', scopes: ['admin', 'complaints:read', 'complaints:write'] };

  it('lets an admin manage a client of its agency holding no more than it does', () => {
    expect(refusal(admin, { agencyId: 'dinas-kominfo', scopes: ['complaints:write'] })).toBeUndefined();
  });

  it('refuses a client holding a scope the admin lacks', () => {
    expect(refusal(admin, { agencyId: 'dinas-kominfo', scopes: ['complaints:write', 'agencies:all'] })).toMatch(/lacks agencies:all/);
  });

  it('refuses a client of another agency unless the admin holds agencies:all', () => {
    expect(refusal(admin, { agencyId: 'bkpsdm', scopes: ['complaints:write'] })).toMatch(/bkpsdm/);
    expect(refusal({ ...admin, scopes: [...admin.scopes, 'agencies:all'] }, { agencyId: 'bkpsdm', scopes: ['complaints:write'] })).toBeUndefined();
  });
});
