import { KeySetUnavailableError } from './key-set';

/**
 * A client whose tokens issued before a moment are no longer honoured: the
 * gateway lists a client when it is revoked (every token it holds) or its
 * secret is rotated (tokens issued before the new secret).
 */
export interface ClientRevocation {
  clientId: string;
  /** Seconds since the epoch: a token of this client with `iat` before it is refused. */
  tokensIssuedBefore: number;
  /** Revoked: every token of the client is refused, whatever its `iat`. */
  revoked: boolean;
}

/** The revocation document the gateway publishes next to its JWKS. */
export interface RevocationDocument {
  clients: ClientRevocation[];
}

/** Answers whether a token of the client issued at `iat` is still honoured; the list behind it is at most 30 s old. */
export interface RevocationList {
  isRevoked(clientId: string, issuedAt: number): Promise<boolean>;
  /** Calls `listener` with every list loaded from now on (a verifier's cache drops what it revokes). */
  onLoad?(listener: (entries: ReadonlyMap<string, ClientRevocation>) => void): void;
}

/** How old the list a verifier decides with may be: a revocation bites everywhere within twice this (cache plus one poll). */
export const REVOCATION_LIST_MAX_AGE_MS = 30_000;

export function isRevokedBy(entry: ClientRevocation | undefined, issuedAt: number): boolean {
  return entry !== undefined && (entry.revoked || issuedAt < entry.tokensIssuedBefore);
}

/** The entries of a revocation document; malformed entries are left out, a malformed document is an error. */
export function revocationsOfDocument(document: unknown): Map<string, ClientRevocation> {
  const clients = (document as Partial<RevocationDocument> | undefined)?.clients;
  if (!Array.isArray(clients)) throw new Error('the revocation document has no clients list');
  const entries = new Map<string, ClientRevocation>();
  for (const entry of clients as unknown[]) {
    const candidate = entry as Partial<ClientRevocation> | undefined;
    if (typeof candidate?.clientId !== 'string' || typeof candidate.tokensIssuedBefore !== 'number' || typeof candidate.revoked !== 'boolean') continue;
    entries.set(candidate.clientId, { clientId: candidate.clientId, tokensIssuedBefore: candidate.tokensIssuedBefore, revoked: candidate.revoked });
  }
  return entries;
}

/**
 * Keeps a map of revocations no older than `maxAgeMs`, loading it again
 * (one load at a time) when it is older. When a load fails, the previous list
 * is used for at most `staleForMs` more; after that every token is refused as
 * unverifiable (503), since a revocation might be missed.
 */
export class CachedRevocations implements RevocationList {
  private entries?: Map<string, ClientRevocation>;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private inFlight?: Promise<void>;
  private readonly listeners: Array<(entries: ReadonlyMap<string, ClientRevocation>) => void> = [];
  private readonly maxAgeMs: number;
  private readonly staleForMs: number;
  private readonly now: () => number;

  constructor(
    private readonly load: () => Promise<Map<string, ClientRevocation>>,
    options: { maxAgeMs?: number; staleForMs?: number; now?: () => number } = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? REVOCATION_LIST_MAX_AGE_MS;
    this.staleForMs = options.staleForMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  async isRevoked(clientId: string, issuedAt: number): Promise<boolean> {
    return isRevokedBy((await this.current()).get(clientId), issuedAt);
  }

  onLoad(listener: (entries: ReadonlyMap<string, ClientRevocation>) => void): void {
    this.listeners.push(listener);
  }

  /** Every entry, from a list no older than the maximum age (or stale within the bound while loading fails). */
  async current(): Promise<ReadonlyMap<string, ClientRevocation>> {
    if (this.now() - this.loadedAt >= this.maxAgeMs) {
      try {
        await this.refresh();
      } catch (error) {
        if (!this.entries || this.now() - this.loadedAt >= this.maxAgeMs + this.staleForMs) {
          throw new KeySetUnavailableError(`the revocation list could not be loaded: ${String(error)}`);
        }
      }
    }
    return this.entries ?? new Map();
  }

  /** One load at a time; concurrent callers wait for the same one. */
  refresh(): Promise<void> {
    this.inFlight ??= this.load()
      .then((entries) => {
        this.entries = entries;
        this.loadedAt = this.now();
        for (const listener of this.listeners) listener(entries);
      })
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }
}

/** The revocations the gateway publishes at `url` (e.g. `http://gateway/.well-known/revocations.json`), for a service behind it. */
export function publishedRevocations(url: string, options: { fetch?: typeof globalThis.fetch; now?: () => number } = {}): CachedRevocations {
  const fetch = options.fetch ?? globalThis.fetch;
  return new CachedRevocations(
    async () => {
      const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000) });
      if (!response.ok) throw new Error(`revocation list fetch from ${url} failed with HTTP ${response.status}`);
      return revocationsOfDocument(await response.json());
    },
    { now: options.now },
  );
}
