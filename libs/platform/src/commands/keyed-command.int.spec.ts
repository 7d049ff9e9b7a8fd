import { randomUUID } from 'node:crypto';
import { Body, Controller, INestApplication, Inject, Module, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Event, PostgresEventStore } from '@palembang/events';
import { createTestDatabase, testChainKeys, testVault } from '@palembang/events/testing';
import { applyHttpConventions, HTTP_IDEMPOTENCY_MIGRATIONS, IdempotencyInterceptor, createHttpAdapter } from '@palembang/http';
import { IsString, MaxLength } from 'class-validator';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CommandRunner } from './command-runner';

type Opened = Event<'AccountOpened', { accountId: string; code: string }>;
type Account = { status: 'absent' } | { status: 'open'; accountId: string; code: string };
const accounts = {
  initialState: (): Account => ({ status: 'absent' }),
  evolve: (_: Account, event: Opened): Account => ({ status: 'open', accountId: event.data.accountId, code: event.data.code }),
  decide: (command: { accountId: string; code: string }) => [{ type: 'AccountOpened', data: command } as Opened],
};

class OpenAccountDto {
  @IsString() @MaxLength(80) code!: string;
}

/** Opens an account under a code the view keeps unique, drawing another on a clash (as permits draw a new tracking code). */
@Controller('accounts')
class AccountsController {
  constructor(@Inject(CommandRunner) private readonly runner: CommandRunner) {}

  @Post()
  async open(@Body() body: OpenAccountDto): Promise<{ accountId: string; code: string }> {
    for (const code of [body.code, `${body.code}-2`]) {
      const accountId = randomUUID();
      try {
        await this.runner.execute(accounts, { accountId, code }, { agencyId: 'a', actor: 'c', correlationId: 'k', now: '2026-11-02T09:00:00+07:00' }, {
          streamId: `account-${accountId}`,
          newStream: true,
          projection: () => [{ sql: `INSERT INTO account_codes (code, account_id) VALUES ($1, $2)`, parameters: [code, accountId] }],
        });
        return { accountId, code };
      } catch (error) {
        if ((error as { driverError?: { code?: string } }).driverError?.code !== '23505') throw error;
      }
    }
    throw new Error('no free code');
  }
}

describe('a command with an Idempotency-Key over HTTP (real PostgreSQL)', () => {
  let app: INestApplication;
  let dataSource: DataSource;
  let base: string;
  const sent: string[] = [];
  let counting: jest.SpyInstance;

  beforeAll(async () => {
    dataSource = await createTestDatabase('keyed_command', HTTP_IDEMPOTENCY_MIGRATIONS);
    await dataSource.query(`CREATE TABLE account_codes (code text PRIMARY KEY, account_id uuid NOT NULL)`);
    const store = new PostgresEventStore({ dataSource, vault: testVault(), chainKeys: testChainKeys(), topic: 'test.accounts' });
    @Module({
      controllers: [AccountsController],
      providers: [{ provide: DataSource, useValue: dataSource }, { provide: PostgresEventStore, useValue: store }, CommandRunner, IdempotencyInterceptor],
    })
    class TestModule {}
    app = (await Test.createTestingModule({ imports: [TestModule] }).compile()).createNestApplication(createHttpAdapter(), { logger: false });
    applyHttpConventions(app, { bodyLimit: '2kb', idempotency: true });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    const query = Client.prototype.query as (...args: unknown[]) => unknown;
    counting = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      sent.push(String(typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text));
      return query.apply(this, args);
    } as never);
  });

  afterAll(async () => {
    counting.mockRestore();
    await app.close();
    await dataSource.destroy();
  });

  const open = (code: string, key: string) => fetch(`${base}/accounts`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify({ code }) });
  const streamsWithCode = async (code: string) =>
    Number((await dataSource.query(`SELECT count(*)::int AS n FROM es_events WHERE type = 'AccountOpened' AND data ->> 'code' = $1`, [code]))[0].n);

  it('is BEGIN, the key claim, one statement with the events, view and stored answer, and COMMIT', async () => {
    sent.length = 0;
    const key = randomUUID();
    const answer = await open(`C-${key}`, key);
    expect(answer.status).toBe(201);
    const trips = sent.filter((text) => !text.startsWith('SELECT 1')); // nothing else runs meanwhile but the pool's own checks
    expect(trips).toEqual(['START TRANSACTION', expect.stringContaining('http_idempotency_claim'), expect.stringContaining('es_append_command'), 'COMMIT']);
    expect(trips[2]).toContain('INSERT INTO http_idempotency_keys');
  });

  it('runs again writing as it goes when the held-back write fails, so the handler answers its own error', async () => {
    const key = randomUUID();
    const code = `TAKEN-${key}`;
    await dataSource.query(`INSERT INTO account_codes (code, account_id) VALUES ($1, $2)`, [code, randomUUID()]);
    const first = await open(code, key);
    expect(first.status).toBe(201);
    const body = (await first.json()) as { accountId: string; code: string };
    expect(body.code).toBe(`${code}-2`);
    // Neither the failed held write nor the first try of the second run left an event behind.
    expect([await streamsWithCode(code), await streamsWithCode(`${code}-2`)]).toEqual([0, 1]);
    const retry = await open(code, key);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(body);
  });
});
