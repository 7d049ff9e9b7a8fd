import { Kafka, logLevel } from 'kafkajs';
import { CommandRecord } from './http';
import { databaseOf, EVENT_SOURCED, pseudonymOf, query } from './databases';
import type { FaultOutcome } from './faults';

export interface Check {
  name: string;
  passed: boolean;
  figures: string;
}

/** What a command did: its own events (correlation id, no causation: not a process manager's follow-up), by transaction. */
interface CommandEffect {
  correlationId: string;
  transactions: number;
  eventIds: string[];
  streams: Map<string, number>;
}

const DOMAIN_TOPICS: Record<string, string> = {
  permits: 'permits.events',
  complaints: 'complaints.events',
  training: 'training.events',
  accountability: 'accountability.events',
};
const LIVE_CONSUMER = 'accountability.metrics';
const FAULT_ALLOWANCE_MS = 10_000;

export async function effectsOf(serverUrl: string, commands: readonly CommandRecord[]): Promise<Map<string, CommandEffect>> {
  const effects = new Map<string, CommandEffect>();
  for (const service of ['permits', 'complaints', 'training'] as const) {
    const ids = commands.filter((command) => command.service === service).map((command) => command.correlationId);
    const rows = await query<{ correlation_id: string; transaction_id: string; event_id: string; stream_id: string; stream_version: number }>(
      databaseOf(serverUrl, service),
      `SELECT metadata->>'correlationId' AS correlation_id, transaction_id::text, event_id, stream_id, stream_version FROM es_events
        WHERE metadata->>'correlationId' = ANY($1) AND metadata->>'causationId' IS NULL`,
      [ids],
    );
    const transactions = new Map<string, Set<string>>();
    for (const row of rows) {
      const effect = effects.get(row.correlation_id) ?? { correlationId: row.correlation_id, transactions: 0, eventIds: [], streams: new Map<string, number>() };
      effect.eventIds.push(row.event_id);
      effect.streams.set(row.stream_id, Math.max(effect.streams.get(row.stream_id) ?? 0, row.stream_version));
      effects.set(row.correlation_id, effect);
      const seen = transactions.get(row.correlation_id) ?? new Set<string>();
      seen.add(row.transaction_id);
      transactions.set(row.correlation_id, seen);
    }
    for (const [id, seen] of transactions) effects.get(id)!.transactions = seen.size;
  }
  return effects;
}

/** (1) and (4): every acknowledged command's events are in its store, from one execution; no unacknowledged one ran twice. */
export function eventStoreCheck(commands: readonly CommandRecord[], effects: Map<string, CommandEffect>): { checks: Check[]; lost: Set<string>; doubled: Set<string> } {
  const lost = new Set<string>();
  const doubled = new Set<string>();
  const acknowledged = commands.filter((command) => command.acknowledged);
  for (const command of acknowledged) {
    const effect = effects.get(command.correlationId);
    if (!effect) lost.add(command.correlationId);
    else if (effect.transactions > 1) doubled.add(command.correlationId);
  }
  const unacknowledged = commands.filter((command) => !command.acknowledged);
  const unacknowledgedDoubled = unacknowledged.filter((command) => (effects.get(command.correlationId)?.transactions ?? 0) > 1);
  unacknowledgedDoubled.forEach((command) => doubled.add(command.correlationId));
  const tookEffect = unacknowledged.filter((command) => effects.has(command.correlationId)).length;
  const events = acknowledged.reduce((sum, command) => sum + (effects.get(command.correlationId)?.eventIds.length ?? 0), 0);
  return {
    lost,
    doubled,
    checks: [
      {
        name: 'every acknowledged command\'s events are in the event store exactly once',
        passed: lost.size === 0 && acknowledged.every((command) => (effects.get(command.correlationId)?.transactions ?? 0) <= 1),
        figures: `${acknowledged.length} acknowledged commands, ${events} events; ${lost.size} without events, ${acknowledged.filter((command) => (effects.get(command.correlationId)?.transactions ?? 0) > 1).length} executed more than once`,
      },
      {
        name: 'no unacknowledged command took effect twice',
        passed: unacknowledgedDoubled.length === 0,
        figures: `${unacknowledged.length} unacknowledged commands; ${tookEffect} took effect once, ${unacknowledgedDoubled.length} more than once`,
      },
    ],
  };
}

/** Waits until every service's outbox is empty (the relays have published everything), at most `timeoutMs`. */
export async function waitForEmptyOutboxes(serverUrl: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let left = Number.NaN;
  while (Date.now() < deadline) {
    const counts = await Promise.all(EVENT_SOURCED.map((service) => query<{ n: number }>(databaseOf(serverUrl, service), 'SELECT count(*)::int AS n FROM es_outbox').then((rows) => rows[0].n)));
    left = counts.reduce((sum, count) => sum + count, 0);
    if (left === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return left;
}

/** (2): every event of every store is in its topic exactly once by event id (the `event-id` header), and nothing else is. */
export async function kafkaCheck(serverUrl: string, brokers: string, lost: Set<string>, doubled: Set<string>, effects: Map<string, CommandEffect>): Promise<Check> {
  const stored = new Map<string, string>();
  for (const service of EVENT_SOURCED) {
    const rows = await query<{ event_id: string }>(databaseOf(serverUrl, service), 'SELECT event_id FROM es_events');
    rows.forEach((row) => stored.set(row.event_id, service));
  }
  const published = await countEventIds(brokers, Object.values(DOMAIN_TOPICS));
  const missing = [...stored.keys()].filter((id) => !published.has(id));
  const twice = [...published].filter(([, count]) => count > 1).map(([id]) => id);
  const unknown = [...published.keys()].filter((id) => !stored.has(id));
  // Charge what was lost or doubled to the commands whose events they are.
  for (const effect of effects.values()) {
    if (effect.eventIds.some((id) => !published.has(id))) lost.add(effect.correlationId);
    if (effect.eventIds.some((id) => (published.get(id) ?? 0) > 1)) doubled.add(effect.correlationId);
  }
  const messages = [...published.values()].reduce((sum, count) => sum + count, 0);
  return {
    name: 'every event is in Kafka exactly once by event id',
    passed: missing.length === 0 && twice.length === 0 && unknown.length === 0,
    figures: `${stored.size} events in the stores, ${messages} messages in ${Object.values(DOMAIN_TOPICS).join(', ')}; ${missing.length} missing, ${twice.length} published more than once, ${unknown.length} not in any store`,
  };
}

async function countEventIds(brokers: string, topics: string[]): Promise<Map<string, number>> {
  const kafka = new Kafka({ clientId: 'chaos-check', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, bigint>();
  for (const topic of topics) {
    for (const partition of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${partition.partition}`, BigInt(partition.high));
  }
  await admin.disconnect();
  const counts = new Map<string, number>();
  const remaining = new Set([...ends].filter(([, high]) => high > 0n).map(([key]) => key));
  if (remaining.size === 0) return counts;
  const groupId = `chaos-check-${Date.now()}`;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reading the topics: ${remaining.size} partition(s) not read to their end in 60 s`)), 60_000);
    void consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const id = message.headers?.['event-id']?.toString();
        if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
        const key = `${topic}/${partition}`;
        if (BigInt(message.offset) + 1n >= (ends.get(key) ?? 0n)) remaining.delete(key);
        if (remaining.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  const cleanup = kafka.admin();
  await cleanup.connect();
  await cleanup.deleteGroups([groupId]).catch(() => undefined);
  await cleanup.disconnect();
  return counts;
}

/** (3): every event of an acknowledged command was applied by the projection once (its inbox row) and every stream stands at its store's version. */
export async function projectionCheck(serverUrl: string, commands: readonly CommandRecord[], effects: Map<string, CommandEffect>, lost: Set<string>): Promise<Check> {
  const acknowledged = commands.filter((command) => command.acknowledged && effects.has(command.correlationId)).map((command) => effects.get(command.correlationId)!);
  const eventIds = acknowledged.flatMap((effect) => effect.eventIds);
  const inbox = await query<{ event_id: string; n: number }>(
    databaseOf(serverUrl, 'accountability'),
    'SELECT event_id, count(*)::int AS n FROM es_inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[]) GROUP BY event_id',
    [LIVE_CONSUMER, eventIds],
  );
  const applied = new Map(inbox.map((row) => [row.event_id, row.n]));
  const streams = new Map<string, number>();
  for (const effect of acknowledged) for (const [stream, version] of effect.streams) streams.set(stream, Math.max(streams.get(stream) ?? 0, version));
  const storeVersions = new Map<string, number>();
  for (const service of ['permits', 'complaints', 'training'] as const) {
    const rows = await query<{ stream_id: string; version: number }>(databaseOf(serverUrl, service), 'SELECT stream_id, version FROM es_streams WHERE stream_id = ANY($1)', [[...streams.keys()]]);
    rows.forEach((row) => storeVersions.set(row.stream_id, row.version));
  }
  const projected = await query<{ stream_key: string; version: number }>(
    databaseOf(serverUrl, 'accountability'),
    'SELECT stream_key, version FROM metrics.stream_versions WHERE stream_key = ANY($1)',
    [[...streams.keys()].map(pseudonymOf)],
  );
  const projectedVersions = new Map(projected.map((row) => [row.stream_key, row.version]));
  const behind = [...streams.keys()].filter((stream) => projectedVersions.get(pseudonymOf(stream)) !== storeVersions.get(stream));
  const notApplied = eventIds.filter((id) => !applied.has(id));
  for (const effect of acknowledged) if (effect.eventIds.some((id) => !applied.has(id))) lost.add(effect.correlationId);
  return {
    name: 'every acknowledged command\'s events are in the projection exactly once',
    passed: notApplied.length === 0 && behind.length === 0,
    figures: `${eventIds.length} events, ${applied.size} applied once by ${LIVE_CONSUMER} (inbox, one row per event id); ${notApplied.length} not applied; ${streams.size} streams, ${behind.length} whose projected version differs from the store's`,
  };
}

/** (5): a command may take as long as the faults it overlapped lasted, plus 10 s; one never acknowledged failed for longer than that. */
export function latencyCheck(commands: readonly CommandRecord[], faults: readonly FaultOutcome[]): Check {
  let slow = 0;
  let longestMs = 0;
  for (const command of commands.filter((entry) => entry.acknowledged)) {
    const end = command.acknowledgedAt!;
    const overlapping = faults.filter((fault) => fault.startedAt <= end && (fault.backAt ?? Number.POSITIVE_INFINITY) >= command.firstAttemptAt);
    const allowed = overlapping.reduce((sum, fault) => sum + ((fault.backAt ?? fault.startedAt) - fault.startedAt), 0) + FAULT_ALLOWANCE_MS;
    const took = end - command.firstAttemptAt;
    longestMs = Math.max(longestMs, took);
    if (took > allowed) slow += 1;
  }
  const unacknowledged = commands.filter((command) => !command.acknowledged);
  return {
    name: 'no request failed for longer than the fault lasted plus 10 s',
    passed: slow === 0 && unacknowledged.length === 0,
    figures:
      `${commands.length} commands of the load; ${slow} acknowledged later than their faults plus 10 s (longest wait ${(longestMs / 1000).toFixed(1)} s); ` +
      `${unacknowledged.length} never acknowledged${unacknowledged.length > 0 ? ` (${refusals(unacknowledged)})` : ''}`,
  };
}

/** The final answers of commands that were never acknowledged, by kind: `civil-servant 404 ×220`. */
export function refusals(commands: readonly CommandRecord[]): string {
  const counts = new Map<string, number>();
  for (const command of commands) {
    const key = `${command.kind} ${command.finalStatus === 'connection-error' ? 'no answer' : command.finalStatus}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${key} ×${count}`).join(', ');
}
