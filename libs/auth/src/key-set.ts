import { JsonWebKey, KeyObject } from 'node:crypto';
import { publicKeyFromJwk } from './signing-key';

/** Finds the public key a token names by `kid`; undefined when it is not known. */
export interface KeyResolver {
  getKey(kid: string): Promise<KeyObject | undefined>;
}

export interface JsonWebKeySet {
  keys: Array<JsonWebKey & { kid?: string }>;
}

/** The keys of a JWKS document by kid; keys without a kid, of other types or of other algorithms are left out. */
export async function keysOfJwks(jwks: unknown): Promise<Map<string, KeyObject>> {
  const keys = new Map<string, KeyObject>();
  const list = (jwks as Partial<JsonWebKeySet> | undefined)?.keys;
  if (!Array.isArray(list)) return keys;
  for (const jwk of list) {
    if (typeof jwk?.kid !== 'string') continue;
    const key = await publicKeyFromJwk(jwk);
    if (key) keys.set(jwk.kid, key);
  }
  return keys;
}

/** The published keys could not be fetched and the key asked for is not cached: a 503, not a bad token. */
export class KeySetUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeySetUnavailableError';
  }
}

/** A fixed set of keys, for tests and for a verifier that already holds its keys. */
export class StaticKeySet implements KeyResolver {
  private readonly keys: Promise<Map<string, KeyObject>>;

  constructor(jwks: JsonWebKeySet) {
    this.keys = keysOfJwks(jwks);
  }

  async getKey(kid: string): Promise<KeyObject | undefined> {
    return (await this.keys).get(kid);
  }
}

export interface JwksKeySetOptions {
  /** Where the JWKS is published, e.g. `http://gateway:3000/.well-known/jwks.json`. */
  url: string;
  /** How long fetched keys are used before they are fetched again (default 30 s: a withdrawn key stops verifying within it). */
  cacheTtlMs?: number;
  /**
   * An unknown kid triggers a refetch at most this often (default 10 s), so
   * forged kids cannot flood the issuer. Counted from the last refetch an
   * unknown kid caused, not from the periodic one: the first token of a
   * freshly rotated key is verified at once.
   */
  minRefetchIntervalMs?: number;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
}

/**
 * The keys published by the gateway, fetched by URL and cached. A token
 * signed with a key not seen yet (after a rotation) makes it fetch again.
 * Not jose's createRemoteJWKSet: while the gateway is unreachable this keeps
 * verifying with the keys fetched before and tells an unknown key apart as
 * unavailable (a 503, not a 401), and its clock and fetch are passed in.
 */
export class JwksKeySet implements KeyResolver {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private unknownKidFetchAt = Number.NEGATIVE_INFINITY;
  private inFlight?: Promise<void>;
  private readonly cacheTtlMs: number;
  private readonly minRefetchIntervalMs: number;
  private readonly fetch: typeof globalThis.fetch;
  private readonly now: () => number;

  constructor(private readonly options: JwksKeySetOptions) {
    this.cacheTtlMs = options.cacheTtlMs ?? 30_000;
    this.minRefetchIntervalMs = options.minRefetchIntervalMs ?? 10_000;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
  }

  async getKey(kid: string): Promise<KeyObject | undefined> {
    const expired = this.now() - this.fetchedAt >= this.cacheTtlMs;
    const unknown = !expired && !this.keys.has(kid) && this.now() - this.unknownKidFetchAt >= this.minRefetchIntervalMs;
    if (unknown) this.unknownKidFetchAt = this.now();
    if (expired || unknown) {
      try {
        await this.refresh();
      } catch (error) {
        // While the issuer is unreachable, keys fetched before keep verifying.
        if (!this.keys.has(kid)) throw new KeySetUnavailableError(`the signing keys could not be fetched: ${String(error)}`);
      }
    }
    return this.keys.get(kid);
  }

  /** One fetch at a time; concurrent callers wait for the same one. */
  refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async load(): Promise<void> {
    const response = await this.fetch(this.options.url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`JWKS fetch from ${this.options.url} failed with HTTP ${response.status}`);
    this.keys = await keysOfJwks(await response.json());
    this.fetchedAt = this.now();
  }
}
