import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, Message, Producer, CompressionTypes } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { NewEvent, OutgoingMessage, parseBrokers } from '@palembang/events';
import { newEvent, requireEnv } from '@palembang/events/testing';

/** Shared pieces of the event benchmarks: payload, timing, bounded waits, raw clients, cleanup. */

export const now = (): number => performance.now();

/** A measured throughput: `events` in `ms`; `rounds` holds each round's rate when it ran in rounds. */
export type Rate = Readonly<{ events: number; ms: number; perSecond: number; rounds: readonly number[] }>;

export function rate(events: number, ms: number, rounds: readonly number[] = []): Rate {
  return { events, ms, perSecond: (events * 1000) / ms, rounds };
}

/** Sums rounds into one rate (total events / total time) and keeps each round's rate for the spread. */
export function combine(parts: readonly Rate[]): Rate {
  const events = parts.reduce((sum, part) => sum + part.events, 0);
  const ms = parts.reduce((sum, part) => sum + part.ms, 0);
  return rate(events, ms, parts.map((part) => part.perSecond));
}

/** A realistic permit event (no personal-data contract: nothing is sealed), about 0.5 kB of JSON. */
export function permitEvent(n: number): NewEvent {
  return newEvent('PermitApplicationSubmitted', {
    applicationId: `PBG-2026-${String(n).padStart(7, '0')}`,
    permitType: 'PBG',
    business: { name: 'Toko Sumber Rezeki Abadi', kbli: '47111', scale: 'mikro' },
    location: {
      street: 'Jl. Merdeka No. 12',
      rt: '003',
      rw: '005',
      village: 'Kuto Batu',
      district: 'Ilir Timur II',
      postalCode: '30114',
      coordinates: { lat: -2.9761, lng: 104.7754 },
    },
    building: { areaM2: 120.5, floors: 2, function: 'usaha' },
    documents: ['surat-permohonan', 'sertifikat-tanah', 'gambar-teknis', 'npwp'],
    submittedVia: 'online',
    notes: 'Permohonan baru untuk bangunan ruko dua lantai di kawasan perdagangan.',
  });
}

/** Waits, polling, until `check` holds; throws after `timeoutMs` so no wait is unbounded. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 10): Promise<void> {
  const deadline = now() + timeoutMs;
  while (!(await check())) {
    if (now() > deadline) throw new Error(`benchmark: ${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function checkDeadline(what: string, deadline: number): void {
  if (now() > deadline) throw new Error(`benchmark: ${what} ran past its time limit`);
}

/** Things to close at the end, closed in reverse order, each failure only logged. */
export class Cleanup {
  private readonly closers: Array<{ what: string; close: () => Promise<unknown> }> = [];

  add(what: string, close: () => Promise<unknown>): void {
    this.closers.push({ what, close });
  }

  async run(): Promise<void> {
    for (const { what, close } of this.closers.splice(0).reverse()) {
      await close().catch((error: unknown) => console.error(`[bench] cleanup of ${what} failed: ${String(error)}`));
    }
  }
}

/** The URL a test data source connects with (the raw `pg` baselines use the same database). */
export function urlOf(dataSource: DataSource): string {
  return (dataSource.options as { url: string }).url;
}

export async function rawPgClient(dataSource: DataSource, cleanup: Cleanup): Promise<Client> {
  const client = new Client({ connectionString: urlOf(dataSource) });
  await client.connect();
  cleanup.add('raw pg client', () => client.end());
  return client;
}

/** Destroys the data source, then drops its database (matters when DATABASE_URL points at a long-lived server). */
export function registerDatabase(dataSource: DataSource, cleanup: Cleanup): void {
  const name = new URL(urlOf(dataSource)).pathname.slice(1);
  cleanup.add(`database ${name}`, async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    const admin = new Client({ connectionString: requireEnv('DATABASE_URL') });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });
}

/** Deletes the benchmark's topics (and their dead-letter topics) at the end. */
export function registerTopic(topic: string, cleanup: Cleanup): void {
  cleanup.add(`topic ${topic}`, async () => {
    const admin = rawKafka('bench-admin').admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [topic, `${topic}.dlt`], timeout: 10_000 });
    } finally {
      await admin.disconnect();
    }
  });
}

/** A plain kafkajs client, configured like nothing of ours: the baseline. */
export function rawKafka(clientId = `bench-raw-${randomUUID().slice(0, 8)}`): Kafka {
  return new Kafka({ clientId, brokers: parseBrokers(requireEnv('KAFKA_BROKERS')), logLevel: logLevel.NOTHING });
}

/** The same guarantees as KafkaPublisher: idempotent, one request in flight, acks from all in-sync replicas. */
export async function rawProducer(cleanup: Cleanup): Promise<Producer> {
  const producer = rawKafka().producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  cleanup.add('raw kafkajs producer', () => producer.disconnect());
  return producer;
}

/** Converts our messages to kafkajs messages for `topic`, ahead of any timing. */
export function toKafkaMessages(messages: readonly OutgoingMessage[]): Message[] {
  return messages.map((message) => ({ key: message.key, value: message.value, headers: message.headers ? { ...message.headers } : undefined }));
}

/** Sends `messages` to `topic` in batches of `batchSize`, one sendBatch at a time (acks -1, no compression). */
export async function sendInBatches(producer: Producer, topic: string, messages: readonly Message[], batchSize: number, deadline: number): Promise<void> {
  for (let start = 0; start < messages.length; start += batchSize) {
    checkDeadline(`sending to ${topic}`, deadline);
    await producer.sendBatch({
      topicMessages: [{ topic, messages: messages.slice(start, start + batchSize) }],
      acks: -1,
      compression: CompressionTypes.None,
    });
  }
}

/** Sum of the topic's partition high watermarks: how many messages it holds (fresh topics start at 0). */
export async function messagesIn(topic: string): Promise<number> {
  const admin = rawKafka('bench-admin').admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
}
