import { randomUUID } from 'node:crypto';

/** One logical command of the load: every attempt carries the same Idempotency-Key and correlation id. */
export interface CommandRecord {
  kind: string;
  /** The owning service, whose event store holds the command's events. */
  service: 'permits' | 'complaints' | 'training';
  key: string;
  /** Also the events' metadata.correlationId: how the checks find what the command did. */
  correlationId: string;
  resourceId?: string;
  firstAttemptAt: number;
  acknowledgedAt?: number;
  attempts: number;
  finalStatus: number | 'connection-error';
  acknowledged: boolean;
}

export interface Credentials {
  authorization: () => Promise<string>;
}

const RETRY_FOR_MS = 60_000;
const REQUEST_TIMEOUT_MS = 15_000;
const RETRIED_STATUSES = new Set([409, 429]);

/**
 * POSTs a command through the gateway until it is acknowledged (2xx) or 60 s
 * have passed, retrying with the same key on 5xx, 409, 429, a timeout and a
 * lost connection (backoff 200 ms doubling to 2 s). Any other 4xx ends it.
 */
export async function sendCommand(
  gatewayUrl: string,
  record: Omit<CommandRecord, 'key' | 'correlationId' | 'firstAttemptAt' | 'attempts' | 'finalStatus' | 'acknowledged'>,
  path: string,
  body: unknown,
  credentials: Credentials,
  commands: CommandRecord[],
  shouldStop: () => boolean = () => false,
): Promise<{ record: CommandRecord; answer?: Record<string, unknown> }> {
  const entry: CommandRecord = {
    ...record,
    key: randomUUID(),
    correlationId: `chaos-${record.kind}-${randomUUID()}`,
    firstAttemptAt: Date.now(),
    attempts: 0,
    finalStatus: 'connection-error',
    acknowledged: false,
  };
  commands.push(entry);
  let backoff = 200;
  while (Date.now() - entry.firstAttemptAt < RETRY_FOR_MS) {
    entry.attempts += 1;
    const outcome = await attempt(gatewayUrl, path, body, credentials, entry);
    if (outcome.status !== undefined) entry.finalStatus = outcome.status;
    if (outcome.status !== undefined && outcome.status < 300) {
      entry.acknowledged = true;
      entry.acknowledgedAt = Date.now();
      return { record: entry, answer: outcome.answer };
    }
    if (outcome.status !== undefined && outcome.status < 500 && !RETRIED_STATUSES.has(outcome.status)) return { record: entry };
    if (shouldStop() && Date.now() - entry.firstAttemptAt > RETRY_FOR_MS) break;
    await sleep(backoff);
    backoff = Math.min(backoff * 2, 2_000);
  }
  return { record: entry };
}

async function attempt(
  gatewayUrl: string,
  path: string,
  body: unknown,
  credentials: Credentials,
  entry: CommandRecord,
): Promise<{ status?: number; answer?: Record<string, unknown> }> {
  try {
    const response = await fetch(`${gatewayUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: await credentials.authorization(),
        'content-type': 'application/json',
        'idempotency-key': entry.key,
        'x-correlation-id': entry.correlationId,
        'x-experience-api-version': '1.0.3',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status >= 400 && response.status < 500 && !RETRIED_STATUSES.has(response.status)) {
      console.error(`[chaos] ${entry.kind} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return { status: response.status, answer: parseJson(text) };
  } catch {
    return {};
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A bearer token of a client, fetched again when it is older than a few minutes or the gateway was down. */
export function bearer(gatewayUrl: string, client: { clientId: string; clientSecret: string }): Credentials {
  let token: { value: string; at: number } | undefined;
  return {
    authorization: async () => {
      if (!token || Date.now() - token.at > 240_000) token = { value: await fetchToken(gatewayUrl, client), at: Date.now() };
      return `Bearer ${token.value}`;
    },
  };
}

async function fetchToken(gatewayUrl: string, client: { clientId: string; clientSecret: string }): Promise<string> {
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64');
  const response = await fetch(`${gatewayUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if (response.status !== 200) throw new Error(`token: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export function basicLogin(login: { username: string; password: string }): Credentials {
  const value = `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`;
  return { authorization: async () => value };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
