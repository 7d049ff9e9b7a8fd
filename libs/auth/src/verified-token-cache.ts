import { createHash } from 'node:crypto';

/** How many verified tokens a verifier remembers unless told otherwise: about 3 MB, more distinct tokens than a city's clients hold at once. */
export const DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 10_000;
/** The largest size the configuration accepts. */
export const MAX_VERIFIED_TOKEN_CACHE_SIZE = 1_000_000;

/** What the cache keeps of a token whose signature checked out; its expiry bounds how long it is kept. */
export interface RememberedToken<T> {
  readonly clientId: string;
  /** `exp`, seconds since the epoch. */
  readonly expiresAt: number;
  readonly value: T;
}

/**
 * The tokens a verifier has checked, so that the next call with the same token
 * skips the ES256 verification (the dearest step of a call). Keyed by the
 * SHA-256 of the token, never the token itself: a heap dump or a debugger on
 * the cache yields nothing a caller could present. Least recently used entries
 * go first once `size` are held; an entry is never handed out at or after its
 * expiry, and `forgetClient` drops every entry of a revoked client.
 */
export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, RememberedToken<T>>();
  private readonly keysByClient = new Map<string, Set<string>>();

  constructor(readonly size: number = DEFAULT_VERIFIED_TOKEN_CACHE_SIZE) {
    if (!Number.isInteger(size) || size < 0 || size > MAX_VERIFIED_TOKEN_CACHE_SIZE) throw new Error(`a verified token cache holds 0 to ${MAX_VERIFIED_TOKEN_CACHE_SIZE} tokens`);
  }

  get count(): number {
    return this.entries.size;
  }

  /** The entry of the token while it is unexpired at `now` (seconds), else undefined (and an expired one is dropped). */
  get(token: string, now: number): RememberedToken<T> | undefined {
    if (this.size === 0) return undefined;
    const key = tokenKey(token);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= now) {
      this.unindex(entry.clientId, key);
      return undefined;
    }
    this.entries.set(key, entry); // now the most recently used
    return entry;
  }

  remember(token: string, entry: RememberedToken<T>, now: number): void {
    if (this.size === 0 || entry.expiresAt <= now) return;
    const key = tokenKey(token);
    this.delete(key);
    while (this.entries.size >= this.size) this.delete(this.entries.keys().next().value as string);
    this.entries.set(key, entry);
    let keys = this.keysByClient.get(entry.clientId);
    if (!keys) this.keysByClient.set(entry.clientId, (keys = new Set()));
    keys.add(key);
  }

  forget(token: string): void {
    this.delete(tokenKey(token));
  }

  /** Drops every token of the client (it was revoked or its secret rotated), or those `which` picks. */
  forgetClient(clientId: string, which: (entry: RememberedToken<T>) => boolean = () => true): void {
    for (const key of this.keysByClient.get(clientId) ?? []) {
      const entry = this.entries.get(key);
      if (entry && which(entry)) this.delete(key);
    }
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.unindex(entry.clientId, key);
  }

  private unindex(clientId: string, key: string): void {
    const keys = this.keysByClient.get(clientId);
    keys?.delete(key);
    if (keys?.size === 0) this.keysByClient.delete(clientId);
  }
}

/** The cache key of a token: its SHA-256, base64url. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
