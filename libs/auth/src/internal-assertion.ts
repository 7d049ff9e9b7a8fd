import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { createSecretKey, KeyObject } from 'node:crypto';
import { AccessTokenClaims, principalOfClaims } from './jwt';
import { AuthPrincipal } from './scopes';
import { InvalidTokenError, VerifiedToken } from './token-verifier';

/** The request header that carries the gateway's assertion to a service; the gateway never forwards a caller's own. */
export const GATEWAY_ASSERTION_HEADER = 'x-gateway-assertion';
/** `iss` and `aud` of an assertion: never those of an access token, so neither passes for the other. */
export const INTERNAL_ASSERTION_ISSUER = 'palembang-gateway';
export const INTERNAL_ASSERTION_AUDIENCE = 'palembang-services';
/** An assertion lives this long at most (less when the access token expires sooner). */
export const INTERNAL_ASSERTION_LIFETIME_SECONDS = 5;
/** The shortest key accepted: HS256 wants at least its output size (RFC 7518 section 3.2). */
export const MIN_INTERNAL_ASSERTION_KEY_BYTES = 32;

const ALGORITHM = 'HS256';
const TYPE = 'gateway-assertion+jwt';
/** Clock difference allowed between the gateway and a service: they run on one cluster's synchronised clocks. */
const CLOCK_TOLERANCE_SECONDS = 2;

/** The call an assertion is for: the method and the path with its query, as the service receives them. */
export interface AssertedCall {
  method: string;
  /** The path and query, e.g. `/v1/permit-applications?status=submitted`. */
  path: string;
}

interface AssertionClaims {
  iss: string;
  aud: string;
  sub: string;
  agency_id: string;
  scope: string;
  iat: number;
  exp: number;
  /** The HTTP method and target the assertion is good for (the names DPoP gives them, RFC 9449). */
  htm: string;
  htu: string;
}

/** The INTERNAL_ASSERTION_KEY value (base64, at least 32 bytes) as an HMAC key; anything shorter or not base64 is refused. */
export function internalAssertionKeyOf(base64: string): KeyObject {
  const trimmed = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) throw new Error('the internal assertion key must be base64');
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes.length < MIN_INTERNAL_ASSERTION_KEY_BYTES) throw new Error(`the internal assertion key must be at least ${MIN_INTERNAL_ASSERTION_KEY_BYTES} bytes (openssl rand -base64 32)`);
  return createSecretKey(bytes);
}

/**
 * The path and query as a service will see them: undici sends a URL as the
 * WHATWG URL parser normalises it (spaces and quotes percent-encoded, say), so
 * both sides compare that form.
 */
export function assertedPathOf(path: string): string {
  const url = new URL(path, 'http://service.internal');
  return `${url.pathname}${url.search}`;
}

/**
 * The gateway's half: once it has verified a caller's access token, it signs
 * a short-lived HS256 assertion of the principal for the one call it forwards,
 * so the service need not verify the ES256 token again.
 */
export class InternalAssertionSigner {
  private readonly now: () => number;

  constructor(
    private readonly key: KeyObject,
    options: { now?: () => number } = {},
  ) {
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /**
   * The assertion for the call, or undefined for a token at or past its `exp`
   * (which the gateway's clock tolerance may still take): an assertion must not
   * outlive the token, so the service verifies that one itself, as it would
   * without the key.
   */
  assertionFor(verified: VerifiedToken, call: AssertedCall): Promise<string | undefined> {
    return verified.claims.exp > this.now() ? this.sign(verified, call) : Promise.resolve(undefined);
  }

  sign(verified: VerifiedToken, call: AssertedCall): Promise<string> {
    const now = this.now();
    const { sub, agency_id, scope, exp } = verified.claims;
    const claims: AssertionClaims = {
      iss: INTERNAL_ASSERTION_ISSUER,
      aud: INTERNAL_ASSERTION_AUDIENCE,
      sub,
      agency_id,
      scope,
      iat: now,
      exp: Math.min(exp, now + INTERNAL_ASSERTION_LIFETIME_SECONDS),
      htm: call.method.toUpperCase(),
      htu: assertedPathOf(call.path),
    };
    return new SignJWT({ ...claims }).setProtectedHeader({ alg: ALGORITHM, typ: TYPE }).sign(this.key);
  }
}

/**
 * The service's half: accepts an assertion in place of a bearer token when
 * its HMAC checks out with the shared key, it is unexpired, lived at most
 * INTERNAL_ASSERTION_LIFETIME_SECONDS, names this platform's gateway and
 * services, and was made for this very method and path. Anything else is an
 * InvalidTokenError (401): a bad assertion never falls back to the bearer token.
 */
export class InternalAssertionVerifier {
  private readonly now: () => number;

  constructor(
    private readonly key: KeyObject,
    options: { now?: () => number } = {},
  ) {
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  async verify(assertion: string, call: AssertedCall): Promise<AuthPrincipal> {
    const claims = await this.verifiedClaims(assertion);
    if (claims.exp - claims.iat > INTERNAL_ASSERTION_LIFETIME_SECONDS) throw new InvalidTokenError('lifetime_too_long');
    // The path arrives as the gateway's HTTP client normalised it, so it is mostly equal as it stands; the parse is for the rest.
    const samePath = claims.htu === call.path || claims.htu === assertedPathOf(call.path);
    if (claims.htm !== call.method.toUpperCase() || !samePath) throw new InvalidTokenError('wrong_audience');
    return principalOfClaims(claims as unknown as AccessTokenClaims);
  }

  private async verifiedClaims(assertion: string): Promise<AssertionClaims> {
    try {
      const { payload } = await jwtVerify(assertion, this.key, {
        algorithms: [ALGORITHM],
        typ: TYPE,
        issuer: INTERNAL_ASSERTION_ISSUER,
        audience: INTERNAL_ASSERTION_AUDIENCE,
        requiredClaims: ['iat', 'exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        // Also refuses an `iat` in the future.
        maxTokenAge: INTERNAL_ASSERTION_LIFETIME_SECONDS,
        currentDate: new Date(this.now() * 1000),
      });
      const strings = ['sub', 'agency_id', 'scope', 'htm', 'htu'] as const;
      if (strings.some((name) => typeof payload[name] !== 'string')) throw new InvalidTokenError('missing_claims');
      return payload as unknown as AssertionClaims;
    } catch (error) {
      throw error instanceof InvalidTokenError ? error : new InvalidTokenError(reasonOf(error));
    }
  }
}

function reasonOf(error: unknown): InvalidTokenError['reason'] {
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'unsupported_algorithm';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'wrong_audience';
    if (error.claim === 'iss') return 'wrong_issuer';
    if (error.claim === 'iat' || error.claim === 'nbf') return 'not_yet_valid';
    return 'missing_claims';
  }
  return 'malformed';
}
