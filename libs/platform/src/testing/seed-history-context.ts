import { randomBytes } from 'node:crypto';
import { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SeedHistoryOptions } from '../demo-history/demo-history';
import { ServiceConfig } from '../service-config';
import { createServiceDatabase } from './service-process';

/**
 * The demo year's options for a seed-history int spec: a fraction of the year by default, the whole of it with
 * SEED_HISTORY_SCALE=1 (SEED_HISTORY_SEED and SEED_HISTORY_UNTIL pick another year).
 */
export function seedHistoryTestOptions(defaultScale: number): SeedHistoryOptions {
  return {
    seed: Number(process.env.SEED_HISTORY_SEED ?? 7),
    until: process.env.SEED_HISTORY_UNTIL ?? '2026-12-05',
    days: 365,
    scale: Number(process.env.SEED_HISTORY_SCALE ?? defaultScale),
  };
}

/** A service's seed-history module on a fresh database of its own, as `node main.js seed-history` runs it. */
export async function startSeedHistoryContext(serviceName: string, moduleFor: (config: ServiceConfig) => DynamicModule): Promise<INestApplicationContext> {
  process.env.PERSONAL_DATA_KEY ??= randomBytes(32).toString('base64');
  process.env.EVENT_CHAIN_KEY ??= randomBytes(32).toString('base64');
  process.env.GATEWAY_URL ??= 'http://127.0.0.1:9';
  const databaseUrl = await createServiceDatabase(`${serviceName}_history`);
  const config: ServiceConfig = { serviceName, port: 1, databaseUrl, kafkaBrokers: (process.env.KAFKA_BROKERS ?? '').split(',') };
  return NestFactory.createApplicationContext(moduleFor(config), { logger: ['error'], abortOnError: false });
}
