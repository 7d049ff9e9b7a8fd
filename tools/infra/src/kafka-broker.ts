/**
 * Starts and stops a real single-node Apache Kafka broker (KRaft: broker and
 * controller in one JVM) from Maven Central jars, for tests, benchmarks and
 * `npm start`. Needs Java 17+ always, and Maven (`mvn`) once to fetch the jars.
 * The pieces live in ./kafka/: java.ts, jars.ts, ports.ts, storage.ts (the
 * node's configuration and data), broker-process.ts (the JVM), readiness.ts.
 *
 * Run directly (`tsx tools/infra/src/kafka-broker.ts`) it starts a broker,
 * prints its bootstrap address and stops it on SIGINT/SIGTERM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfraError } from './errors';
import { LocalKafkaBroker } from './kafka/broker-process';
import { KafkaBroker, KafkaNode, kafkaNodeOf } from './kafka/handles';
import { ensureKafkaJars } from './kafka/jars';
import { checkJava } from './kafka/java';
import { choosePorts } from './kafka/ports';
import { HOST } from './kafka/settings';

export { InfraError } from './errors';
export type { KafkaBroker, KafkaNode } from './kafka/handles';
export { defaultKafkaCacheDir, ensureKafkaJars } from './kafka/jars';
export { parseJavaMajorVersion } from './kafka/java';
export { findFreePorts } from './kafka/ports';
export { KAFKA_VERSION } from './kafka/settings';
export { newClusterId, storedClusterId } from './kafka/storage';

export interface StartKafkaOptions {
  /** Broker port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Kept after stop(); a fresh temporary folder, removed by stop(), when omitted. */
  dataDir?: string;
  /** Where the jars are cached; see defaultKafkaCacheDir(). */
  cacheDir?: string;
  /** How long the JVM may take to become ready (the one-off download is not counted). */
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

/** One node of a KRaft quorum, for startKafkaCluster (kafka-cluster.ts). */
export interface KafkaNodeSettings {
  nodeId: number;
  port: number;
  controllerPort: number;
  /** `controller.quorum.voters`: `<id>@127.0.0.1:<controller port>` of every node, comma-separated. */
  quorumVoters: string;
  /** Every node of a cluster is formatted with the same id. */
  clusterId: string;
  /** Kept by stop(); its owner removes it. */
  dataDir: string;
  /** Broker settings beyond a single node's (a cluster's replication, say). */
  overrides: Record<string, string | number>;
  cacheDir?: string;
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

const SINGLE_NODE_ID = 1;
const DEFAULT_START_TIMEOUT_MS = 60_000;

const noLog = (): void => undefined;

export async function startKafkaBroker(options: StartKafkaOptions = {}): Promise<KafkaBroker> {
  const log = options.log ?? noLog;
  const java = await checkJava();
  const libDir = await ensureKafkaJars(options.cacheDir, log);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'palembang-kafka-'));
  try {
    const ports = await choosePorts(options.port);
    const broker = new LocalKafkaBroker({
      java,
      libDir,
      dataDir,
      ownsDataDir,
      ...ports,
      nodeId: SINGLE_NODE_ID,
      quorumVoters: `${SINGLE_NODE_ID}@${HOST}:${ports.controllerPort}`,
      overrides: {},
      startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      log,
    });
    await broker.start();
    return broker;
  } catch (error) {
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A node that has not been started yet: call start(). */
export async function prepareKafkaNode(settings: KafkaNodeSettings): Promise<KafkaNode> {
  const log = settings.log ?? noLog;
  const java = await checkJava();
  const libDir = await ensureKafkaJars(settings.cacheDir, log);
  const broker = new LocalKafkaBroker({
    ...settings,
    java,
    libDir,
    ownsDataDir: false,
    startTimeoutMs: settings.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    log,
  });
  return kafkaNodeOf(settings.nodeId, broker, () => broker.start());
}

async function main(): Promise<void> {
  const broker = await startKafkaBroker({ log: (line) => console.error(line) });
  console.log(broker.bootstrap);
  const stopAndExit = (): void => {
    broker.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stopAndExit);
  process.once('SIGTERM', stopAndExit);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof InfraError ? error.message : error);
    process.exit(1);
  });
}
