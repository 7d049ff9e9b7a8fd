import { refuseClientManagement } from './client-management';
import { AuthPrincipal } from './scopes';

const agencyAdmin: AuthPrincipal = { clientId: 'palembang-admin', agencyId: 'pemkot-palembang', scopes: ['admin', 'permits:read'] };
const cityAdmin: AuthPrincipal = { clientId: 'city-admin', agencyId: 'pemkot-palembang', scopes: ['admin', 'agencies:all', 'permits:read'] };

describe('managing a client', () => {
  it('is allowed for a client of the own agency holding no more than the admin', () => {
    expect(refuseClientManagement(agencyAdmin, { agencyId: 'pemkot-palembang', scopes: ['permits:read'] })).toBeUndefined();
    expect(refuseClientManagement(agencyAdmin, { agencyId: 'pemkot-palembang', scopes: ['admin', 'permits:read'] })).toBeUndefined();
  });

  it('is refused for a client holding a scope the admin lacks, such as the bootstrap admin with agencies:all', () => {
    expect(refuseClientManagement(agencyAdmin, { agencyId: 'pemkot-palembang', scopes: ['admin', 'agencies:all'] })).toMatchObject({ code: 'AUTH.SCOPE_NOT_HELD', detail: expect.stringContaining('agencies:all') });
    expect(refuseClientManagement(agencyAdmin, { agencyId: 'pemkot-palembang', scopes: ['permits:write'] })?.code).toBe('AUTH.SCOPE_NOT_HELD');
  });

  it('is refused for a client of another agency without agencies:all', () => {
    expect(refuseClientManagement(agencyAdmin, { agencyId: 'dinkes', scopes: ['permits:read'] })?.code).toBe('AUTH.OTHER_AGENCY');
  });

  it('crosses agencies with agencies:all, still only for clients holding no more', () => {
    expect(refuseClientManagement(cityAdmin, { agencyId: 'dinkes', scopes: ['permits:read'] })).toBeUndefined();
    expect(refuseClientManagement(cityAdmin, { agencyId: 'dinkes', scopes: ['complaints:read'] })?.code).toBe('AUTH.SCOPE_NOT_HELD');
  });
});
