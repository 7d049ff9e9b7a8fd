import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, MixedList } from 'typeorm';
import { EventEnvelope, EventMetadata, NewEvent } from '@palembang/events/core';
import { connectAndMigrate, createDataSource } from '../postgres/data-source';
import { ensureTopics, KafkaConnection, parseBrokers } from '../kafka/kafka-client';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import { EventChainKeys } from '../chain-key';

/** Helpers for integration tests against the real PostgreSQL and Kafka of the test run. */

export function requireEnv(name: 'DATABASE_URL' | 'KAFKA_BROKERS'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through \`npm test\` or Jest's global setup`);
  return value;
}

export function kafkaConnection(clientId = `test-${randomUUID().slice(0, 8)}`): KafkaConnection {
  return { brokers: parseBrokers(requireEnv('KAFKA_BROKERS')), clientId };
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(prefix = 'test', migrations: MixedList<Function> = []): Promise<DataSource> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: requireEnv('DATABASE_URL') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(requireEnv('DATABASE_URL'));
  url.pathname = `/${name}`;
  return connectAndMigrate(createDataSource({ url: url.toString(), migrations, poolSize: 60 }));
}

/** A topic (and its dead-letter topic) no other test uses. */
export async function createTestTopic(prefix = 'test', partitions = 3): Promise<string> {
  const topic = `${prefix}.${randomUUID().slice(0, 8)}.events`;
  await ensureTopics(kafkaConnection(), [
    { topic, partitions },
    { topic: `${topic}.dlt`, partitions: 1 },
  ]);
  return topic;
}

export function testVault(): PersonalDataVault {
  return new PersonalDataVault(randomBytes(32));
}

/** A fresh EVENT_CHAIN_KEY for one test. */
export function testChainKeys(): EventChainKeys {
  return new EventChainKeys([randomBytes(32)]);
}

export const TEST_METADATA: EventMetadata = {
  agencyId: 'dpmptsp',
  actor: 'test',
  correlationId: randomUUID(),
  causationId: null,
};

/** An event to append, with a fresh id and a fixed time. */
export function newEvent<T extends string, D extends object>(type: T, data: D, occurredAt = '2026-11-02T09:00:00+07:00'): NewEvent {
  return { eventId: randomUUID(), type, data, occurredAt, metadata: TEST_METADATA };
}

/** Polls until `check` holds or the time is up. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 30_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export * from './applied-events';
export * from './cuttable-link';
export * from './database-writer';

/** An envelope as it travels on Kafka, for tests that publish events directly. */
export function testEnvelope(streamId: string, streamVersion: number, type = 'Happened', data: object = {}): EventEnvelope {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    streamId,
    streamVersion,
    globalPosition: String(streamVersion),
    occurredAt: '2026-11-02T02:00:00.000Z',
    recordedAt: '2026-11-02T02:00:00.000Z',
    agencyId: 'dpmptsp',
    actor: 'test',
    correlationId: randomUUID(),
    causationId: null,
    data: { ...data, streamVersion },
  };
}
export * from './test-consumer';
