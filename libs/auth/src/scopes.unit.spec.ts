import { canActForAgency, hasAllScopes, hasScope, isKnownScope, KNOWN_SCOPES, parseScopes } from './scopes';

const portal = { clientId: 'portal', agencyId: 'dpmptsp', scopes: ['permits:read', 'permits:write'] };
const inspectorate = { clientId: 'inspektorat', agencyId: 'inspektorat', scopes: ['metrics:read', 'agencies:all'] };

describe('scopes', () => {
  it('a principal has exactly the scopes it was granted', () => {
    expect(hasScope(portal, 'permits:write')).toBe(true);
    expect(hasScope(portal, 'complaints:read')).toBe(false);
    expect(hasScope(portal, 'admin')).toBe(false);
    expect(hasAllScopes(portal, ['permits:read', 'permits:write'])).toBe(true);
    expect(hasAllScopes(portal, ['permits:read', 'metrics:read'])).toBe(false);
  });

  it('a write scope does not imply the read scope', () => {
    expect(hasScope({ ...portal, scopes: ['permits:write'] }, 'permits:read')).toBe(false);
  });

  it('parses a space-separated scope value without duplicates or empty entries', () => {
    expect(parseScopes(' permits:read  permits:read admin ')).toEqual(['permits:read', 'admin']);
    expect(parseScopes(undefined)).toEqual([]);
  });

  it('knows the area scopes, admin and agencies:all', () => {
    expect(KNOWN_SCOPES).toEqual(expect.arrayContaining(['permits:read', 'complaints:write', 'training:read', 'metrics:read', 'admin', 'agencies:all']));
    expect(isKnownScope('permits:delete')).toBe(false);
  });
});

describe('agency scoping', () => {
  it('a client acts for its own agency', () => expect(canActForAgency(portal, 'dpmptsp')).toBe(true));
  it('a client does not act for another agency', () => expect(canActForAgency(portal, 'dinkes')).toBe(false));
  it('agencies:all acts for every agency', () => expect(canActForAgency(inspectorate, 'dpmptsp')).toBe(true));
});
