import { randomUUID } from 'node:crypto';
import { ConcurrencyError, defineContract, ERASED, DeferredWriteFailed, Event, EventContracts, flushDeferredWrite, outsideRequestTransaction, PostgresEventStore, reject, runInRequestTransaction, SqlStatement } from '@palembang/events';
import { createTestDatabase, testChainKeys, testVault } from '@palembang/events/testing';
import { problemOf } from '@palembang/http';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CommandRunner } from './command-runner';

type Opened = Event<'AccountOpened', { accountId: string; holder: { nik: string; name: string } }>;
type Deposited = Event<'MoneyDeposited', { accountId: string; amount: number }>;
type AccountEvent = Opened | Deposited;
type AccountCommand = { type: 'Open'; accountId: string; nik: string } | { type: 'Deposit'; accountId: string; amount: number };
type Account = { status: 'absent' } | { status: 'open'; accountId: string; balance: number };

const accounts = {
  initialState: (): Account => ({ status: 'absent' }),
  evolve: (state: Account, event: AccountEvent): Account =>
    event.type === 'AccountOpened' ? { status: 'open', accountId: event.data.accountId, balance: 0 } : state.status === 'open' ? { ...state, balance: state.balance + event.data.amount } : state,
  decide: (command: AccountCommand, state: Account) => {
    if (command.type === 'Open') return state.status === 'absent' ? [{ type: 'AccountOpened', data: { accountId: command.accountId, holder: { nik: command.nik, name: 'Siti' } } } as Opened] : reject('ACCOUNT.EXISTS', 'exists');
    return state.status === 'open' ? [{ type: 'MoneyDeposited', data: { accountId: command.accountId, amount: command.amount } } as Deposited] : reject('ACCOUNT.NOT_FOUND', 'no account');
  },
};

const contracts = new EventContracts([
  defineContract<Opened>({ type: 'AccountOpened', schemaVersion: 1, personalData: { subjectId: (data) => `citizen-${data.holder.nik}`, fields: ['holder.nik', 'holder.name'] } }),
]);

const context = { agencyId: 'dinas-a', actor: 'officer-1', correlationId: 'corr-1', now: '2026-11-02T09:00:00+07:00' };
const streamOf = (accountId: string) => `account-${accountId}`;

/** The list view's upsert, as a projection hands it to the runner. */
const balanceView = (outcome: { state: Account; version: number }): SqlStatement[] =>
  outcome.state.status === 'open'
    ? [{ sql: `INSERT INTO balances (account_id, balance, version) VALUES ($1, $2, $3) ON CONFLICT (account_id) DO UPDATE SET balance = excluded.balance, version = excluded.version`, parameters: [outcome.state.accountId, outcome.state.balance, outcome.version] }]
    : [];

describe('CommandRunner: one round trip per command (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let runner: CommandRunner;
  let store: PostgresEventStore;
  const sent: string[] = [];
  let counting: jest.SpyInstance;
  const vault = testVault();

  beforeAll(async () => {
    dataSource = await createTestDatabase('command_runner');
    await dataSource.query(`CREATE TABLE balances (account_id text PRIMARY KEY, balance integer NOT NULL CHECK (balance >= 0), version integer NOT NULL)`);
    store = new PostgresEventStore({ dataSource, vault, chainKeys: testChainKeys(), topic: 'test.accounts', contracts });
    runner = new CommandRunner(store, dataSource);
    // Every statement the pool's clients send, BEGIN and COMMIT included: each is a round trip.
    const query = Client.prototype.query as (...args: unknown[]) => unknown;
    counting = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
      sent.push(String(text));
      return query.apply(this, args);
    } as never);
  });

  afterAll(async () => {
    counting.mockRestore();
    await dataSource.destroy();
  });

  async function roundTrips(work: () => Promise<unknown>): Promise<string[]> {
    sent.length = 0;
    await work();
    return [...sent];
  }

  const open = (accountId: string, nik = `${Date.now()}${Math.random()}`) =>
    runner.execute(accounts, { type: 'Open', accountId, nik }, context, { streamId: streamOf(accountId), newStream: true, projection: balanceView });
  const deposit = (accountId: string, amount: number, expectedVersion?: number) =>
    runner.execute(accounts, { type: 'Deposit', accountId, amount }, { ...context, expectedVersion }, { streamId: streamOf(accountId), projection: balanceView });

  it('creates a stream, seals its personal data under a new key and writes the view in one round trip', async () => {
    const accountId = randomUUID();
    const trips = await roundTrips(() => open(accountId));
    expect(trips).toHaveLength(1);
    expect(trips[0]).toContain('es_append_command');
    expect(await dataSource.query(`SELECT balance, version FROM balances WHERE account_id = $1`, [accountId])).toEqual([{ balance: 0, version: 1 }]);
  });

  it('uses the key it remembers for the same person again, still in one round trip', async () => {
    const nik = `nik-${randomUUID()}`;
    await open(randomUUID(), nik);
    const trips = await roundTrips(() => open(randomUUID(), nik));
    expect(trips).toHaveLength(1);
    const [{ keys }] = await dataSource.query(`SELECT count(*)::int AS keys FROM es_subject_keys WHERE erased_at IS NULL AND subject_id = $1`, [vault.subjectReference(`citizen-${nik}`)]);
    expect(keys).toBe(1);
  });

  it('never seals with a remembered key the person has since been forgotten by: the statement refuses it and the event is sealed under a new key', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    const nik = `nik-${randomUUID()}`;
    await open(first, nik);
    expect(await store.forget(`citizen-${nik}`)).toBe(1);
    const trips = await roundTrips(() => open(second, nik));
    // The refused statement, the read of the person's active key (there is none), the write under a new key.
    expect(trips).toEqual([expect.stringContaining('es_append_command'), expect.stringContaining('FROM es_subject_keys'), expect.stringContaining('es_append_command')]);
    const holderOf = async (accountId: string) => ((await store.readStream(streamOf(accountId)))[0].data as Opened['data']).holder.nik;
    expect(await holderOf(first)).toEqual(ERASED);
    expect(await holderOf(second)).toBe(nik);
  });

  it('takes the stream read and one write for a command on an existing stream, with no BEGIN or COMMIT', async () => {
    const accountId = randomUUID();
    await open(accountId);
    const trips = await roundTrips(() => deposit(accountId, 50));
    expect(trips.length).toBeLessThanOrEqual(2);
    expect(trips.some((text) => /^\s*(BEGIN|START TRANSACTION|COMMIT)/i.test(text))).toBe(false);
    expect(await dataSource.query(`SELECT balance, version FROM balances WHERE account_id = $1`, [accountId])).toEqual([{ balance: 50, version: 2 }]);
  });

  it('refuses the loser of a race with ConcurrencyError and writes none of its view', async () => {
    const accountId = randomUUID();
    await open(accountId);
    const outcomes = await Promise.allSettled([deposit(accountId, 10, 1), deposit(accountId, 20, 1)]);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof ConcurrencyError)).toHaveLength(1);
    const [{ balance }] = await dataSource.query(`SELECT balance FROM balances WHERE account_id = $1`, [accountId]);
    const [{ events }] = await dataSource.query(`SELECT count(*)::int AS events FROM es_events WHERE stream_id = $1`, [streamOf(accountId)]);
    expect(events).toBe(2);
    expect([10, 20]).toContain(balance);
  });

  it('leaves nothing half-written when a statement of the write fails: no event, outbox row, key or view row', async () => {
    const accountId = randomUUID();
    const nik = `nik-${randomUUID()}`;
    const failing = runner.execute(accounts, { type: 'Open', accountId, nik }, context, {
      streamId: streamOf(accountId),
      newStream: true,
      // The view refuses the row (balance must not be negative): the events go with it.
      projection: () => [{ sql: `INSERT INTO balances (account_id, balance, version) VALUES ($1, -1, 1)`, parameters: [accountId] }],
    });
    await expect(failing).rejects.toMatchObject({ driverError: { code: '23514' } });
    await expectNothingWritten(accountId, nik);
  });

  it('leaves nothing half-written when the connection dies mid-write, and answers 503', async () => {
    const accountId = randomUUID();
    const nik = `nik-${randomUUID()}`;
    const blocker = dataSource.createQueryRunner();
    await blocker.startTransaction();
    // The view's row is taken, so the write stops halfway: events inserted, its view upsert waiting.
    await blocker.query(`INSERT INTO balances (account_id, balance, version) VALUES ($1, 0, 0)`, [accountId]);
    const writing = open(accountId, nik);
    const outcome = writing.catch((error: unknown) => error);
    await waitForWriterBlockedBy(await blocker.query(`SELECT pg_backend_pid() AS pid`).then(([row]) => row.pid as number));
    await dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%es_append_command%' AND pid <> pg_backend_pid() AND datname = current_database()`);
    const error = await outcome;
    await blocker.rollbackTransaction();
    await blocker.release();
    expect(error).toBeInstanceOf(Error);
    expect(problemOf(error, { headers: {} } as never).body.status).toBe(503);
    await expectNothingWritten(accountId, nik);
  });

  describe('in a request with an Idempotency-Key (its transaction holds the write back)', () => {
    /** As the idempotency interceptor ends a request: the stored answer in the held-back write's statement. */
    const keyed = (work: () => Promise<unknown>, key = randomUUID()) =>
      runInRequestTransaction(
        dataSource,
        async () => {
          await work();
          const record = { sql: `INSERT INTO answers (request_key, answer) VALUES ($1, $2)`, parameters: [key, 'created'] };
          return { result: await flushDeferredWrite(dataSource, [record]), commit: true };
        },
        { deferWrites: true },
      );

    beforeAll(() => dataSource.query(`CREATE TABLE answers (request_key text PRIMARY KEY, answer text NOT NULL)`));

    it('sends the events, the view and the stored answer in one statement between BEGIN and COMMIT', async () => {
      const accountId = randomUUID();
      const key = randomUUID();
      let flushed = false;
      const trips = await roundTrips(async () => (flushed = await keyed(() => open(accountId), key)));
      expect(flushed).toBe(true);
      expect(trips).toEqual(['START TRANSACTION', expect.stringContaining('es_append_command'), 'COMMIT']);
      expect(trips.find((text) => text.includes('es_append_command'))).toContain('INSERT INTO answers');
      expect(await dataSource.query(`SELECT answer FROM answers WHERE request_key = $1`, [key])).toEqual([{ answer: 'created' }]);
      expect(await dataSource.query(`SELECT balance FROM balances WHERE account_id = $1`, [accountId])).toEqual([{ balance: 0 }]);
    });

    it('fails late with DeferredWriteFailed on a lost race, leaving neither the events nor the answer', async () => {
      const accountId = randomUUID();
      const key = randomUUID();
      await open(accountId);
      const losing = keyed(async () => {
        await deposit(accountId, 5);
        // Another request commits on the stream while this one's write is held back.
        await outsideRequestTransaction(() => deposit(accountId, 7));
      }, key);
      await expect(losing).rejects.toBeInstanceOf(DeferredWriteFailed);
      await expect(losing.catch((error: DeferredWriteFailed) => Promise.reject(error.cause))).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await dataSource.query(`SELECT 1 FROM answers WHERE request_key = $1`, [key])).toEqual([]);
      expect(await dataSource.query(`SELECT balance, version FROM balances WHERE account_id = $1`, [accountId])).toEqual([{ balance: 7, version: 2 }]);
    });
  });

  async function waitForWriterBlockedBy(blockerPid: number): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const rows = await dataSource.query(`SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) AND query LIKE '%es_append_command%'`, [blockerPid]);
      if (rows.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the write never waited on the view row');
  }

  async function expectNothingWritten(accountId: string, nik: string): Promise<void> {
    const [counts] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM es_events WHERE stream_id = $1) AS events,
              (SELECT count(*)::int FROM es_streams WHERE stream_id = $1) AS streams,
              (SELECT count(*)::int FROM es_outbox o JOIN es_events e USING (global_position) WHERE e.stream_id = $1) AS outbox,
              (SELECT count(*)::int FROM es_subject_keys WHERE subject_id = $2) AS keys,
              (SELECT count(*)::int FROM es_subject_agencies WHERE subject_id = $2) AS links,
              (SELECT count(*)::int FROM balances WHERE account_id = $3) AS views`,
      [streamOf(accountId), vault.subjectReference(`citizen-${nik}`), accountId],
    );
    expect(counts).toEqual({ events: 0, streams: 0, outbox: 0, keys: 0, links: 0, views: 0 });
  }
});
