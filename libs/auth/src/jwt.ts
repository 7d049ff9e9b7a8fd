import { CompactSign, JWSHeaderParameters, SignJWT } from 'jose';
import { KeyObject, randomUUID } from 'node:crypto';
import { AuthPrincipal, parseScopes } from './scopes';
import { JWT_ALGORITHM, SigningKey } from './signing-key';

export const DEFAULT_TOKEN_TTL_SECONDS = 600;
/** No access token of the platform lives longer: the gateway refuses a longer configured lifetime, verifiers refuse longer tokens. */
export const MAX_TOKEN_LIFETIME_SECONDS = 3600;

/** The claims of the platform's access tokens (RFC 9068 names where they exist). */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  scope: string;
  agency_id: string;
}

export interface IssueTokenOptions {
  issuer: string;
  audience: string;
  ttlSeconds?: number;
  /** Seconds since the epoch; the clock is passed in. */
  now?: number;
}

export interface IssuedToken {
  readonly token: string;
  readonly claims: AccessTokenClaims;
  readonly expiresIn: number;
}

/** Signs a short-lived access token for the principal with the key (jose), as a JWS compact string. */
export async function issueAccessToken(principal: AuthPrincipal, key: SigningKey, options: IssueTokenOptions): Promise<IssuedToken> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const expiresIn = options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_TOKEN_LIFETIME_SECONDS) throw new Error(`a token lifetime must be 1-${MAX_TOKEN_LIFETIME_SECONDS} s`);
  const claims: AccessTokenClaims = {
    iss: options.issuer,
    sub: principal.clientId,
    aud: options.audience,
    iat: now,
    nbf: now,
    exp: now + expiresIn,
    jti: randomUUID(),
    scope: principal.scopes.join(' '),
    agency_id: principal.agencyId,
  };
  const token = await new SignJWT({ ...claims }).setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'at+jwt', kid: key.kid }).sign(key.privateKey);
  return { token, claims, expiresIn };
}

/** Any header and payload signed as a compact JWS (jose): for tests that need tokens the issuer would never make. */
export function signJws(header: JWSHeaderParameters & { alg: string }, payload: object, privateKey: KeyObject): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header).sign(privateKey);
}

export function principalOfClaims(claims: AccessTokenClaims): AuthPrincipal {
  return { clientId: claims.sub, agencyId: claims.agency_id, scopes: parseScopes(claims.scope) };
}
