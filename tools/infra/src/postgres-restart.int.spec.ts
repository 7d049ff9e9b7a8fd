import { Client, Pool } from 'pg';
import { PostgresServer, startEmbeddedPostgres } from './postgres-server';

/**
 * A chaos run restarts PostgreSQL as a crash would (issue 14, point 3): the
 * server comes back on the same port with the same data, committed rows are
 * there, a transaction cut off is not, and clients connect again.
 */
describe('restarting the embedded PostgreSQL', () => {
  let server: PostgresServer;
  let output = '';

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ log: (line) => (output += `${line}\n`) });
  }, 60_000);

  afterAll(() => server?.stop(), 30_000);

  it('immediately: cuts every connection, keeps what was committed and drops what was not, and accepts connections again on the same port', async () => {
    const pool = new Pool({ connectionString: server.adminUrl, max: 2 });
    pool.on('error', () => undefined); // an idle connection cut by the restart; the pool replaces it
    const inFlight = new Client({ connectionString: server.adminUrl });
    inFlight.on('error', () => undefined);
    try {
      await pool.query('CREATE TABLE restart_check (value text)');
      await pool.query("INSERT INTO restart_check VALUES ('committed')");
      await inFlight.connect();
      await inFlight.query("BEGIN; INSERT INTO restart_check VALUES ('in flight')");
      const oldPid = server.pid;
      output = '';

      const startedAt = Date.now();
      await server.restart({ immediate: true });
      console.log(`PostgreSQL immediate restart took ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);

      expect(server.pid).not.toBe(oldPid);
      expect(isAlive(oldPid)).toBe(false);
      expect(output).toMatch(/not properly shut down; automatic recovery in progress/);
      await expect(inFlight.query('COMMIT')).rejects.toThrow();
      const { rows } = await pool.query<{ value: string }>('SELECT value FROM restart_check ORDER BY value');
      expect(rows.map((row) => row.value)).toEqual(['committed']);
    } finally {
      await inFlight.end().catch(() => undefined);
      await pool.end();
    }
  }, 60_000);

  it('gracefully: shuts down cleanly, with no recovery at the next start', async () => {
    // Its own table: the test must not rely on the one before it having run.
    const before = new Client({ connectionString: server.adminUrl });
    await before.connect();
    try {
      await before.query("CREATE TABLE graceful_restart_check (value text); INSERT INTO graceful_restart_check VALUES ('committed')");
    } finally {
      await before.end();
    }
    output = '';
    await server.restart();

    expect(output).not.toMatch(/automatic recovery/);
    const client = new Client({ connectionString: server.adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ value: string }>('SELECT value FROM graceful_restart_check');
      expect(rows).toEqual([{ value: 'committed' }]);
    } finally {
      await client.end();
    }
  }, 60_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
