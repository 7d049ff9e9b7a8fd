import { CommandRecord, sleep } from './http';
import { databaseOf, pseudonymOf, query } from './databases';

/**
 * "Visible in the projection": the accountability projection records, for
 * every stream of the three domain topics, the highest version it applied
 * (metrics.stream_versions, in the same transaction as the facts). An
 * acknowledged command is visible once every stream it wrote (its events carry
 * its correlation id) is there at or above the version the command reached.
 */
export async function invisibleCommands(serverUrl: string, commands: readonly CommandRecord[]): Promise<number> {
  const pending = new Set<string>();
  const wanted = new Map<string, { version: number; correlationIds: string[] }>();
  for (const service of ['permits', 'complaints', 'training'] as const) {
    const ids = commands.filter((command) => command.acknowledged && command.service === service).map((command) => command.correlationId);
    if (ids.length === 0) continue;
    const rows = await query<{ correlation_id: string; stream_id: string; version: number }>(
      databaseOf(serverUrl, service),
      `SELECT metadata->>'correlationId' AS correlation_id, stream_id, max(stream_version) AS version
         FROM es_events WHERE metadata->>'correlationId' = ANY($1) GROUP BY 1, 2`,
      [ids],
    );
    const found = new Set(rows.map((row) => row.correlation_id));
    // An acknowledged command without events in its store is not visible (and the checks count it lost).
    for (const id of ids) if (!found.has(id)) pending.add(id);
    for (const row of rows) {
      const key = pseudonymOf(row.stream_id);
      const entry = wanted.get(key) ?? { version: 0, correlationIds: [] };
      entry.version = Math.max(entry.version, row.version);
      entry.correlationIds.push(row.correlation_id);
      wanted.set(key, entry);
    }
  }
  const projected = await query<{ stream_key: string; version: number }>(
    databaseOf(serverUrl, 'accountability'),
    `SELECT stream_key, version FROM metrics.stream_versions WHERE stream_key = ANY($1)`,
    [[...wanted.keys()]],
  );
  const versions = new Map(projected.map((row) => [row.stream_key, row.version]));
  for (const [key, { version, correlationIds }] of wanted) {
    if ((versions.get(key) ?? 0) < version) correlationIds.forEach((id) => pending.add(id));
  }
  return pending.size;
}

/**
 * Polls until every command acknowledged by now (the load goes on: later ones
 * are left to the next fault) is visible; the time from `since` it took, or
 * convergedAt undefined after `timeoutMs`.
 */
export async function waitForConvergence(serverUrl: string, commands: readonly CommandRecord[], since: number, timeoutMs: number): Promise<{ convergedAt?: number; invisible: number }> {
  const deadline = Date.now() + timeoutMs;
  const acknowledged = commands.filter((command) => command.acknowledged);
  let invisible = Number.NaN;
  while (Date.now() < deadline) {
    invisible = await invisibleCommands(serverUrl, acknowledged).catch(() => Number.NaN);
    if (invisible === 0) return { convergedAt: Date.now() - since, invisible };
    await sleep(500);
  }
  return { invisible };
}
