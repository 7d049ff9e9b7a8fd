import { ConcurrencyError, EventContract, EventContracts, EventEnvelope, NewEvent } from '@palembang/events/core';
import { DataSource, EntityManager } from 'typeorm';
import { EventChainKeys } from '../chain-key';
import { canonicalJson } from '../hash-chain';
import { ErasureOutcome, ErasureRequest, PersonalDataVault, sealingKeysOf, SubjectKeyUse } from '../personal-data/personal-data-vault';
import { countUnkeyedEvents, holdsKeyedLinks, keyLegacyStreams, LegacyKeying, readStoredStream, StreamVerification, verifyChain } from './keyed-chain';
import { SqlStatement, withStatementsAlongside } from './one-statement';
import { deferWrite } from './request-transaction';
import { envelopeOf, STORED_EVENT_COLUMNS, StoredEventRow } from './stored-event';

export type { LegacyKeying, StreamVerification } from './keyed-chain';
export { keyLegacyStreams } from './keyed-chain';
export type { SqlStatement } from './one-statement';

/** A reader's place in the global order: the writing transaction, then the position within it. */
export type AllStreamCheckpoint = Readonly<{ transactionId: string; globalPosition: string }>;

export const START_OF_ALL: AllStreamCheckpoint = { transactionId: '0', globalPosition: '0' };

export type ExpectedVersion = number | 'any';

export type AppendResult = Readonly<{ nextExpectedVersion: number; globalPositions: string[] }>;

/** Seals personal fields of a read model's row as the append seals its events: under the same subject keys, in the same statement. */
export type Sealer = (contract: EventContract, data: Record<string, unknown>, agencyId?: string) => Promise<Record<string, unknown>>;

/** Writes that go with an append, in its one statement: given, or made with the append's sealer (rows holding personal data). */
export type Alongside = readonly SqlStatement[] | ((seal: Sealer) => Promise<readonly SqlStatement[]>);

/** A write statement raced a forget, or a first write of the same person (es_use_subject_key): seal again, a few times. */
const MAX_KEY_ROUNDS = 4;

/** Each event's personal-data keys, read with it (so a stream read is one round trip). */
const SEALING_KEYS = `${sealingKeysOf('e.data')} AS sealing_keys`;

type KeyUses = Map<string, SubjectKeyUse & { key: Buffer }>;

export interface EventStoreOptions {
  dataSource: DataSource;
  /** The Kafka topic this service's events are relayed to. */
  topic: string;
  contracts?: EventContracts;
  vault: PersonalDataVault;
  /** Keys the hash chain (EVENT_CHAIN_KEY): the MACs are computed here, the key never goes to the database. */
  chainKeys: EventChainKeys;
}



/**
 * Event store on PostgreSQL: optimistic appends per stream, a hash chain per
 * stream, personal data sealed per subject, and an outbox row per event written
 * in the same transaction for the relay to publish.
 */
export class PostgresEventStore {
  private readonly contracts: EventContracts;

  constructor(private readonly options: EventStoreOptions) {
    this.contracts = options.contracts ?? new EventContracts();
  }

  get dataSource(): DataSource {
    return this.options.dataSource;
  }

  /**
   * Appends events if the stream is at `expectedVersion` (0 for a new stream),
   * else throws ConcurrencyError. Pass `manager` to join a running transaction;
   * without one the append is a single autocommit statement (es_append_command).
   * `alongside` (read-model upserts, say) go in that same statement, so they
   * commit with the events or not at all (see withStatementsAlongside).
   * `deferrable`: in a request transaction that holds writes back (an Idempotency-Key
   * request), the append is sent at the end of the request with the request's record in
   * its statement (deferWrite); its global positions are then not known here ([]).
   */
  async append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    manager?: EntityManager,
    alongside: Alongside = [],
    options: { deferrable?: boolean } = {},
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const target = manager ?? this.options.dataSource.manager;
    if (expectedVersion !== 'any' && options.deferrable && this.deferred(target, streamId, expectedVersion, events, alongside)) {
      return { nextExpectedVersion: expectedVersion + events.length, globalPositions: [] };
    }
    if (expectedVersion !== 'any') return this.appendAt(target, streamId, expectedVersion, events, alongside);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.appendAt(target, streamId, await this.streamVersion(streamId, target), events, alongside);
      } catch (error) {
        // 'any' means "whatever the version": take the new one and try again, a few times.
        if (!(error instanceof ConcurrencyError) || attempt >= 5 || manager) throw error;
      }
    }
  }

  private deferred(manager: EntityManager, streamId: string, expectedVersion: number, events: readonly NewEvent[], alongside: Alongside): boolean {
    return deferWrite(this.options.dataSource, async (extra) => {
      const withExtra: Alongside = typeof alongside === 'function' ? async (seal) => [...(await alongside(seal)), ...extra] : [...alongside, ...extra];
      // Keys checked in the statement even in the request's transaction: a miss (PEKEY) fails the held write, and the request runs again with key lookups.
      await this.appendAt(manager, streamId, expectedVersion, events, withExtra, true);
    });
  }

  private async appendAt(
    manager: EntityManager,
    streamId: string,
    expectedVersion: number,
    events: readonly NewEvent[],
    alongside: Alongside,
    keysInStatement = manager.queryRunner?.isTransactionActive !== true,
  ): Promise<AppendResult> {
    // In a transaction a failed statement ends it, so keys are looked up first there (seal) instead of checked in the statement.
    const alone = manager.queryRunner?.isTransactionActive !== true;
    for (let round = 1; ; round++) {
      const keys: KeyUses = new Map();
      const seal = this.sealerFor(manager, keysInStatement ? keys : undefined);
      const contents = await this.sealedContents(streamId, expectedVersion, events, seal);
      const macs = contents.map((content) => this.options.chainKeys.eventMac(content));
      const headMac = this.options.chainKeys.headMac(streamId, expectedVersion + events.length, macs[macs.length - 1]);
      const keyUses = [...keys.values()].map(({ keyId, subjectId, wrappedKey, agencyIds }) => ({ keyId, subjectId, wrappedKey, agencyIds }));
      const statement = withStatementsAlongside(
        {
          sql: `SELECT position::text FROM es_append_command($1, $2, $3, $4::jsonb, $5::text[], $6, $7::jsonb) AS position`,
          parameters: [streamId, expectedVersion, this.options.topic, JSON.stringify(contents), macs, headMac, JSON.stringify(keyUses)],
        },
        typeof alongside === 'function' ? await alongside(seal) : alongside,
      );
      try {
        const inserted: Array<{ position: string }> = await manager.query(statement.sql, [...statement.parameters]);
        this.options.vault.rememberKeys(keys.values());
        return { nextExpectedVersion: expectedVersion + events.length, globalPositions: inserted.map((row) => row.position) };
      } catch (error) {
        const driverError = (error as { driverError?: { code?: string; detail?: string } }).driverError;
        if (driverError?.code === 'PE409') throw new ConcurrencyError(streamId, expectedVersion, Number(driverError.detail));
        if (driverError?.code !== 'PEKEY') throw error;
        this.options.vault.keyMissed(driverError.detail);
        if (!alone || round >= MAX_KEY_ROUNDS || !driverError.detail) throw error;
        await this.options.vault.recallKey(manager, driverError.detail);
      }
    }
  }

  /** Seals with keys the statement checks or creates (`keys`), else with keys looked up first (in a transaction). */
  private sealerFor(manager: EntityManager, keys?: KeyUses): Sealer {
    const vault = this.options.vault;
    return keys
      ? async (contract, data, agencyId) => vault.sealWithoutLookup(contract, data, agencyId, keys)
      : (contract, data, agencyId) => vault.seal(manager, contract, data, agencyId);
  }

  /** Each event as stored and hashed (canonical JSON), its personal data sealed. */
  private async sealedContents(streamId: string, expectedVersion: number, events: readonly NewEvent[], seal: Sealer): Promise<string[]> {
    const contents: string[] = [];
    for (const [index, event] of events.entries()) {
      const contract = this.contracts.get(event.type);
      const plain = event.data as Record<string, unknown>;
      const data = contract ? await seal(contract, plain, event.metadata.agencyId) : plain;
      const stored = {
        eventId: event.eventId,
        streamId,
        streamVersion: expectedVersion + index + 1,
        type: event.type,
        schemaVersion: this.contracts.schemaVersionOf(event.type),
        data,
        metadata: event.metadata,
        occurredAt: new Date(event.occurredAt).toISOString(),
      };
      contents.push(canonicalJson(stored));
    }
    return contents;
  }

  /** The link saying `agencyId` holds a case of the subject (see linkSubjectToAgency), as a statement to send with an append. */
  subjectAgencyLink(subjectId: string, agencyId: string): SqlStatement {
    return {
      sql: `INSERT INTO es_subject_agencies (subject_id, agency_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      parameters: [this.options.vault.subjectReference(subjectId), agencyId],
    };
  }

  /** The stream's events in order, personal data unsealed (or ERASED), upcast to current schemas. */
  async readStream(streamId: string, options: { fromVersion?: number; manager?: EntityManager } = {}): Promise<EventEnvelope[]> {
    const manager = options.manager ?? this.options.dataSource.manager;
    const rows: StoredEventRow[] = await manager.query(
      `SELECT ${STORED_EVENT_COLUMNS}, ${SEALING_KEYS} FROM es_events e WHERE stream_id = $1 AND stream_version >= $2 ORDER BY e.stream_version`,
      [streamId, options.fromVersion ?? 1],
    );
    return this.toEnvelopes(manager, rows);
  }

  /** Several streams' events in one read, each stream in order (an id without events maps to []): for lists showing each record's stream. */
  async readStreams(streamIds: readonly string[], manager: EntityManager = this.options.dataSource.manager): Promise<Map<string, EventEnvelope[]>> {
    const rows: StoredEventRow[] = await manager.query(
      `SELECT ${STORED_EVENT_COLUMNS}, ${SEALING_KEYS} FROM es_events e WHERE stream_id = ANY($1::text[]) ORDER BY e.stream_id, e.stream_version`,
      [streamIds],
    );
    const streams = new Map<string, EventEnvelope[]>(streamIds.map((streamId) => [streamId, []]));
    for (const envelope of await this.toEnvelopes(manager, rows)) streams.get(envelope.streamId)?.push(envelope);
    return streams;
  }

  /** The stream's current version, 0 when it does not exist. */
  async streamVersion(streamId: string, manager: EntityManager = this.options.dataSource.manager): Promise<number> {
    const rows: Array<{ version: number }> = await manager.query(
      `SELECT version FROM es_streams WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0]?.version ?? 0;
  }

  /**
   * Events of all streams after `checkpoint`, in commit-safe order. Only
   * transactions older than the oldest still running are read: a global
   * position taken by a transaction that commits late is therefore never
   * skipped, it is read once that transaction has ended.
   */
  async readAll(checkpoint: AllStreamCheckpoint = START_OF_ALL, limit = 500): Promise<{ events: EventEnvelope[]; checkpoint: AllStreamCheckpoint }> {
    const manager = this.options.dataSource.manager;
    const rows: StoredEventRow[] = await manager.query(
      `SELECT ${STORED_EVENT_COLUMNS} FROM es_events e
       WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY e.transaction_id, e.global_position
       LIMIT $3`,
      [checkpoint.transactionId, checkpoint.globalPosition, limit],
    );
    const last = rows[rows.length - 1];
    return {
      events: await this.toEnvelopes(manager, rows),
      checkpoint: last ? { transactionId: last.transaction_id, globalPosition: last.global_position } : checkpoint,
    };
  }

  /**
   * Checks the stream's hash chain and its keyed MACs: proves it untouched or
   * names the first altered event, also when whoever altered it recomputed the
   * unkeyed hashes (they lack EVENT_CHAIN_KEY), and notices removed events.
   */
  async verifyStream(streamId: string): Promise<StreamVerification> {
    const { rows, head } = await readStoredStream(this.options.dataSource.manager, streamId);
    return verifyChain(streamId, rows, head, this.options.chainKeys);
  }

  /** The operator step after the upgrade: keys the streams stored before the chain was keyed (see keyLegacyStreams). */
  keyLegacyStreams(): Promise<LegacyKeying> {
    return keyLegacyStreams(this.options.dataSource, this.options.chainKeys);
  }

  /** How many events (in how many streams) carry no keyed MAC: not anchored, verifyStream names them. */
  countUnkeyedEvents(): Promise<{ events: number; streams: number }> {
    return countUnkeyedEvents(this.options.dataSource.manager);
  }

  /** Whether any event or head carries a keyed MAC: then legacy keying refuses every unkeyed stream. */
  holdsKeyedLinks(): Promise<boolean> {
    return holdsKeyedLinks(this.options.dataSource.manager);
  }

  /**
   * Forgets the subject if the requester's agency holds a case of theirs or it acts for
   * all agencies, and records the request either way (see PersonalDataVault.forgetOnRequest).
   */
  forgetOnRequest(subjectId: string, request: ErasureRequest, alsoErase?: (manager: EntityManager) => Promise<void>): Promise<ErasureOutcome> {
    return this.options.dataSource.transaction(async (manager) => {
      const outcome = await this.options.vault.forgetOnRequest(manager, subjectId, request);
      // What a service keeps of the person outside events (documents, say) goes in the same commit as the key.
      if (outcome.outcome === 'erased' && alsoErase) await alsoErase(manager);
      return outcome;
    });
  }

  /** Lets `agencyId` forget the subject too: it now holds a case of theirs. Join the command's transaction. */
  linkSubjectToAgency(manager: EntityManager, subjectId: string, agencyId: string): Promise<void> {
    return this.options.vault.linkToAgency(manager, subjectId, agencyId);
  }

  /** Erases the subject's personal-data keys, unconditionally: their fields read as ERASED everywhere from now on. */
  forget(subjectId: string): Promise<number> {
    return this.options.vault.forget(this.options.dataSource.manager, subjectId);
  }

  /** Turns stored rows into envelopes: unsealed personal data, upcast data. */
  async toEnvelopes(manager: EntityManager, rows: StoredEventRow[]): Promise<EventEnvelope[]> {
    const envelopes: EventEnvelope[] = [];
    for (const row of rows as Array<StoredEventRow & { sealing_keys?: Array<{ keyId: string; wrappedKey: string }> }>) {
      const unsealed = (row.sealing_keys ? this.options.vault.unsealWithKeys(row.data, row.sealing_keys) : await this.options.vault.unseal(manager, row.data)) as Record<string, unknown>;
      const { schemaVersion, data } = this.contracts.upcast(row.type, row.schema_version, unsealed);
      envelopes.push(envelopeOf(row, data, schemaVersion));
    }
    return envelopes;
  }
}
