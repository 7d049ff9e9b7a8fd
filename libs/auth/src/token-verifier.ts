import { compactVerify, decodeJwt, decodeProtectedHeader, errors as joseErrors } from 'jose';
import { AccessTokenClaims, MAX_TOKEN_LIFETIME_SECONDS, principalOfClaims } from './jwt';
import { KeyResolver } from './key-set';
import { KeyObject } from 'node:crypto';
import { isRevokedBy, RevocationList } from './revocations';
import { AuthPrincipal } from './scopes';
import { JWT_ALGORITHM } from './signing-key';
import { DEFAULT_VERIFIED_TOKEN_CACHE_SIZE, VerifiedTokenCache } from './verified-token-cache';

export type InvalidTokenReason =
  | 'malformed'
  | 'unsupported_algorithm'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'missing_claims'
  | 'lifetime_too_long'
  | 'revoked';

/** A token that must not be accepted; the reason is for logs and tests, not for the caller. */
export class InvalidTokenError extends Error {
  constructor(readonly reason: InvalidTokenReason) {
    super(`invalid access token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

export interface VerifiedToken {
  readonly principal: AuthPrincipal;
  readonly claims: AccessTokenClaims;
}

/** What the AuthGuard needs; TokenVerifier is the implementation. */
export interface AccessTokenVerifier {
  verify(token: string): Promise<VerifiedToken>;
}

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  keys: KeyResolver;
  /** Allowed clock difference between issuer and verifier. */
  clockToleranceSeconds?: number;
  /** Seconds since the epoch. */
  now?: () => number;
  /** How many verified tokens to remember (VerifiedTokenCache; default 10,000, 0 turns the memory off). */
  verifiedTokenCacheSize?: number;
  /** Tokens whose `exp - iat` exceeds this are refused (default and upper bound MAX_TOKEN_LIFETIME_SECONDS). */
  maxLifetimeSeconds?: number;
  /** Revoked clients and rotated secrets; asked on every call (it holds its own short cache). */
  revocations?: RevocationList;
}

/** What the cache keeps of a token that passed every check: the outcome, and the key that signed it. */
type RememberedVerification = Readonly<{ kid: string; verified: VerifiedToken }>;

/**
 * Verifies the platform's ES256 access tokens (the signature with jose): signature by a known kid,
 * issuer, audience, lifetime (and its length, at most the configured cap),
 * and that the client was not revoked since the token was issued.
 *
 * A client sends the same token with every call for its whole lifetime, and
 * checking an ES256 signature is the dearest step of a call (measured with
 * bench/gateway/profile.ts). So a token that passed every check is remembered
 * (VerifiedTokenCache: keyed by its hash, bounded, least recently used out
 * first, never past its `exp`): the next call with the identical string skips
 * decoding, the signature and the claim checks, but still finds its key known
 * and its client not revoked, on every call; a revoked client's tokens are
 * dropped from the cache as soon as a loaded revocation list names them.
 */
export class TokenVerifier implements AccessTokenVerifier {
  private readonly tolerance: number;
  private readonly now: () => number;
  private readonly cache: VerifiedTokenCache<RememberedVerification>;
  private readonly maxLifetime: number;

  constructor(private readonly options: TokenVerifierOptions) {
    this.maxLifetime = options.maxLifetimeSeconds ?? MAX_TOKEN_LIFETIME_SECONDS;
    if (!(this.maxLifetime > 0 && this.maxLifetime <= MAX_TOKEN_LIFETIME_SECONDS)) throw new Error(`maxLifetimeSeconds must be from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}`);
    this.tolerance = options.clockToleranceSeconds ?? 30;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.cache = new VerifiedTokenCache(options.verifiedTokenCacheSize ?? DEFAULT_VERIFIED_TOKEN_CACHE_SIZE);
    // Each newly loaded list drops the remembered tokens it revokes, whether or not they are presented again.
    options.revocations?.onLoad?.((entries) => {
      for (const entry of entries.values()) this.cache.forgetClient(entry.clientId, ({ value }) => isRevokedBy(entry, value.verified.claims.iat));
    });
  }

  /** How many verified tokens are remembered. */
  get rememberedTokenCount(): number {
    return this.cache.count;
  }

  async verify(token: string): Promise<VerifiedToken> {
    const now = this.now();
    const remembered = this.cache.get(token, now);
    if (remembered) {
      if (!(await this.options.keys.getKey(remembered.value.kid))) {
        this.cache.forget(token);
        throw new InvalidTokenError('unknown_key');
      }
      await this.checkNotRevoked(remembered.value.verified.claims);
      return remembered.value.verified;
    }
    const decoded = decodeUnverified(token);
    // Only the one algorithm this platform signs with: `none` and algorithm confusion are refused here.
    if (decoded.header.alg !== JWT_ALGORITHM) throw new InvalidTokenError('unsupported_algorithm');
    const kid = decoded.header.kid;
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > 200) throw new InvalidTokenError('unknown_key');
    const key = await this.options.keys.getKey(kid);
    if (!key) throw new InvalidTokenError('unknown_key');
    await verifySignature(token, key);
    const claims = this.checkClaims(decoded.payload, now);
    await this.checkNotRevoked(claims);
    const verified: VerifiedToken = { principal: principalOfClaims(claims), claims };
    this.cache.remember(token, { clientId: claims.sub, expiresAt: claims.exp, value: { kid, verified } }, now);
    return verified;
  }

  private checkClaims(payload: Record<string, unknown>, now: number): AccessTokenClaims {
    const { audiences, ...rest } = checkClaimTypes(payload);
    if (rest.exp <= now - this.tolerance) throw new InvalidTokenError('expired');
    if (rest.nbf > now + this.tolerance || rest.iat > now + this.tolerance) throw new InvalidTokenError('not_yet_valid');
    if (rest.exp - rest.iat > this.maxLifetime) throw new InvalidTokenError('lifetime_too_long');
    if (rest.iss !== this.options.issuer) throw new InvalidTokenError('wrong_issuer');
    if (!audiences.includes(this.options.audience)) throw new InvalidTokenError('wrong_audience');
    return { ...rest, aud: this.options.audience };
  }

  private async checkNotRevoked(claims: AccessTokenClaims): Promise<void> {
    if (!(await this.options.revocations?.isRevoked(claims.sub, claims.iat))) return;
    this.cache.forgetClient(claims.sub);
    throw new InvalidTokenError('revoked');
  }
}

/** Header and claims of a compact JWS, not checked yet (jose decodes them); a token that is not one is malformed. */
function decodeUnverified(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  try {
    return { header: decodeProtectedHeader(token) as Record<string, unknown>, payload: decodeJwt(token) as Record<string, unknown> };
  } catch {
    throw new InvalidTokenError('malformed');
  }
}

async function verifySignature(token: string, key: KeyObject): Promise<void> {
  try {
    await compactVerify(token, key, { algorithms: [JWT_ALGORITHM] });
  } catch (error) {
    throw new InvalidTokenError(error instanceof joseErrors.JWSSignatureVerificationFailed ? 'bad_signature' : 'malformed');
  }
}

/** The claims with their types checked; `aud` may be one string or a list (RFC 7519 section 4.1.3). */
function checkClaimTypes(payload: Record<string, unknown>): Omit<AccessTokenClaims, 'aud'> & { audiences: string[] } {
  const strings = ['iss', 'sub', 'jti', 'scope', 'agency_id'] as const;
  const numbers = ['iat', 'exp'] as const;
  if (strings.some((name) => typeof payload[name] !== 'string')) throw new InvalidTokenError('missing_claims');
  if (numbers.some((name) => typeof payload[name] !== 'number')) throw new InvalidTokenError('missing_claims');
  if (payload.nbf !== undefined && typeof payload.nbf !== 'number') throw new InvalidTokenError('missing_claims');
  const audiences: unknown[] = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.every((aud): aud is string => typeof aud === 'string')) throw new InvalidTokenError('wrong_audience');
  const claims = payload as unknown as AccessTokenClaims;
  return {
    iss: claims.iss,
    sub: claims.sub,
    iat: claims.iat,
    nbf: claims.nbf ?? claims.iat,
    exp: claims.exp,
    jti: claims.jti,
    scope: claims.scope,
    agency_id: claims.agency_id,
    audiences,
  };
}
