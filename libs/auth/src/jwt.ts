import { KeyObject, randomUUID, sign, verify } from 'node:crypto';
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

/** Signs a short-lived access token for the principal with the key, as a JWS compact string. */
export function issueAccessToken(principal: AuthPrincipal, key: SigningKey, options: IssueTokenOptions): IssuedToken {
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
  return { token: signJws({ alg: JWT_ALGORITHM, typ: 'at+jwt', kid: key.kid }, claims, key.privateKey), claims, expiresIn };
}

/** JWS compact serialization; ES256 signatures are the raw r||s form of RFC 7518 section 3.4. */
export function signJws(header: Record<string, unknown>, payload: object, privateKey: KeyObject): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

export interface DecodedJws {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  readonly signingInput: string;
  readonly signature: Buffer;
}

/** Splits and parses a compact JWS without checking anything; undefined when it is not one. */
export function decodeJws(token: string): DecodedJws | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return undefined;
  }
}

export function verifyJwsSignature(decoded: DecodedJws, publicKey: KeyObject): boolean {
  if (decoded.signature.length !== 64) return false;
  return verify('sha256', Buffer.from(decoded.signingInput), { key: publicKey, dsaEncoding: 'ieee-p1363' }, decoded.signature);
}

export function principalOfClaims(claims: AccessTokenClaims): AuthPrincipal {
  return { clientId: claims.sub, agencyId: claims.agency_id, scopes: parseScopes(claims.scope) };
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
