import { randomUUID } from 'node:crypto';
import { ConcurrencyError, defineContract, ERASED, Event, EventContracts } from '@palembang/events/core';
import { createTestDatabase, deleteEvent, newEvent, Query, recomputeUnkeyedChain, stripKeyedLinks, testChainKeys, testVault } from '../testing';
import { DataSource } from 'typeorm';
import { PostgresEventStore, START_OF_ALL, AllStreamCheckpoint } from './postgres-event-store';
import { EventEnvelope } from '@palembang/events/core';

const citizenContracts = () =>
  new EventContracts([
    defineContract<Event<'ApplicationSubmitted', { applicant: { nik: string } }>>({
      type: 'ApplicationSubmitted',
      schemaVersion: 1,
      personalData: { subjectId: (data) => `citizen-${data.applicant.nik}`, fields: ['applicant.name', 'applicant.nik', 'applicant.phone'] },
    }),
  ]);

describe('PostgresEventStore (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let store: PostgresEventStore;

  beforeAll(async () => {
    dataSource = await createTestDatabase('event_store');
    store = new PostgresEventStore({ dataSource, vault: testVault(), chainKeys: testChainKeys(), topic: 'test.events', contracts: citizenContracts() });
  });

  afterAll(() => dataSource.destroy());

  describe('appending with an expected version', () => {
    it('lets exactly one of 50 concurrent appends at the same version win, leaving no gap or duplicate', async () => {
      const streamId = `permit-${randomUUID()}`;
      await store.append(streamId, 0, [newEvent('ApplicationDrafted', { n: 0 })]);

      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, n) => store.append(streamId, 1, [newEvent('ApplicationAmended', { n })])),
      );

      const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const conflicts = outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof ConcurrencyError);
      expect(succeeded).toHaveLength(1);
      expect(conflicts).toHaveLength(49);
      const events = await store.readStream(streamId);
      expect(events.map((event) => event.streamVersion)).toEqual([1, 2]);
      expect(await store.streamVersion(streamId)).toBe(2);
    });

    it('lets only one of 50 concurrent creators of a new stream win', async () => {
      const streamId = `permit-${randomUUID()}`;
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, n) => store.append(streamId, 0, [newEvent('ApplicationDrafted', { n })])),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof ConcurrencyError)).toHaveLength(49);
      expect(await store.readStream(streamId)).toHaveLength(1);
    });

    it('rejects a stale expected version with a typed error naming the actual version', async () => {
      const streamId = `permit-${randomUUID()}`;
      await store.append(streamId, 0, [newEvent('A', {}), newEvent('B', {})]);
      await expect(store.append(streamId, 1, [newEvent('C', {})])).rejects.toMatchObject({
        name: 'ConcurrencyError',
        actualVersion: 2,
        expectedVersion: 1,
      });
    });
  });

  describe('reading all streams by global position', () => {
    // Readers stop below the oldest transaction running anywhere on the server
    // (other tests' databases included), so these tests wait for their own
    // events instead of expecting them on the first read.
    async function readUntil(from: AllStreamCheckpoint, done: (events: EventEnvelope[]) => boolean, pageSize = 50) {
      let checkpoint = from;
      const events: EventEnvelope[] = [];
      const deadline = Date.now() + 20_000;
      while (!done(events) && Date.now() < deadline) {
        const page = await store.readAll(checkpoint, pageSize);
        events.push(...page.events);
        checkpoint = page.checkpoint;
        if (page.events.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return { events, checkpoint };
    }

    it('never skips a lower position whose transaction commits after a higher one', async () => {
      const run = randomUUID();
      const mine = (events: EventEnvelope[]) => events.filter((event) => (event.data as { run?: string }).run === run);
      const early = dataSource.createQueryRunner();
      await early.connect();
      await early.startTransaction();

      // The early transaction takes the lower global position but commits last.
      const lower = await store.append(`s-${randomUUID()}`, 0, [newEvent('Lower', { run })], early.manager);
      const higher = await store.append(`s-${randomUUID()}`, 0, [newEvent('Higher', { run })]);
      expect(BigInt(lower.globalPositions[0])).toBeLessThan(BigInt(higher.globalPositions[0]));

      const whileOpen = await store.readAll(START_OF_ALL, 10_000);
      expect(mine(whileOpen.events)).toEqual([]); // held back behind the open transaction, not passed
      await early.commitTransaction();
      await early.release();
      const after = await readUntil(whileOpen.checkpoint, (events) => mine(events).length >= 2);

      expect(mine([...whileOpen.events, ...after.events]).map((event) => event.type)).toEqual(['Lower', 'Higher']);
    });

    it('sees every event exactly once while many writers commit out of order', async () => {
      const run = randomUUID();
      const writers = Array.from({ length: 20 }, async (_, writer) => {
        for (let n = 0; n < 10; n++) {
          const runner = dataSource.createQueryRunner();
          await runner.connect();
          await runner.startTransaction();
          await store.append(`w-${writer}-${n}-${randomUUID()}`, 0, [newEvent('Written', { run, writer, n })], runner.manager);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
          await runner.commitTransaction();
          await runner.release();
        }
      });
      const seen = new Map<string, number>();
      const count = (events: EventEnvelope[]) => {
        for (const event of events.splice(0)) {
          if ((event.data as { run?: string }).run === run) seen.set(event.eventId, (seen.get(event.eventId) ?? 0) + 1);
        }
        return seen.size >= 200;
      };
      const reader = readUntil(START_OF_ALL, count);
      await Promise.all(writers);
      await reader;
      expect(seen.size).toBe(200);
      expect([...seen.values()].every((times) => times === 1)).toBe(true);
    });

    it('orders positions as numbers, also across a power of ten', async () => {
      const current: Array<{ last: string }> = await dataSource.query(`SELECT last_value::text AS last FROM es_events_global_position_seq`);
      const nextPowerOfTen = 10 ** current[0].last.length;
      await dataSource.query(`SELECT setval('es_events_global_position_seq', $1)`, [nextPowerOfTen - 6]);
      const streamId = `s-${randomUUID()}`;
      await store.append(streamId, 0, Array.from({ length: 12 }, (_, n) => newEvent('Counted', { n })));

      const mine = (events: EventEnvelope[]) => events.filter((event) => event.streamId === streamId);
      const { events } = await readUntil(START_OF_ALL, (read) => mine(read).length >= 12, 5);
      expect(mine(events).map((event) => (event.data as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    });
  });

  describe('tamper evidence', () => {
    it('proves an untouched stream intact', async () => {
      const streamId = `permit-${randomUUID()}`;
      await store.append(streamId, 0, [newEvent('A', { n: 1 }), newEvent('B', { n: 2 }), newEvent('C', { n: 3 })]);
      expect(await store.verifyStream(streamId)).toEqual({ intact: true, streamId, events: 3 });
    });

    it('names the first event altered through SQL', async () => {
      const streamId = `permit-${randomUUID()}`;
      await store.append(streamId, 0, [newEvent('A', { fee: 100 }), newEvent('B', { fee: 200 }), newEvent('C', { fee: 300 })]);
      await dataSource.query(`UPDATE es_events SET data = '{"fee": 1}' WHERE stream_id = $1 AND stream_version = 2`, [streamId]);
      const verification = await store.verifyStream(streamId);
      expect(verification).toMatchObject({ intact: false, firstAlteredVersion: 2 });
    });

    it('notices a removed last event', async () => {
      const streamId = `permit-${randomUUID()}`;
      await store.append(streamId, 0, [newEvent('A', {}), newEvent('B', {})]);
      await dataSource.query(`DELETE FROM es_outbox WHERE global_position IN (SELECT global_position FROM es_events WHERE stream_id = $1 AND stream_version = 2)`, [streamId]);
      await dataSource.query(`DELETE FROM es_events WHERE stream_id = $1 AND stream_version = 2`, [streamId]);
      expect(await store.verifyStream(streamId)).toMatchObject({ intact: false, firstAlteredVersion: 2 });
    });
  });

  describe('tamper evidence against a database writer who recomputes the hash chain', () => {
    it('names an edited event although its hash, its successors and the head were recomputed', async () => {
      const streamId = `permit-${randomUUID()}`;
      await store.append(streamId, 0, [newEvent('A', { fee: 100 }), newEvent('B', { fee: 200 }), newEvent('C', { fee: 300 })]);
      await dataSource.query(`UPDATE es_events SET data = '{"fee": 1}' WHERE stream_id = $1 AND stream_version = 2`, [streamId]);
      await recomputeUnkeyedChain(writer(dataSource), streamId);
      expect(await store.verifyStream(streamId)).toMatchObject({ intact: false, firstAlteredVersion: 2 });
    });

    it('names an edited event whose keyed link was also removed', async () => {
      const streamId = `permit-${randomUUID()}`;
      await store.append(streamId, 0, [newEvent('A', { fee: 100 }), newEvent('B', { fee: 200 })]);
      await dataSource.query(`UPDATE es_events SET data = '{"fee": 1}' WHERE stream_id = $1 AND stream_version = 2`, [streamId]);
      await stripKeyedLinks(writer(dataSource), streamId);
      await recomputeUnkeyedChain(writer(dataSource), streamId);
      expect(await store.verifyStream(streamId)).toMatchObject({ intact: false, firstAlteredVersion: 1 });
    });

    it('names an event inserted through SQL with a recomputed hash and the MAC of a genuine event', async () => {
      const streamId = `permit-${randomUUID()}`;
      await store.append(streamId, 0, [newEvent('FeeSet', { fee: 100 }), newEvent('FeeSet', { fee: 200 })]);
      await dataSource.query(
        `INSERT INTO es_events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, hash, mac)
         SELECT gen_random_uuid(), stream_id, 3, type, schema_version, '{"fee": 1}', metadata, occurred_at, '', mac FROM es_events WHERE stream_id = $1 AND stream_version = 2`,
        [streamId],
      );
      await recomputeUnkeyedChain(writer(dataSource), streamId);
      expect(await store.verifyStream(streamId)).toMatchObject({ intact: false, firstAlteredVersion: 3, reason: 'its content does not match its keyed MAC' });
    });

    it('notices the last event removed although the head was moved back to its predecessor', async () => {
      const streamId = `permit-${randomUUID()}`;
      await store.append(streamId, 0, [newEvent('A', {}), newEvent('B', {}), newEvent('C', {})]);
      await deleteEvent(writer(dataSource), streamId, 3);
      await recomputeUnkeyedChain(writer(dataSource), streamId);
      expect(await store.verifyStream(streamId)).toMatchObject({ intact: false, firstAlteredVersion: 3 });
    });

    it('still appends in one statement: the MACs travel with the events', async () => {
      const streamId = `permit-${randomUUID()}`;
      await store.append(streamId, 0, [newEvent('A', {})]);
      const query = jest.spyOn(dataSource.manager, 'query');
      try {
        await store.append(streamId, 1, [newEvent('B', {}), newEvent('C', {})]);
        expect(query).toHaveBeenCalledTimes(1);
      } finally {
        query.mockRestore();
      }
      expect(await store.verifyStream(streamId)).toEqual({ intact: true, streamId, events: 3 });
    });

    it('notices every event removed although the head was kept', async () => {
      const streamId = `permit-${randomUUID()}`;
      await store.append(streamId, 0, [newEvent('A', {}), newEvent('B', {})]);
      await deleteEvent(writer(dataSource), streamId, 2);
      await deleteEvent(writer(dataSource), streamId, 1);
      expect(await store.verifyStream(streamId)).toMatchObject({ intact: false, firstAlteredVersion: 1 });
    });
  });

  describe('streams stored before the chain was keyed', () => {
    // Each test needs a database of its own: keying legacy streams looks at the whole database.
    let legacyDb: DataSource;
    let legacyStore: PostgresEventStore;

    beforeEach(async () => {
      legacyDb = await createTestDatabase('event_store_legacy');
      legacyStore = new PostgresEventStore({ dataSource: legacyDb, vault: testVault(), chainKeys: testChainKeys(), topic: 'test.events' });
    });

    afterEach(() => legacyDb.destroy());

    /** What a database written by the unkeyed es_append holds: the same rows, without MACs. */
    async function appendUnkeyed(streamId: string, count: number): Promise<void> {
      await legacyStore.append(streamId, 0, Array.from({ length: count }, (_, n) => newEvent('Happened', { n })));
      await stripKeyedLinks(writer(legacyDb), streamId);
    }

    it('keys every intact legacy stream once, after which each verifies under the key', async () => {
      const streams = [`permit-${randomUUID()}`, `permit-${randomUUID()}`];
      for (const streamId of streams) await appendUnkeyed(streamId, 3);
      expect(await legacyStore.verifyStream(streams[0])).toMatchObject({ intact: false, firstAlteredVersion: 1, reason: 'it carries no keyed MAC' });
      expect(await legacyStore.countUnkeyedEvents()).toEqual({ events: 6, streams: 2 });

      expect(await legacyStore.keyLegacyStreams()).toEqual({ streams: 2, events: 6, brokenStreams: [], refusedStreams: [] });

      for (const streamId of streams) expect(await legacyStore.verifyStream(streamId)).toEqual({ intact: true, streamId, events: 3 });
      expect(await legacyStore.countUnkeyedEvents()).toEqual({ events: 0, streams: 0 });
      expect(await legacyStore.keyLegacyStreams()).toEqual({ streams: 0, events: 0, brokenStreams: [], refusedStreams: [] });
      await legacyStore.append(streams[0], 3, [newEvent('Happened', { n: 3 })]);
      expect(await legacyStore.verifyStream(streams[0])).toEqual({ intact: true, streamId: streams[0], events: 4 });
    });

    it('does not key a legacy stream whose unkeyed chain is already broken', async () => {
      const [good, broken] = [`permit-${randomUUID()}`, `permit-${randomUUID()}`];
      await appendUnkeyed(good, 2);
      await appendUnkeyed(broken, 2);
      await legacyDb.query(`UPDATE es_events SET data = '{"n": 9}' WHERE stream_id = $1 AND stream_version = 2`, [broken]);

      expect(await legacyStore.keyLegacyStreams()).toEqual({ streams: 1, events: 2, brokenStreams: [broken], refusedStreams: [] });
      expect(await legacyStore.verifyStream(broken)).toMatchObject({ intact: false, firstAlteredVersion: 1 });
    });

    it('keys nothing once the database holds a keyed link: a stream edited and stripped completely next to keyed ones stays named', async () => {
      const [keyed, forged] = [`permit-${randomUUID()}`, `permit-${randomUUID()}`];
      await legacyStore.append(keyed, 0, [newEvent('Happened', {})]);
      await legacyStore.append(forged, 0, [newEvent('Happened', { fee: 100 }), newEvent('Happened', { fee: 200 })]);
      // The attacker edits the stream, recomputes its unkeyed chain and strips all of its MACs and its head MAC.
      await legacyDb.query(`UPDATE es_events SET data = '{"fee": 1}' WHERE stream_id = $1 AND stream_version = 2`, [forged]);
      await recomputeUnkeyedChain(writer(legacyDb), forged);
      await stripKeyedLinks(writer(legacyDb), forged);
      expect(await legacyStore.holdsKeyedLinks()).toBe(true);

      expect(await legacyStore.keyLegacyStreams()).toEqual({ streams: 0, events: 0, brokenStreams: [], refusedStreams: [forged] });
      expect(await legacyStore.verifyStream(forged)).toMatchObject({ intact: false, firstAlteredVersion: 1, reason: 'it carries no keyed MAC' });
    });

    it('keys nothing when only a head MAC is left in the database', async () => {
      const [legacy, stripped] = [`permit-${randomUUID()}`, `permit-${randomUUID()}`];
      await appendUnkeyed(legacy, 2);
      await legacyStore.append(stripped, 0, [newEvent('Happened', {})]);
      await legacyDb.query(`UPDATE es_events SET mac = NULL WHERE stream_id = $1`, [stripped]);

      expect(await legacyStore.keyLegacyStreams()).toEqual({ streams: 0, events: 0, brokenStreams: [], refusedStreams: [legacy, stripped].sort() });
      expect(await legacyStore.verifyStream(legacy)).toMatchObject({ intact: false, reason: 'it carries no keyed MAC' });
    });

    it('keys all or nothing: a run interrupted half-way keys no stream, so running it again keys them all', async () => {
      const [first, second] = [`permit-0-${randomUUID()}`, `permit-1-${randomUUID()}`];
      await appendUnkeyed(first, 2);
      await appendUnkeyed(second, 2);
      // The run fails on reaching the second stream (the pod evicted, the connection lost).
      await legacyDb.query(`CREATE FUNCTION fail_keying() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'interrupted'; END $$`);
      await legacyDb.query(`CREATE TRIGGER fail_keying BEFORE UPDATE ON es_events FOR EACH ROW WHEN (NEW.stream_id = '${second}') EXECUTE FUNCTION fail_keying()`);
      await expect(legacyStore.keyLegacyStreams()).rejects.toThrow('interrupted');
      await legacyDb.query(`DROP TRIGGER fail_keying ON es_events`);

      expect(await legacyStore.countUnkeyedEvents()).toEqual({ events: 4, streams: 2 });
      expect(await legacyStore.keyLegacyStreams()).toEqual({ streams: 2, events: 4, brokenStreams: [], refusedStreams: [] });
    });

    it('holds only the stream it is keying: an append to another stream goes on meanwhile', async () => {
      const [held, other] = [`permit-${randomUUID()}`, `permit-${randomUUID()}`];
      await appendUnkeyed(held, 2);
      // Someone else holds the legacy stream's row (an append to it, say), so keying waits there.
      const holder = legacyDb.createQueryRunner();
      await holder.connect();
      await holder.startTransaction();
      await holder.query(`SELECT version FROM es_streams WHERE stream_id = $1 FOR UPDATE`, [held]);
      try {
        const keying = legacyStore.keyLegacyStreams();
        await waitUntilSomeoneWaitsForALock(legacyDb);

        const append = legacyStore.append(other, 0, [newEvent('Happened', {})]).then(() => 'appended');
        const waited = new Promise((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3_000));
        expect(await Promise.race([append, waited])).toBe('appended');

        await holder.commitTransaction();
        expect(await keying).toEqual({ streams: 1, events: 2, brokenStreams: [], refusedStreams: [] });
      } finally {
        if (holder.isTransactionActive) await holder.commitTransaction();
        await holder.release();
      }
    });
  });

  describe('personal data', () => {
    const applicant = { nik: '1671010101900001', name: 'Siti Aminah', phone: '+6281234567890' };

    it('stores personal fields encrypted and reads them back in full', async () => {
      const streamId = `permit-${randomUUID()}`;
      await store.append(streamId, 0, [newEvent('ApplicationSubmitted', { applicant, permitType: 'PBG' })]);
      const stored: Array<{ data: string }> = await dataSource.query(`SELECT data::text FROM es_events WHERE stream_id = $1`, [streamId]);
      expect(stored[0].data).not.toContain('Siti');
      expect(stored[0].data).not.toContain('1671010101900001');
      const [event] = await store.readStream(streamId);
      expect(event.data).toEqual({ applicant, permitType: 'PBG' });
    });

    it('after forget(subject) reads the personal fields as ERASED and everything else intact', async () => {
      const streamId = `permit-${randomUUID()}`;
      const other = { nik: '1671010101900002', name: 'Budi', phone: '+628111' };
      await store.append(streamId, 0, [newEvent('ApplicationSubmitted', { applicant, permitType: 'PBG' })]);
      const otherStream = `permit-${randomUUID()}`;
      await store.append(otherStream, 0, [newEvent('ApplicationSubmitted', { applicant: other, permitType: 'SIP' })]);

      expect(await store.forget(`citizen-${applicant.nik}`)).toBe(1);

      const [event] = await store.readStream(streamId);
      expect(event.data).toEqual({ applicant: { nik: ERASED, name: ERASED, phone: ERASED }, permitType: 'PBG' });
      expect(event.streamVersion).toBe(1);
      expect((await store.readStream(otherStream))[0].data).toEqual({ applicant: other, permitType: 'SIP' });
      expect(await store.verifyStream(streamId)).toMatchObject({ intact: true });
    });

    it('gives a new person exactly one key when a second first event races the first one', async () => {
      const person = { nik: '1671010101900042', name: 'Rahmat', phone: '+628122' };
      const streams = [`permit-${randomUUID()}`, `permit-${randomUUID()}`];
      const submitted = newEvent('ApplicationSubmitted', { applicant: person, permitType: 'PBG' });
      // The first holds its new key uncommitted while the second tries to create one too.
      const first = dataSource.transaction(async (manager) => {
        await store.append(streams[0], 0, [submitted], manager);
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await Promise.all([first, store.append(streams[1], 0, [newEvent('ApplicationSubmitted', { applicant: person, permitType: 'PBG' })])]);
      const keys: Array<{ count: string }> = await dataSource.query(
        `SELECT count(DISTINCT sealed.value->'$sealed'->>'key')::text AS count FROM es_events e, jsonb_each(e.data->'applicant') sealed WHERE e.stream_id = ANY($1)`,
        [streams],
      );
      expect(keys[0].count).toBe('1');
      for (const streamId of streams) expect((await store.readStream(streamId))[0].data).toEqual({ applicant: person, permitType: 'PBG' });
      expect(await store.forget(`citizen-${person.nik}`)).toBe(1);
    });
  });

  describe('upcasting', () => {
    it('reads events stored as schema v1 in the v2 shape', async () => {
      const streamId = `permit-${randomUUID()}`;
      const v1Store = new PostgresEventStore({
        dataSource,
        vault: testVault(), chainKeys: testChainKeys(),
        topic: 'test.events',
        contracts: new EventContracts([{ type: 'FeePaid', schemaVersion: 1 }]),
      });
      await v1Store.append(streamId, 0, [newEvent('FeePaid', { amount: 150000 })]);

      const v2Store = new PostgresEventStore({
        dataSource,
        vault: testVault(), chainKeys: testChainKeys(),
        topic: 'test.events',
        contracts: new EventContracts([
          { type: 'FeePaid', schemaVersion: 2, upcasters: { 1: (data) => ({ amount: { value: data.amount, currency: 'IDR' } }) } },
        ]),
      });
      const [event] = await v2Store.readStream(streamId);
      expect(event.schemaVersion).toBe(2);
      expect(event.data).toEqual({ amount: { value: 150000, currency: 'IDR' } });
    });
  });
});

/** The test database as a writer who bypasses the event store would use it. */
function writer(db: DataSource): Query {
  return (sql, parameters) => db.query(sql, parameters);
}

async function waitUntilSomeoneWaitsForALock(db: DataSource): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const [{ waiting }]: Array<{ waiting: number }> = await db.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('nobody waited for a lock within 5 s');
}
