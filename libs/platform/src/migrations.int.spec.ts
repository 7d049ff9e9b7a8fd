import { createTestDatabase, CuttableLink } from '@palembang/events/testing';
import { DataSource } from 'typeorm';
import { runMigrations } from './migrations';

describe('runMigrations against a database it cannot reach yet (real PostgreSQL behind a cut link)', () => {
  let database: DataSource;
  let link: CuttableLink;
  let urlThroughLink: URL;

  beforeEach(async () => {
    database = await createTestDatabase('migrate_wait');
    const direct = new URL((database.options as { url: string }).url);
    link = await CuttableLink.to(direct.hostname, Number(direct.port));
    urlThroughLink = new URL(direct.toString());
    urlThroughLink.hostname = '127.0.0.1';
    urlThroughLink.port = String(link.port);
  });

  afterEach(async () => {
    await link.close();
    await database.destroy();
  });

  it('waits for the database to answer, then migrates', async () => {
    link.cutOff();
    setTimeout(() => link.mend(), 1_500);
    const started = Date.now();

    const { total } = await runMigrations(urlThroughLink.toString(), [], 'migrate-wait-test', 20_000);

    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(total).toBeGreaterThan(0);
    const [{ count }]: Array<{ count: number }> = await database.query(`SELECT count(*)::int AS count FROM migrations`);
    expect(count).toBe(total);
  });

  it('gives up once the wait is over', async () => {
    link.cutOff();
    await expect(runMigrations(urlThroughLink.toString(), [], 'migrate-wait-test', 1_000)).rejects.toThrow();
  });

  it('does not wait for what waiting cannot fix (a refused login)', async () => {
    const wrongPassword = new URL(urlThroughLink.toString());
    wrongPassword.password = 'not-the-password';
    const started = Date.now();
    await expect(runMigrations(wrongPassword.toString(), [], 'migrate-wait-test', 20_000)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
