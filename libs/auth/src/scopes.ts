/** Capabilities a client may hold: `<area>:<read|write>`, plus administration and cross-agency action. */
export const AREA_SCOPES = [
  'permits:read',
  'permits:write',
  'complaints:read',
  'complaints:write',
  'training:read',
  'training:write',
  'surveys:read',
  'surveys:write',
  'metrics:read',
  // Managing the client's webhook subscriptions (what they deliver is limited by the area scopes above).
  'webhooks:read',
  'webhooks:write',
] as const;

export const ADMIN_SCOPE = 'admin';
/** May act on records of every agency, not only the client's own. */
export const ALL_AGENCIES_SCOPE = 'agencies:all';

export const KNOWN_SCOPES = [...AREA_SCOPES, ADMIN_SCOPE, ALL_AGENCIES_SCOPE] as const;
export type Scope = (typeof KNOWN_SCOPES)[number];

/** Who is calling: the OAuth client, the agency it belongs to and what it may do. */
export interface AuthPrincipal {
  readonly clientId: string;
  readonly agencyId: string;
  readonly scopes: readonly string[];
}

export function isKnownScope(value: string): value is Scope {
  return (KNOWN_SCOPES as readonly string[]).includes(value);
}

/** The scopes of a space-separated `scope` value (RFC 6749 section 3.3), without duplicates. */
export function parseScopes(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(' ').filter(Boolean))];
}

export function hasScope(principal: AuthPrincipal, scope: string): boolean {
  return principal.scopes.includes(scope);
}

export function hasAllScopes(principal: AuthPrincipal, scopes: readonly string[]): boolean {
  return scopes.every((scope) => hasScope(principal, scope));
}

/** A client acts within its own agency, unless it holds `agencies:all`. */
export function canActForAgency(principal: AuthPrincipal, agencyId: string): boolean {
  return principal.agencyId === agencyId || hasScope(principal, ALL_AGENCIES_SCOPE);
}
