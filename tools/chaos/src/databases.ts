import { createHash } from 'node:crypto';
import { Client } from 'pg';

export const EVENT_SOURCED = ['permits', 'complaints', 'training', 'accountability'] as const;
export type ServiceName = (typeof EVENT_SOURCED)[number];

/** The URL of a service's own database on the run's server (as startPlatformProcesses names them). */
export function databaseOf(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * One query on a fresh connection: the chaos run restarts PostgreSQL, and a
 * pooled connection would then be dead. Short timeouts, so a poll never hangs.
 */
export async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000, statement_timeout: 30_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The accountability projection keys stream versions by this pseudonym (apps/accountability/src/projection/metric-tables.ts). */
export function pseudonymOf(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
