/**
 * A Kafka cluster on loopback: three (or more) KRaft nodes, each broker and
 * controller in one JVM with its own ports and data folder, forming one
 * controller quorum. New topics get three replicas and min.insync.replicas 2,
 * so that with acks=all one node may die (SIGKILL) without losing an
 * acknowledged message or stopping writes for longer than it takes the
 * controllers to notice (broker.session.timeout.ms).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InfraError } from './errors';
import { findFreePorts, KafkaNode, newClusterId, prepareKafkaNode, storedClusterId } from './kafka-broker';
import { Guard, guardAgainstOrphaning } from './reaper';

export interface KafkaCluster {
  /** Every broker's `127.0.0.1:<port>`, comma-separated, for a client's bootstrap servers. */
  readonly bootstrap: string;
  readonly nodes: readonly KafkaNode[];
  readonly dataDir: string;
  /** What the brokers give a topic created without saying (and their internal topics). */
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
  /** Stops every node; removes the data if it was a temporary folder. */
  stop(): Promise<void>;
}

export interface StartKafkaClusterOptions {
  /** Nodes in the quorum, 3 by default; fewer could not lose one and go on. */
  brokers?: number;
  /** Kept after stop() (a folder per node inside); a fresh temporary folder, removed by stop(), when omitted. */
  dataDir?: string;
  cacheDir?: string;
  /** How long each node may take to become ready; the nodes start at the same time. */
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

const HOST = '127.0.0.1';
const MIN_NODES = 3;
/** Three JVMs share the machine while they start: more than the single broker's minute. */
const DEFAULT_START_TIMEOUT_MS = 120_000;

/**
 * The controllers fence a node that missed heartbeats for this long, moving
 * its partitions' leadership and dropping it from their in-sync replicas; until
 * then writes to the partitions it led (or followed in sync) wait. Kafka's 9 s
 * default is shortened, yet left long enough for a GC pause on a busy machine.
 */
const BROKER_SESSION_TIMEOUT_MS = 6_000;
const BROKER_HEARTBEAT_INTERVAL_MS = 1_000;

export async function startKafkaCluster(options: StartKafkaClusterOptions = {}): Promise<KafkaCluster> {
  const count = options.brokers ?? MIN_NODES;
  if (!Number.isInteger(count) || count < MIN_NODES) {
    throw new InfraError(`A Kafka cluster needs at least ${MIN_NODES} brokers (a quorum that survives losing one); got ${count}.`);
  }
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'palembang-kafka-cluster-'));
  const replicationFactor = MIN_NODES;
  const minInsyncReplicas = replicationFactor - 1;
  try {
    mkdirSync(dataDir, { recursive: true });
    const nodes = await prepareNodes(count, dataDir, replicationFactor, minInsyncReplicas, options);
    await startAll(nodes);
    return {
      bootstrap: nodes.map((node) => node.bootstrap).join(','),
      nodes,
      dataDir,
      replicationFactor,
      minInsyncReplicas,
      async stop() {
        await Promise.all(nodes.map((node) => node.stop()));
        if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function prepareNodes(
  count: number,
  dataDir: string,
  replicationFactor: number,
  minInsyncReplicas: number,
  options: StartKafkaClusterOptions,
): Promise<KafkaNode[]> {
  const nodeIds = Array.from({ length: count }, (_, index) => index + 1);
  const nodeDirs = nodeIds.map((id) => join(dataDir, `node-${id}`));
  const ports = await findFreePorts(2 * count, []);
  const controllerPorts = ports.slice(count);
  const quorumVoters = nodeIds.map((id, index) => `${id}@${HOST}:${controllerPorts[index]}`).join(',');
  const clusterId = clusterIdOf(nodeDirs);
  const overrides = clusterOverrides(replicationFactor, minInsyncReplicas);
  return Promise.all(
    nodeIds.map((nodeId, index) =>
      prepareKafkaNode({
        nodeId,
        port: ports[index],
        controllerPort: controllerPorts[index],
        quorumVoters,
        clusterId,
        dataDir: nodeDirs[index],
        overrides,
        cacheDir: options.cacheDir,
        startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
        log: options.log,
      }),
    ),
  );
}

/** A kept cluster is started again with the id its nodes were formatted with. */
function clusterIdOf(nodeDirs: string[]): string {
  const stored = [...new Set(nodeDirs.map(storedClusterId).filter((id): id is string => id !== undefined))];
  if (stored.length > 1) {
    throw new InfraError(`The Kafka nodes in ${nodeDirs.join(', ')} belong to different clusters (${stored.join(', ')}); remove those folders to start afresh.`);
  }
  return stored[0] ?? newClusterId();
}

function clusterOverrides(replicationFactor: number, minInsyncReplicas: number): Record<string, number | string> {
  return {
    'default.replication.factor': replicationFactor,
    'min.insync.replicas': minInsyncReplicas,
    'offsets.topic.replication.factor': replicationFactor,
    'transaction.state.log.replication.factor': replicationFactor,
    'transaction.state.log.min.isr': minInsyncReplicas,
    'share.coordinator.state.topic.replication.factor': replicationFactor,
    'share.coordinator.state.topic.min.isr': minInsyncReplicas,
    'unclean.leader.election.enable': 'false',
    'broker.session.timeout.ms': BROKER_SESSION_TIMEOUT_MS,
    'broker.heartbeat.interval.ms': BROKER_HEARTBEAT_INTERVAL_MS,
  };
}

/** At the same time: no node is ready before a majority of controllers has elected a leader. */
async function startAll(nodes: KafkaNode[]): Promise<void> {
  const results = await Promise.allSettled(nodes.map((node) => node.start()));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (!failure) return;
  await Promise.all(nodes.map((node) => node.kill()));
  throw failure.reason;
}

/**
 * Watches every node of `cluster` (re-armed on each start, since its pid
 * changes) so that no JVM outlives this process, even when it is killed;
 * `removeDirs` are removed then too.
 */
export function guardKafkaCluster(cluster: KafkaCluster, removeDirs: string[]): KafkaCluster {
  const guarded = cluster.nodes.map((node) => guardKafkaNode(node, removeDirs));
  return {
    bootstrap: cluster.bootstrap,
    nodes: guarded.map(({ node }) => node),
    dataDir: cluster.dataDir,
    replicationFactor: cluster.replicationFactor,
    minInsyncReplicas: cluster.minInsyncReplicas,
    async stop() {
      await cluster.stop();
      for (const { dismiss } of guarded) dismiss();
    },
  };
}

/** A running node watched by a reaper; its kill(), start() and stop() keep the watch in step. */
export function guardKafkaNode(node: KafkaNode, removeDirs: string[]): { node: KafkaNode; dismiss(): void } {
  let guard: Guard | undefined;
  const watch = () => {
    if (node.pid > 0) guard = guardAgainstOrphaning({ pid: node.pid, killGroup: true, signal: 'SIGTERM', removeDirs });
  };
  const dismiss = () => {
    guard?.dismiss();
    guard = undefined;
  };
  watch();
  const guardedNode: KafkaNode = {
    nodeId: node.nodeId,
    bootstrap: node.bootstrap,
    port: node.port,
    get pid() {
      return node.pid;
    },
    dataDir: node.dataDir,
    async kill() {
      await node.kill();
      dismiss();
    },
    async start() {
      dismiss();
      await node.start();
      watch();
    },
    async stop() {
      await node.stop();
      dismiss();
    },
  };
  return { node: guardedNode, dismiss };
}
