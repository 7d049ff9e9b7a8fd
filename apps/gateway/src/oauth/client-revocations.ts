import { Inject, Injectable } from '@nestjs/common';
import { CachedRevocations, ClientRevocation, RevocationDocument, RevocationList } from '@palembang/auth';
import { OAuthClientStore } from './oauth-client.store';

/**
 * How old the gateway's own list may be. Services poll the published list at
 * most every 30 s on top of this, so a revocation bites everywhere within 35 s.
 */
const GATEWAY_REVOCATIONS_MAX_AGE_MS = 5_000;

/**
 * The clients whose earlier tokens are no longer honoured, read from the
 * client store at most every 5 s: checked by the gateway's own verifier on
 * every call and published at /.well-known/revocations.json for the services.
 */
@Injectable()
export class ClientRevocations implements RevocationList {
  private readonly cached: CachedRevocations;

  constructor(@Inject(OAuthClientStore) clients: OAuthClientStore) {
    this.cached = new CachedRevocations(async () => new Map((await clients.revocations()).map((entry) => [entry.clientId, entry])), { maxAgeMs: GATEWAY_REVOCATIONS_MAX_AGE_MS });
  }

  isRevoked(clientId: string, issuedAt: number): Promise<boolean> {
    return this.cached.isRevoked(clientId, issuedAt);
  }

  onLoad(listener: (entries: ReadonlyMap<string, ClientRevocation>) => void): void {
    this.cached.onLoad(listener);
  }

  async document(): Promise<RevocationDocument> {
    return { clients: [...(await this.cached.current()).values()] };
  }
}
