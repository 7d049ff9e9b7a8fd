import { Inject, Injectable } from '@nestjs/common';
import {
  generateSigningKey,
  isSealedPrivateKey,
  JWT_ALGORITHM,
  KeyResolver,
  openPrivateKey,
  privateKeyToPem,
  PublicJwk,
  publicKeyFromJwk,
  sealPrivateKey,
  SigningKey,
  signingKeyFromPem,
} from '@palembang/auth';
import { KeyObject } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { GATEWAY_CONFIG, GatewayConfig } from '../gateway-config';
import { AdminActor } from './oauth-client.store';
import { updatedRows } from './updated-rows';

/** Retired keys stay published this long, so tokens signed just before a rotation still verify everywhere. */
const RETIRED_KEY_PUBLISHED_FOR = '1 day';
const RETIRED_KEY_PUBLISHED_FOR_MS = 24 * 60 * 60_000;
/** How long a key found published is trusted without asking the database again (never past its own end). */
const PUBLISHED_KEY_CACHE_MS = 30_000;
/** Other gateway instances pick up a rotation (and stop signing with a revoked key) within this time. */
const ACTIVE_KEY_CACHE_MS = 30_000;
/** A key neither revoked nor past its day after retirement: the keys published and trusted. */
const PUBLISHED = `revoked_at IS NULL AND (retired_at IS NULL OR retired_at > now() - interval '${RETIRED_KEY_PUBLISHED_FOR}')`;
const LOCK = `hashtext('gateway.signing_keys')`;

type KeyRow = { kid: string; private_key_pem: string; created_at: Date };

/**
 * The gateway's ES256 signing keys: one active, recently retired ones still
 * published for verification. Private keys are stored encrypted when
 * GATEWAY_KEY_ENCRYPTION_KEY is set.
 */
@Injectable()
export class SigningKeyStore implements KeyResolver {
  private active?: { key: SigningKey; loadedAt: number };
  /** Keys found published, each until it is to be checked again; only keys that exist, so as few as there were rotations. */
  private readonly trustedKeys = new Map<string, { key: KeyObject; checkAgainAt: number }>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * At start: encrypts keys stored in the clear, then creates the first key when
   * none is active (safe with several instances starting at once).
   */
  async ensureActiveKey(): Promise<SigningKey> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(${LOCK})`);
      await this.sealKeysStoredInClear(manager);
      const [row]: KeyRow[] = await manager.query(`SELECT kid, private_key_pem, created_at FROM signing_keys WHERE retired_at IS NULL`);
      return this.remember(row ? signingKeyFromPem(row.kid, openPrivateKey(row.private_key_pem, row.kid, this.config.keyEncryptionKey)) : await this.insertKey(manager));
    });
  }

  /** Retires the active key and signs with a new one from now on. */
  async rotate(actor: AdminActor): Promise<{ kid: string; retiredKid: string | null }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(${LOCK})`);
      const retiredKid = await this.retireActive(manager);
      const key = this.remember(await this.insertKey(manager));
      await audit(manager, actor, 'signing_key.rotated', key.kid, { retiredKid });
      return { kid: key.kid, retiredKid };
    });
  }

  /**
   * Revokes a key at once (it leaked, or is suspected to have): it leaves the
   * JWKS, this instance refuses its tokens now, other gateway instances and
   * the services within 30 s; its private half is erased. The active key is
   * replaced first. Undefined when no such key exists; revoking twice is harmless.
   */
  async revoke(kid: string, actor: AdminActor): Promise<{ kid: string; activeKid: string } | undefined> {
    const result = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(${LOCK})`);
      const [row]: Array<{ retired_at: Date | null; revoked_at: Date | null }> = await manager.query(`SELECT retired_at, revoked_at FROM signing_keys WHERE kid = $1`, [kid]);
      if (!row) return undefined;
      if (row.retired_at === null) {
        await this.retireActive(manager);
        this.remember(await this.insertKey(manager));
      }
      if (row.revoked_at === null) {
        await manager.query(`UPDATE signing_keys SET revoked_at = now(), private_key_pem = '' WHERE kid = $1`, [kid]);
        await audit(manager, actor, 'signing_key.revoked', kid, {});
      }
      const [active]: Array<{ kid: string }> = await manager.query(`SELECT kid FROM signing_keys WHERE retired_at IS NULL`);
      return { kid, activeKid: active.kid };
    });
    this.trustedKeys.delete(kid);
    return result;
  }

  private async retireActive(manager: EntityManager): Promise<string | null> {
    const retired = updatedRows<{ kid: string }>(await manager.query(`UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL RETURNING kid`));
    // Read again with its retirement time, which bounds how long it is trusted.
    if (retired[0]) this.trustedKeys.delete(retired[0].kid);
    return retired[0]?.kid ?? null;
  }

  async activeKey(): Promise<SigningKey> {
    if (this.active && Date.now() - this.active.loadedAt < ACTIVE_KEY_CACHE_MS) return this.active.key;
    return this.ensureActiveKey();
  }

  /** Public keys of the active and recently retired keys, newest first. */
  async publishedKeys(): Promise<PublicJwk[]> {
    const rows: Array<{ public_jwk: PublicJwk }> = await this.dataSource.query(`SELECT public_jwk FROM signing_keys WHERE ${PUBLISHED} ORDER BY created_at DESC`);
    return rows.map((row) => row.public_jwk);
  }

  /**
   * The public key of a published kid, for verifying the gateway's own tokens
   * on every call: asked of the database at most every 30 s per key (a
   * rotation or revocation by another instance shows within that), and never trusted past
   * the end of a retired key's day. Unknown kids are always asked.
   */
  async getKey(kid: string): Promise<KeyObject | undefined> {
    const known = this.trustedKeys.get(kid);
    if (known && Date.now() < known.checkAgainAt) return known.key;
    const rows: Array<{ public_jwk: PublicJwk; retired_at: Date | null }> = await this.dataSource.query(
      `SELECT public_jwk, retired_at FROM signing_keys WHERE kid = $1 AND ${PUBLISHED}`,
      [kid],
    );
    if (rows.length === 0) {
      this.trustedKeys.delete(kid);
      return undefined;
    }
    const key = known?.key ?? (await publicKeyFromJwk(rows[0].public_jwk));
    if (!key) return undefined;
    const retiredAt = rows[0].retired_at;
    const endOfPublication = retiredAt ? retiredAt.getTime() + RETIRED_KEY_PUBLISHED_FOR_MS : Number.POSITIVE_INFINITY;
    this.trustedKeys.set(kid, { key, checkAgainAt: Math.min(Date.now() + PUBLISHED_KEY_CACHE_MS, endOfPublication) });
    return key;
  }

  /**
   * Keys stored before GATEWAY_KEY_ENCRYPTION_KEY was set are encrypted once it
   * is: a copy of the database then holds no usable private key, old keys
   * included (a revoked key's erased, empty PEM is left as it is).
   */
  private async sealKeysStoredInClear(manager: EntityManager): Promise<void> {
    const keyEncryptionKey = this.config.keyEncryptionKey;
    if (!keyEncryptionKey) return;
    const rows: Array<{ kid: string; private_key_pem: string }> = await manager.query(`SELECT kid, private_key_pem FROM signing_keys WHERE private_key_pem <> ''`);
    for (const row of rows.filter((candidate) => !isSealedPrivateKey(candidate.private_key_pem))) {
      await manager.query(`UPDATE signing_keys SET private_key_pem = $2 WHERE kid = $1`, [row.kid, sealPrivateKey(row.private_key_pem, row.kid, keyEncryptionKey)]);
    }
  }

  private async insertKey(manager: EntityManager): Promise<SigningKey> {
    const key = generateSigningKey();
    const pem = privateKeyToPem(key);
    const stored = this.config.keyEncryptionKey ? sealPrivateKey(pem, key.kid, this.config.keyEncryptionKey) : pem;
    await manager.query(`INSERT INTO signing_keys (kid, algorithm, private_key_pem, public_jwk) VALUES ($1, $2, $3, $4)`, [key.kid, JWT_ALGORITHM, stored, JSON.stringify(key.publicJwk)]);
    return key;
  }

  private remember(key: SigningKey): SigningKey {
    this.active = { key, loadedAt: Date.now() };
    return key;
  }
}

function audit(manager: EntityManager, actor: AdminActor, action: string, kid: string, detail: object): Promise<unknown> {
  return manager.query(`INSERT INTO gateway_admin_audit (actor_client_id, actor_agency_id, action, target, detail) VALUES ($1, $2, $3, $4, $5)`, [
    actor.clientId,
    actor.agencyId,
    action,
    kid,
    JSON.stringify(detail),
  ]);
}
