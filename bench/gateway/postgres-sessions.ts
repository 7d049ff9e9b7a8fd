import { Client } from 'pg';

/**
 * Connections opened per database so far (pg_stat_database.sessions, counted
 * when they end): a backend forked per request is a cost of its own, charged
 * to the postmaster once the backend ends.
 */
export async function sessionsByDatabase(serverUrl: string): Promise<Map<string, number>> {
  const client = new Client({ connectionString: serverUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const rows = await client.query<{ datname: string; sessions: string }>('SELECT datname, sessions FROM pg_stat_database WHERE datname IS NOT NULL');
    return new Map(rows.rows.map((row) => [row.datname, Number(row.sessions)]));
  } finally {
    await client.end();
  }
}

/** Sessions opened between two readings, per database, divided by `units`; databases with none are left out. `nameOf` shortens a database's name. */
export function sessionsPerUnit(before: Map<string, number>, after: Map<string, number>, units: number, nameOf: (database: string) => string = (database) => database): string {
  const opened = [...after]
    .map(([database, sessions]) => [nameOf(database), sessions - (before.get(database) ?? 0)] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  if (opened.length === 0 || units === 0) return 'none';
  return opened.map(([database, count]) => `${database} ${(count / units).toFixed(2)} (${count})`).join(', ');
}
