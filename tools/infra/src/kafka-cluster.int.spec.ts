import { randomUUID } from 'node:crypto';
import { Admin, Consumer, Kafka, logLevel, PartitionMetadata, Producer } from 'kafkajs';
import { guardKafkaCluster, KafkaCluster, startKafkaCluster } from './kafka-cluster';

/**
 * Point 6 of issue 14: three KRaft brokers on loopback, topics with three
 * replicas and min.insync.replicas 2, a producer set up as the platform's
 * KafkaPublisher (idempotent, acks=all; libs/events cannot be imported here,
 * its tests import this tool): a broker killed with SIGKILL loses no
 * acknowledged message and stops writes only until the controllers fence it;
 * started again, it rejoins every ISR.
 */
const START_TIMEOUT_MS = 120_000;
const PARTITIONS = 6;
/** The cluster's broker.session.timeout.ms (6 s) plus the producer's own reconnect: the longest a write may wait. */
const MAX_WRITE_STALL_MS = 15_000;
const TOPIC_CONFIG = 2;

describe('a Kafka cluster of three KRaft brokers on loopback', () => {
  let cluster: KafkaCluster;
  let admin: Admin;

  beforeAll(async () => {
    const startedAt = Date.now();
    const started = await startKafkaCluster({ startTimeoutMs: START_TIMEOUT_MS - 10_000 });
    cluster = guardKafkaCluster(started, [started.dataDir]);
    console.log(`3-broker cluster started in ${seconds(Date.now() - startedAt)}`);
    admin = kafka('cluster-test-admin').admin();
    await admin.connect();
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await admin?.disconnect();
    await cluster?.stop();
  }, 60_000);

  /** As the platform's clients (libs/events kafka-client.ts): short retries, the caller retries. */
  function kafka(clientId: string): Kafka {
    return new Kafka({
      clientId,
      brokers: cluster.bootstrap.split(','),
      connectionTimeout: 3000,
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    });
  }

  async function createTopic(replication: { replicationFactor: number; minInsyncReplicas: number } | undefined): Promise<string> {
    const topic = `cluster.${randomUUID().slice(0, 8)}.events`;
    const configEntries = replication ? [{ name: 'min.insync.replicas', value: String(replication.minInsyncReplicas) }] : [];
    // As ensureTopics does: kafkajs's waitForLeaders asks only the creating broker, which may not know the topic yet.
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: replication?.replicationFactor, configEntries }] });
    await partitionsOf(topic);
    return topic;
  }

  async function topicConfig(topic: string, name: string): Promise<string> {
    const describe = () => admin.describeConfigs({ resources: [{ type: TOPIC_CONFIG, name: topic, configNames: [name] }], includeSynonyms: false });
    const { resources } = await eventually(describe, `the configuration of ${topic}`);
    return resources[0].configEntries[0].configValue;
  }

  async function partitionsOf(topic: string): Promise<PartitionMetadata[]> {
    const elected = async () => {
      const partitions = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions;
      if (partitions.length === 0 || partitions.some((partition) => partition.leader < 0)) throw new Error('no leader yet');
      return partitions;
    };
    return eventually(elected, `the partitions of ${topic} and their leaders`);
  }

  it('runs three brokers; a topic created with three replicas, or with no replication named (as the services do), has three replicas and min.insync.replicas 2', async () => {
    const { brokers } = await admin.describeCluster();
    expect(brokers.map((broker) => broker.port).sort()).toEqual(cluster.nodes.map((node) => node.port).sort());

    const named = await createTopic({ replicationFactor: 3, minInsyncReplicas: 2 });
    const unnamed = await createTopic(undefined);

    for (const topic of [named, unnamed]) {
      const partitions = await partitionsOf(topic);
      expect(partitions).toHaveLength(PARTITIONS);
      for (const partition of partitions) expect(partition.replicas).toHaveLength(3);
      expect(await topicConfig(topic, 'min.insync.replicas')).toBe('2');
    }
  });

  it('loses no acknowledged message and keeps writing while a broker is killed, and the broker started again rejoins', async () => {
    const topic = await createTopic({ replicationFactor: 3, minInsyncReplicas: 2 });
    const consumed = await consumeIntoMap(kafka('cluster-test-consumer').consumer({ groupId: `cluster-test-${randomUUID()}` }), topic);
    const producer = new WritingLoad(kafka('cluster-test-producer'), topic);
    producer.start();

    await sleep(3_000);
    const leader = partitionLeader(await partitionsOf(topic), 0);
    const victim = cluster.nodes.find((node) => node.nodeId === leader)!;
    const killedPid = victim.pid;
    const killedAt = Date.now();
    await victim.kill();
    expect(isAlive(killedPid)).toBe(false);
    await sleep(12_000);
    const ackedWhileDown = producer.ackedSince(killedAt);
    const restartedAt = Date.now();
    await victim.start();
    const restartSeconds = seconds(Date.now() - restartedAt);
    await sleep(3_000);
    await producer.stop();

    expect(victim.pid).not.toBe(killedPid);
    expect(ackedWhileDown).toBeGreaterThan(0);
    expect(producer.longestStallMs).toBeLessThan(MAX_WRITE_STALL_MS);

    const consumedAsAcked = ({ at, value }: Acked) => consumed.byOffset.get(at) === value;
    await waitFor(() => producer.acked.every(consumedAsAcked), 30_000, 'every acknowledged message consumed');
    await consumed.consumer.disconnect();
    expect(producer.acked.filter((acked) => !consumedAsAcked(acked))).toEqual([]);

    await waitFor(async () => (await partitionsOf(topic)).every((partition) => partition.isr.includes(victim.nodeId)), 60_000, `broker ${victim.nodeId} back in every ISR`);
    console.log(
      `killed broker ${victim.nodeId} (leader of partition 0): ${producer.acked.length} messages acknowledged, ${ackedWhileDown} while it was down, ` +
        `longest write stall ${seconds(producer.longestStallMs)}, ${producer.failedAttempts} failed attempts; ` +
        `consumed ${consumed.byOffset.size} offsets (${consumed.redeliveries} redelivered); restart took ${restartSeconds}`,
    );
  }, 120_000);
});

interface Acked {
  /** `<partition>:<offset>` */
  at: string;
  value: string;
}

/**
 * Publishes numbered messages one at a time as the platform's KafkaPublisher
 * does (idempotent producer, acks=all, a fresh connection after a failure),
 * retrying each until acknowledged, as the outbox relay does.
 */
class WritingLoad {
  readonly acked: Acked[] = [];
  longestStallMs = 0;
  failedAttempts = 0;
  private readonly ackedAt: number[] = [];
  private producer?: Producer;
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.producer?.disconnect();
  }

  ackedSince(time: number): number {
    return this.ackedAt.filter((at) => at >= time).length;
  }

  private async run(): Promise<void> {
    for (let number = 0; this.running; number++) {
      const value = `message-${number}`;
      const firstAttemptAt = Date.now();
      while (this.running && !(await this.tryPublish(value))) await sleep(200);
      this.longestStallMs = Math.max(this.longestStallMs, Date.now() - firstAttemptAt);
    }
  }

  private async tryPublish(value: string): Promise<boolean> {
    try {
      this.producer ??= await this.connect();
      const [record] = await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key: value, value }] });
      this.acked.push({ at: `${record.partition}:${record.baseOffset}`, value });
      this.ackedAt.push(Date.now());
      return true;
    } catch {
      this.failedAttempts++;
      await this.producer?.disconnect().catch(() => undefined);
      this.producer = undefined;
      return false;
    }
  }

  private async connect(): Promise<Producer> {
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    return producer;
  }
}

/** Every message the group receives, by partition and offset. */
async function consumeIntoMap(consumer: Consumer, topic: string) {
  const consumed = { consumer, byOffset: new Map<string, string>(), redeliveries: 0 };
  await consumer.connect();
  // The broker answering the consumer's metadata may not host the new topic's partitions yet (UNKNOWN_TOPIC_OR_PARTITION): ask again.
  await eventually(() => consumer.subscribe({ topics: [topic], fromBeginning: true }), `a subscription to ${topic}`);
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const at = `${partition}:${message.offset}`;
      if (consumed.byOffset.has(at)) consumed.redeliveries++;
      consumed.byOffset.set(at, message.value!.toString());
    },
  });
  await joined;
  return consumed;
}

function partitionLeader(partitions: Array<{ partitionId: number; leader: number }>, partitionId: number): number {
  return partitions.find((partition) => partition.partitionId === partitionId)!.leader;
}

/** A new topic reaches the brokers one by one: one that has not heard of it yet answers UNKNOWN_TOPIC_OR_PARTITION. */
async function eventually<T>(attempt: () => Promise<T>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`timed out after ${seconds(timeoutMs)} asking for ${what}: ${String(error)}`);
      await sleep(250);
    }
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds(timeoutMs)} waiting for: ${what}`);
    await sleep(250);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
