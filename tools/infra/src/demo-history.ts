import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { InfraError } from './errors';

/** The services that seed their part of the demo year (`node main.js seed-history`), in parallel: each has its own database. */
export const DEMO_HISTORY_SERVICES = ['permits', 'complaints', 'training'] as const;

export type DemoHistoryRecord = Readonly<{ seededAt: string; seconds: number; services: readonly string[] }>;

/**
 * `npm start`'s year of demo history (issue 18 point 5), before the services start: each service's
 * seed-history command records its part through its own command path, with the clock of each event's
 * day. Once: `markerFile` (kept with the data) skips the commands on a later start, and each command
 * itself adds nothing when its database holds the year already. Returns the record of the seeding.
 */
export async function ensureDemoHistory(
  markerFile: string,
  seed: (service: (typeof DEMO_HISTORY_SERVICES)[number]) => Promise<number | null>,
  log: (line: string) => void,
): Promise<DemoHistoryRecord> {
  if (existsSync(markerFile)) return JSON.parse(readFileSync(markerFile, 'utf8')) as DemoHistoryRecord;
  log(`seeding a year of demo history (${DEMO_HISTORY_SERVICES.join(', ')}), once`);
  const started = performance.now();
  const codes = await Promise.all(DEMO_HISTORY_SERVICES.map(seed));
  const failed = DEMO_HISTORY_SERVICES.filter((_, index) => codes[index] !== 0);
  if (failed.length > 0) throw new InfraError(`seeding the demo history failed in ${failed.join(', ')} (see above); a new npm start resumes it`);
  const record: DemoHistoryRecord = { seededAt: new Date().toISOString(), seconds: Math.round((performance.now() - started) / 100) / 10, services: DEMO_HISTORY_SERVICES };
  writeFileSync(markerFile, `${JSON.stringify(record)}\n`);
  log(`demo history seeded in ${record.seconds} s`);
  return record;
}
