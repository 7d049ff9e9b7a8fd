import { DataSource } from 'typeorm';
import { createTestDatabase } from '../testing';
import { inOneTransaction, runInRequestTransaction } from './request-transaction';

describe('inOneTransaction (real PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await createTestDatabase('one_tx');
    await dataSource.query('CREATE TABLE written (id int PRIMARY KEY)');
  });
  afterAll(() => dataSource.destroy());
  beforeEach(() => dataSource.query('DELETE FROM written'));

  const write = (id: number) => dataSource.transaction((manager) => manager.query('INSERT INTO written (id) VALUES ($1)', [id]));
  const ids = async () => (await dataSource.query<Array<{ id: number }>>('SELECT id FROM written ORDER BY id')).map((row) => row.id);

  it('commits two transactions made inside it together', async () => {
    await inOneTransaction(dataSource, async () => {
      await write(1);
      await write(2);
    });
    expect(await ids()).toEqual([1, 2]);
  });

  it('rolls the first back when the second fails: no half-written state', async () => {
    await expect(
      inOneTransaction(dataSource, async () => {
        await write(1);
        await write(1);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await ids()).toEqual([]);
  });

  it("joins an open request transaction, which decides for both (the idempotency record's)", async () => {
    await runInRequestTransaction(dataSource, async () => {
      await inOneTransaction(dataSource, () => write(1));
      return { result: undefined, commit: false };
    });
    expect(await ids()).toEqual([]);
  });
});
