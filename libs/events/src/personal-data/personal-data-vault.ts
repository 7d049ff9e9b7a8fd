import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { ERASED, EventContract } from '@palembang/events/core';
import { EntityManager } from 'typeorm';

/**
 * The stored form of one personal field: encrypted with the subject's own key
 * (AES-256-GCM), the key itself wrapped with the service's master key.
 */
export type SealedValue = Readonly<{ $sealed: Readonly<{ key: string; iv: string; data: string; tag: string }> }>;

type Json = unknown;

/**
 * A subject key a write statement uses: checked still active there (wrappedKey null, a key
 * remembered from an earlier write) or created there (wrappedKey, hex); the agencies holding
 * the person's case are linked to them in the same statement (es_use_subject_key).
 */
export type SubjectKeyUse = { keyId: string; subjectId: string; wrappedKey: string | null; agencyIds: string[] };

/** Subject keys remembered per process, so a write seals without a round trip; bounded, oldest forgotten first. */
const REMEMBERED_KEYS = 10_000;

/** Who asks to forget a person: the client, its agency, whether it acts for all agencies, and when (ISO 8601). */
export type ErasureRequest = Readonly<{ clientId: string; agencyId: string; allAgencies: boolean; at: string }>;

/**
 * `refused`: the requester's agency holds no case of the subject (or the subject is unknown):
 * the caller answers exactly as for an unknown subject. `shared`: its agency holds a case of the
 * subject, but another agency does too, so only agencies:all may forget them (the caller says so,
 * without naming the other agency). `subjectReference` is the keyed hash the audit names.
 */
export type ErasureOutcome =
  | Readonly<{ outcome: 'erased'; erasedKeys: number; subjectReference: string }>
  | Readonly<{ outcome: 'refused' | 'shared'; subjectReference: string }>;

export function isSealed(value: unknown): value is SealedValue {
  return typeof value === 'object' && value !== null && '$sealed' in value;
}

/**
 * Per-subject encryption of citizens' personal data, with crypto-shredding:
 * `forget(subject)` destroys the subject's key, after which every sealed value
 * of that subject reads as the ERASED marker, while the events stay intact.
 */
export class PersonalDataVault {
  private readonly rememberedKeys = new Map<string, { keyId: string; key: Buffer }>();

  constructor(private readonly masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('The personal-data master key must be 32 bytes');
  }

  /**
   * Seals like `seal`, without a round trip: with the subject's key remembered from an earlier
   * write, else with a new one. `uses` (by subject) collects what the write statement must check
   * or create; after it commits, `rememberKeys(uses)`; on its PEKEY error, `keyMissed` (and
   * `recallKey`) and seal again. In a transaction a PEKEY ends it: only where the whole work can run
   * again (a held-back write, see deferWrite).
   */
  sealWithoutLookup(contract: EventContract | undefined, data: Record<string, Json>, agencyId: string | undefined, uses: Map<string, SubjectKeyUse & { key: Buffer }>): Record<string, Json> {
    const personal = contract?.personalData;
    if (!personal) return data;
    const holder = personal.agencyId?.(data as never) ?? agencyId ?? null;
    const subjectId = this.subjectReference(personal.subjectId(data as never));
    const use = uses.get(subjectId) ?? this.keyUseOf(subjectId);
    if (holder !== null && !use.agencyIds.includes(holder)) use.agencyIds.push(holder);
    uses.set(subjectId, use);
    return this.sealFields(personal.fields, data, use.keyId, use.key);
  }

  /** The keys a committed write used, remembered for the subjects' next writes. */
  rememberKeys(uses: Iterable<SubjectKeyUse & { key: Buffer }>): void {
    for (const { subjectId, keyId, key } of uses) this.remember(subjectId, keyId, key);
  }

  /**
   * A write statement found a key it used erased, or the subject holding a key already (PEKEY, its
   * detail naming the subject by reference, never a key: the server logs errors): the remembered key
   * goes. Where a read can follow, `recallKey` then reads the subject's active key for the next sealing.
   */
  keyMissed(subjectId: string | undefined): void {
    if (subjectId) this.rememberedKeys.delete(subjectId);
  }

  /** Remembers the subject's active key, if it has one, for the next sealing (else that sealing makes a new one). */
  async recallKey(manager: EntityManager, subjectId: string): Promise<void> {
    const [active]: Array<{ key_id: string; wrapped_key: Buffer }> = await manager.query(
      `SELECT key_id, wrapped_key FROM es_subject_keys WHERE subject_id = $1 AND erased_at IS NULL`,
      [subjectId],
    );
    if (active) this.remember(subjectId, active.key_id, this.unwrap(active.wrapped_key));
  }

  private keyUseOf(subjectId: string): SubjectKeyUse & { key: Buffer } {
    const remembered = this.rememberedKeys.get(subjectId);
    if (remembered) return { subjectId, keyId: remembered.keyId, key: remembered.key, wrappedKey: null, agencyIds: [] };
    const key = randomBytes(32);
    return { subjectId, keyId: randomUUID(), key, wrappedKey: this.wrap(key).toString('hex'), agencyIds: [] };
  }

  private remember(subjectId: string, keyId: string, key: Buffer): void {
    this.rememberedKeys.delete(subjectId);
    this.rememberedKeys.set(subjectId, { keyId, key });
    if (this.rememberedKeys.size > REMEMBERED_KEYS) this.rememberedKeys.delete(this.rememberedKeys.keys().next().value as string);
  }

  private sealFields(fields: readonly string[], data: Record<string, Json>, keyId: string, key: Buffer): Record<string, Json> {
    const sealed = structuredClone(data);
    for (const path of fields) {
      updatePath(sealed, path, (value) => (value === undefined ? undefined : this.encrypt(keyId, key, value)));
    }
    return sealed;
  }

  /**
   * Seals the contract's personal fields in `data`, creating the subject's key if needed;
   * the agency holding the person's case is linked to the subject (see `forgetOnRequest`): the one the
   * contract names (`personalData.agencyId`, say an enrolment's employer), else `agencyId` (the event's).
   */
  async seal(manager: EntityManager, contract: EventContract | undefined, data: Record<string, Json>, agencyId?: string): Promise<Record<string, Json>> {
    const personal = contract?.personalData;
    if (!personal) return data;
    const holder = personal.agencyId?.(data as never) ?? agencyId ?? null;
    const { keyId, key } = await this.activeKey(manager, this.subjectReference(personal.subjectId(data as never)), holder);
    return this.sealFields(personal.fields, data, keyId, key);
  }

  /** Replaces every sealed value in `data` by its plain value, or by ERASED if its key is gone. */
  async unseal(manager: EntityManager, data: Json): Promise<Json> {
    const keyIds = new Set<string>();
    collectSealed(data, (sealed) => keyIds.add(sealed.$sealed.key));
    if (keyIds.size === 0) return data;
    return this.unsealWith(data, await this.loadKeys(manager, [...keyIds]));
  }

  /**
   * Unseals with the keys read together with the data (`sealingKeysOf` selects them), so a read
   * costs no second round trip; a key not among them is erased, and its values read as ERASED.
   */
  unsealWithKeys(data: Json, keys: ReadonlyArray<{ keyId: string; wrappedKey: string }>): Json {
    return this.unsealWith(data, new Map(keys.map(({ keyId, wrappedKey }) => [keyId, this.unwrap(Buffer.from(wrappedKey, 'hex'))])));
  }

  private unsealWith(data: Json, keys: ReadonlyMap<string, Buffer>): Json {
    return mapSealed(data, (sealed) => {
      const key = keys.get(sealed.$sealed.key);
      return key ? this.decrypt(key, sealed) : ERASED;
    });
  }

  /**
   * Forgets the subject if the requester may: it acts for all agencies, or its agency is the only
   * one holding a case of theirs (see `linkToAgency`). Erasing the key erases the person for every
   * agency, so one agency never decides that for another: a person linked elsewhere too is forgotten
   * only by agencies:all. Granted or refused, the request is recorded with who asked and when, naming
   * the subject only by its keyed hash. Run it in a transaction, so erasure and record commit together.
   *
   * The subject's key is locked first (FOR UPDATE; `activeKey` takes it FOR SHARE while sealing), so an
   * agency linking itself in a concurrent seal either commits first, and its link is read here, or waits
   * and then seals under a new key: never is a key erased that another agency's new case just used.
   */
  async forgetOnRequest(manager: EntityManager, subject: string, request: ErasureRequest): Promise<ErasureOutcome> {
    const subjectReference = this.subjectReference(subject);
    await manager.query(`SELECT key_id FROM es_subject_keys WHERE subject_id = $1 AND erased_at IS NULL FOR UPDATE`, [subjectReference]);
    const outcome = request.allAgencies ? 'erased' : forgetDecision(await this.linkedAgencies(manager, subjectReference), request.agencyId);
    const erasedKeys = outcome === 'erased' ? await this.forget(manager, subject) : 0;
    await manager.query(
      `INSERT INTO es_subject_erasures (subject_id, requested_by_client, requested_by_agency, all_agencies, outcome, erased_keys, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [subjectReference, request.clientId, request.agencyId, request.allAgencies, outcome === 'erased' ? 'erased' : 'refused', erasedKeys, request.at],
    );
    return outcome === 'erased' ? { outcome, erasedKeys, subjectReference } : { outcome, subjectReference };
  }

  /** Records that `agencyId` holds a case of the subject (a complaint routed to it, say): it may forget them if no other agency does. */
  async linkToAgency(manager: EntityManager, subject: string, agencyId: string): Promise<void> {
    await manager.query(`INSERT INTO es_subject_agencies (subject_id, agency_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [this.subjectReference(subject), agencyId]);
  }

  private async linkedAgencies(manager: EntityManager, subjectReference: string): Promise<string[]> {
    const rows: Array<{ agency_id: string }> = await manager.query(`SELECT agency_id FROM es_subject_agencies WHERE subject_id = $1`, [subjectReference]);
    return rows.map((row) => row.agency_id);
  }

  /** Erases every key of the subject, unconditionally; returns how many keys were erased. */
  async forget(manager: EntityManager, subject: string): Promise<number> {
    const result: [unknown[], number] = await manager.query(
      `UPDATE es_subject_keys SET wrapped_key = NULL, erased_at = now() WHERE subject_id = $1 AND erased_at IS NULL`,
      [this.subjectReference(subject)],
    );
    return result[1];
  }

  /**
   * Subject ids may themselves be personal (a NIK), so the key table stores a
   * keyed hash of them instead; nothing stored names the person in clear.
   */
  subjectReference(subject: string): string {
    return createHmac('sha256', this.masterKey).update(subject).digest('hex');
  }

  /**
   * The subject's active key, created on first use, in one round trip: the
   * insert runs only when no key exists (an upsert would lock and rewrite the
   * key row on every event of the subject).
   */
  private async activeKey(manager: EntityManager, subject: string, agencyId: string | null): Promise<{ keyId: string; key: Buffer }> {
    // A concurrent first event of the same person makes the insert do nothing: the next
    // round (a new statement, so a new snapshot) finds the key that one committed.
    // FOR SHARE: a concurrent forget (FOR UPDATE) waits for this seal and then sees its link;
    // a seal that waited for a forget finds the key erased and creates a new one.
    for (let round = 1; ; round++) {
      const rows: Array<{ key_id: string; wrapped_key: Buffer }> = await manager.query(
        `WITH existing AS (SELECT key_id, wrapped_key FROM es_subject_keys WHERE subject_id = $2 AND erased_at IS NULL FOR SHARE),
              created AS (INSERT INTO es_subject_keys (key_id, subject_id, wrapped_key) SELECT $1::uuid, $2::text, $3::bytea WHERE NOT EXISTS (SELECT 1 FROM existing)
                          ON CONFLICT (subject_id) WHERE erased_at IS NULL DO NOTHING RETURNING key_id, wrapped_key),
              linked AS (INSERT INTO es_subject_agencies (subject_id, agency_id) SELECT $2::text, $4::text WHERE $4::text IS NOT NULL ON CONFLICT DO NOTHING)
         SELECT key_id, wrapped_key FROM existing UNION ALL SELECT key_id, wrapped_key FROM created`,
        [randomUUID(), subject, this.wrap(randomBytes(32)), agencyId],
      );
      if (rows.length > 0) return { keyId: rows[0].key_id, key: this.unwrap(rows[0].wrapped_key) };
      if (round === 3) throw new Error('no personal-data key could be found or created for the subject');
    }
  }

  private async loadKeys(manager: EntityManager, keyIds: string[]): Promise<Map<string, Buffer>> {
    const rows: Array<{ key_id: string; wrapped_key: Buffer }> = await manager.query(
      `SELECT key_id, wrapped_key FROM es_subject_keys WHERE key_id = ANY($1::uuid[]) AND wrapped_key IS NOT NULL`,
      [keyIds],
    );
    return new Map(rows.map((row) => [row.key_id, this.unwrap(row.wrapped_key)]));
  }

  private encrypt(keyId: string, key: Buffer, value: Json): SealedValue {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return {
      $sealed: { key: keyId, iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    };
  }

  private decrypt(key: Buffer, sealed: SealedValue): Json {
    const { iv, data, tag } = sealed.$sealed;
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  }

  private wrap(key: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    const wrapped = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), wrapped]);
  }

  private unwrap(wrapped: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, wrapped.subarray(0, 12));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    return Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]);
  }
}

/**
 * An agency alone may forget a person only when it is the one and only agency holding a case of theirs:
 * `erased`; `shared` when it holds one but another agency does too; `refused` when it holds none.
 */
export function forgetDecision(linkedAgencies: readonly string[], agencyId: string): 'erased' | 'shared' | 'refused' {
  if (!linkedAgencies.includes(agencyId)) return 'refused';
  return linkedAgencies.every((linked) => linked === agencyId) ? 'erased' : 'shared';
}

/**
 * A select-list expression: the keys still held of every sealed value in `column` (jsonb), as
 * [{ keyId, wrappedKey (hex) }], for `unsealWithKeys`. The personal data and its keys in one read.
 */
export function sealingKeysOf(column: string): string {
  return `(SELECT coalesce(jsonb_agg(jsonb_build_object('keyId', k.key_id, 'wrappedKey', encode(k.wrapped_key, 'hex'))), '[]'::jsonb)
     FROM es_subject_keys k
    WHERE k.wrapped_key IS NOT NULL AND k.key_id IN (SELECT DISTINCT (jsonb_path_query(${column}, 'lax $.**."$sealed".key') #>> '{}')::uuid))`;
}

/** Reads the 32-byte master key from base64 (PERSONAL_DATA_KEY). */
export function masterKeyFromBase64(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('PERSONAL_DATA_KEY must be 32 bytes, base64-encoded');
  return key;
}

function updatePath(target: Record<string, Json>, path: string, update: (value: Json) => Json): void {
  const parts = path.split('.');
  let node: Record<string, Json> | undefined = target;
  for (const part of parts.slice(0, -1)) {
    const next: Json = node?.[part];
    node = typeof next === 'object' && next !== null ? (next as Record<string, Json>) : undefined;
  }
  const last = parts[parts.length - 1];
  if (node && last in node) node[last] = update(node[last]);
}

function collectSealed(value: Json, visit: (sealed: SealedValue) => void): void {
  if (isSealed(value)) visit(value);
  else if (Array.isArray(value)) value.forEach((item) => collectSealed(item, visit));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((item) => collectSealed(item, visit));
}

function mapSealed(value: Json, replace: (sealed: SealedValue) => Json): Json {
  if (isSealed(value)) return replace(value);
  if (Array.isArray(value)) return value.map((item) => mapSealed(item, replace));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapSealed(v, replace)]));
  }
  return value;
}
