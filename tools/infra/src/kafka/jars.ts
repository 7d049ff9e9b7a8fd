import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfraError } from '../errors';
import { lastLines, readTextOrEmpty, runAndCapture, seconds } from './command';
import { KAFKA_VERSION, POM_PATH, REPO_ROOT } from './settings';

const DOWNLOAD_TIMEOUT_MS = 15 * 60_000;

/**
 * Returns the folder of Kafka's jars, fetching them with Maven the first time.
 * A marker written after a complete download makes later calls instant; an
 * interrupted download leaves no marker and is redone.
 */
export async function ensureKafkaJars(cacheDir = defaultKafkaCacheDir(), log: (line: string) => void = () => undefined): Promise<string> {
  const libDir = join(cacheDir, 'lib');
  const markerPath = join(cacheDir, 'download-complete.json');
  const expectedMarker = downloadMarker();
  if (readTextOrEmpty(markerPath) === expectedMarker) return libDir;

  await checkMaven();
  mkdirSync(cacheDir, { recursive: true });
  removeAbandonedDownloads(cacheDir);
  log(`downloading Kafka ${KAFKA_VERSION} jars with mvn into ${libDir} (one-off)`);
  const startedAt = Date.now();
  // Download beside the cache and move it in whole, so a concurrent or broken run never sees half a lib dir.
  const downloadDir = mkdtempSync(join(cacheDir, 'lib-download-'));
  try {
    await downloadJars(downloadDir);
    if (readTextOrEmpty(markerPath) === expectedMarker) return libDir; // another process finished first
    rmSync(libDir, { recursive: true, force: true });
    renameSync(downloadDir, libDir);
    writeFileSync(markerPath, expectedMarker);
  } finally {
    rmSync(downloadDir, { recursive: true, force: true });
  }
  log(`downloaded Kafka jars in ${seconds(Date.now() - startedAt)}`);
  return libDir;
}

/** `$INFRA_CACHE_DIR/kafka-<version>`, else `<repo>/node_modules/.cache/palembang-infra/kafka-<version>`. */
export function defaultKafkaCacheDir(): string {
  const infraCacheDir = process.env.INFRA_CACHE_DIR || join(REPO_ROOT, 'node_modules', '.cache', 'palembang-infra');
  return join(infraCacheDir, `kafka-${KAFKA_VERSION}`);
}

/** Left by killed runs; anything younger than the download timeout may still be in use by another process. */
function removeAbandonedDownloads(cacheDir: string): void {
  for (const name of readdirSync(cacheDir)) {
    const path = join(cacheDir, name);
    if (name.startsWith('lib-download-') && Date.now() - statSync(path).mtimeMs > DOWNLOAD_TIMEOUT_MS) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

async function checkMaven(): Promise<void> {
  const result = await runAndCapture('mvn', ['-v'], 60_000);
  if (result.spawnError || result.exitCode !== 0) {
    const reason = result.spawnError ? result.spawnError.message : lastLines(result.output);
    throw new InfraError(
      `Maven (\`mvn\`) is needed once to download the Kafka ${KAFKA_VERSION} jars, but it could not be run (${reason}). ` +
        'Install it (e.g. `apt-get install maven`).',
    );
  }
}

async function downloadJars(outputDir: string): Promise<void> {
  const args = [
    '-q',
    '-B',
    '-Dstyle.color=never',
    '-f',
    POM_PATH,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${outputDir}`,
    '-DincludeScope=runtime',
  ];
  const result = await runAndCapture('mvn', args, DOWNLOAD_TIMEOUT_MS);
  if (result.exitCode !== 0) {
    const reason = result.timedOut ? `timed out after ${seconds(DOWNLOAD_TIMEOUT_MS)}` : `exit code ${result.exitCode}`;
    throw new InfraError(
      `Downloading the Kafka ${KAFKA_VERSION} jars with \`mvn ${args.join(' ')}\` failed (${reason}):\n${lastLines(result.output)}`,
    );
  }
}

/** Ties the cache to the pom's content, so editing the pom refetches. */
function downloadMarker(): string {
  const pomHash = createHash('sha256').update(readFileSync(POM_PATH)).digest('hex');
  return `${JSON.stringify({ kafkaVersion: KAFKA_VERSION, pomSha256: pomHash })}\n`;
}
