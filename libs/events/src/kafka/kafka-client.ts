import { Admin, CompressionTypes, Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { createKafka } from './create-kafka';
import { IncomingMessage, MessagePublisher, MessagesTooLargeError, MessageSubscription, OutgoingMessage, PartitionBatch, PartitionLag, SubscriptionHooks, TopicSpec } from './messages';

/**
 * The only place that knows kafkajs. Everything else in the platform speaks
 * the small port in messages.ts, so a client swap touches this folder only.
 */
export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  /** How long connecting may take before a send fails (a down broker fails fast). */
  connectionTimeoutMs?: number;
  /** The service's own Kafka user (SASL/SCRAM); unset on a local PLAINTEXT broker. */
  sasl?: KafkaSasl;
  /** TLS to the brokers; `ca` (PEM) replaces the system's trusted authorities. */
  tls?: KafkaTls;
}

export type KafkaSasl = Readonly<{ username: string; password: string } & ({ mechanism: 'scram-sha-512' } | { mechanism: 'scram-sha-256' })>;

export interface KafkaTls {
  ca?: string;
}

export function parseBrokers(value: string): string[] {
  return value.split(',').map((broker) => broker.trim()).filter(Boolean);
}


/**
 * An idempotent producer: retries never duplicate or reorder messages within a partition.
 * After a failed send the next one starts with a new producer (a new producer id): the
 * failed send may have been written in part, and the old producer's sequence numbers no
 * longer match the broker's, which then refuses every later send (OUT_OF_ORDER_SEQUENCE_NUMBER,
 * seen after a broker was killed). The outbox relay checks what Kafka holds after a failed
 * publish, so the new producer sends nothing twice.
 */
export class KafkaPublisher implements MessagePublisher {
  private producer: Producer;
  private connected?: Promise<void>;
  private readonly compression: CompressionTypes;

  /**
   * `compression` defaults to none: gzip (built into kafkajs) shrinks a batch of JSON events about
   * fourfold but costs the relay about 29 µs of CPU per event, and CPU per event is what the platform
   * pays on every hop (issue 16); requests stay under the broker's size limit by the relay's byte
   * cap, not by compression. `gzip` for a network or disk that costs more than CPU.
   */
  constructor(
    private readonly connection: KafkaConnection,
    options: { compression?: 'gzip' | 'none' } = {},
  ) {
    this.compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
    this.producer = this.newProducer();
  }

  /** Throws MessagesTooLargeError when the broker refuses a record batch as too large. */
  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    try {
      await this.producer.sendBatch({ topicMessages: groupByTopic(messages), acks: -1, compression: this.compression });
    } catch (error) {
      const failed = this.producer;
      this.producer = this.newProducer();
      this.connected = undefined;
      await failed.disconnect().catch(() => undefined);
      throw isTooLarge(error) ? new MessagesTooLargeError(error) : error;
    }
  }

  async close(): Promise<void> {
    this.connected = undefined;
    await this.producer.disconnect();
  }

  private newProducer(): Producer {
    const producer = createKafka(this.connection).producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    producer.on(producer.events.DISCONNECT, () => {
      if (this.producer === producer) this.connected = undefined;
    });
    return producer;
  }

  private connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }
}

/** kafkajs's protocol error for a record batch the broker does not take, wherever kafkajs wrapped it. */
function isTooLarge(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending = [error];
  while (pending.length > 0) {
    const next = pending.pop() as { type?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown } | undefined;
    if (!next || typeof next !== 'object' || seen.has(next)) continue;
    seen.add(next);
    if (next.type === 'MESSAGE_TOO_LARGE' || next.type === 'RECORD_LIST_TOO_LARGE') return true;
    pending.push(next.cause, next.originalError, ...(Array.isArray(next.errors) ? next.errors : []));
  }
  return false;
}

function groupByTopic(messages: readonly OutgoingMessage[]) {
  const byTopic = new Map<string, Array<{ key: string; value: string; headers?: Record<string, string> }>>();
  for (const message of messages) {
    const list = byTopic.get(message.topic) ?? [];
    list.push({ key: message.key, value: message.value, headers: message.headers ? { ...message.headers } : undefined });
    byTopic.set(message.topic, list);
  }
  return [...byTopic].map(([topic, topicMessages]) => ({ topic, messages: topicMessages }));
}

export interface SubscriptionOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Partitions handled at the same time; order is kept within each partition. */
  partitionsConcurrently?: number;
  /** See SESSION_TIMEOUT_MS. */
  sessionTimeoutMs?: number;
}

/**
 * How long the coordinator keeps a member that stopped heartbeating. A broker that
 * crashed restarts with the group as it was, old member included, and a membership
 * rejoined after a crash is a new member (kafkajs forgets the member id): the group
 * completes only once the old member's session has expired. Kafka's default of 30 s
 * would hold every consumer back that long after the broker's return; 6 s is the
 * broker's minimum (group.min.session.timeout.ms), kept safe by heartbeating every
 * second, also while a batch is being handled.
 */
const SESSION_TIMEOUT_MS = 6_000;
const HEARTBEAT_INTERVAL_MS = 1_000;

/**
 * Retries inside one membership (connect, join, fetch) stay short: when they run out the
 * membership crashes and its owner (EventConsumer) rejoins with a backoff of its own, so a
 * broker outage costs one crash and a few quiet rejoins rather than a minute of retries.
 * kafkajs never restarts by itself (restartOnFailure false): it would rejoin at its own
 * pace, in a loop the owner could neither see nor pace.
 */
const CONSUMER_RETRY = { retries: 5, initialRetryTime: 300, maxRetryTime: 2000, restartOnFailure: async () => false };

/**
 * A fetch is answered once this much has accumulated, or after FETCH_LINGER_MS. kafkajs's
 * default (1 byte) answers as soon as one message is there: at a moderate, steady rate every
 * event then costs a fetch request on the broker and a transaction in the consumer, however
 * busy the platform is. Waiting a little lets batches grow with the load (under heavy load the
 * bytes are there at once and nothing waits), like the relay's linger on the producing side.
 */
const FETCH_MIN_BYTES = 64 * 1024;
/** Bounds the delay FETCH_MIN_BYTES adds when the topic is quiet (and the idle polling it costs: 20 fetches/s). */
const FETCH_LINGER_MS = 50;

/** A consumer group member that hands each partition's batch to `handle`, committing only what it commits. */
export class KafkaSubscription implements MessageSubscription {
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private stopped = false;
  private hooks: SubscriptionHooks = {};
  private admin?: Promise<Admin>;

  constructor(connection: KafkaConnection, private readonly options: SubscriptionOptions) {
    this.kafka = createKafka(connection);
    this.consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      // Topic metadata refreshed every 10 s instead of kafkajs's five minutes, so changes to the
      // subscribed topics (created or grown later) reach the group sooner.
      metadataMaxAge: 10_000,
      retry: CONSUMER_RETRY,
      sessionTimeout: options.sessionTimeoutMs ?? SESSION_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      minBytes: FETCH_MIN_BYTES,
      maxWaitTimeInMs: FETCH_LINGER_MS,
    });
    // Once, not per start attempt: a start retried through a long outage would pile up listeners.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => this.hooks.joined?.());
    this.consumer.on(this.consumer.events.CRASH, (event) => this.hooks.crashed?.(event.payload.error, isRetriable(event.payload.error)));
  }

  async start(handle: (batch: PartitionBatch) => Promise<void>, hooks: SubscriptionHooks = {}): Promise<void> {
    this.hooks = hooks;
    await this.consumer.connect();
    if (this.stopped) return this.consumer.disconnect();
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning ?? true });
    if (this.stopped) return this.consumer.disconnect();
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConcurrently ?? 1,
      eachBatch: async (payload) => {
        // A long batch (a slow transaction, retries with backoff) must not outlast the short session.
        const heartbeating = setInterval(() => void payload.heartbeat().catch(() => undefined), HEARTBEAT_INTERVAL_MS);
        try {
          await handle(partitionBatchOf(payload, (topic, partition, offset) => this.consumer.commitOffsets([{ topic, partition, offset }])));
        } finally {
          clearInterval(heartbeating);
        }
      },
    });
  }

  /** Waits for the batch in hand to finish, then leaves the group. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.consumer.disconnect();
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await admin.then((connected) => connected.disconnect()).catch(() => undefined);
  }

  /**
   * The group's lag on every partition of its topics: end of the log minus the committed
   * offset (a partition the group never committed counts from where it would start reading).
   */
  async lag(): Promise<{ group: string; partitions: PartitionLag[] }> {
    const admin = await this.connectedAdmin();
    try {
      // The topics' ends asked side by side with the group's offsets: a rebuild waits for this answer before it switches.
      const [committed, ends] = await Promise.all([
        admin.fetchOffsets({ groupId: this.options.groupId, topics: this.options.topics }),
        Promise.all(this.options.topics.map((topic) => admin.fetchTopicOffsets(topic))),
      ]);
      const partitions: PartitionLag[] = [];
      for (const { topic, partitions: offsets } of committed) {
        for (const end of ends[this.options.topics.indexOf(topic)]) {
          const offset = offsets.find((candidate) => candidate.partition === end.partition)?.offset ?? '-1';
          const from = offset === '-1' ? ((this.options.fromBeginning ?? true) ? end.low : end.high) : offset;
          partitions.push({ topic, partition: end.partition, lag: Math.max(0, Number(BigInt(end.high) - BigInt(from))) });
        }
      }
      return { group: this.options.groupId, partitions };
    } catch (error) {
      this.admin = undefined;
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = undefined;
      throw error;
    });
    return this.admin;
  }
}

/** kafkajs's own rule for whether a crash may pass by itself. */
function isRetriable(error: unknown): boolean {
  let cause = error as { name?: string; retriable?: boolean; cause?: unknown } | undefined;
  if (cause?.name === 'KafkaJSNumberOfRetriesExceeded') return true;
  while (cause?.cause) cause = cause.cause as typeof cause;
  return cause?.retriable === true;
}

/** The port's view of a kafkajs batch; `commit` marks an offset done and commits the next one to read. */
function partitionBatchOf(
  { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
  commitNext: (topic: string, partition: number, offset: string) => Promise<void>,
): PartitionBatch {
  return {
    topic: batch.topic,
    partition: batch.partition,
    messages: batch.messages.map((message) => new FetchedMessage(batch.topic, batch.partition, message)),
    endOffset: batch.highWatermark,
    commit: async (offset) => {
      resolveOffset(offset);
      await commitNext(batch.topic, batch.partition, (BigInt(offset) + 1n).toString());
    },
    heartbeat,
    isActive: () => isRunning() && !isStale(),
  };
}

/**
 * A fetched message whose key and headers are decoded when first read: a replay of millions of
 * events reads neither, and decoding four headers per message was a tenth of its allocations.
 */
class FetchedMessage implements IncomingMessage {
  private decodedHeaders: Record<string, string> | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly fetched: KafkaMessage,
  ) {}

  get offset(): string {
    return this.fetched.offset;
  }

  get value(): Buffer | null {
    return this.fetched.value;
  }

  get key(): string | null {
    return this.fetched.key ? this.fetched.key.toString() : null;
  }

  get headers(): Readonly<Record<string, string>> {
    this.decodedHeaders ??= decodeHeaders(this.fetched.headers);
    return this.decodedHeaders;
  }
}

function decodeHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) decoded[name] = Buffer.isBuffer(value) ? value.toString() : String(value);
  }
  return decoded;
}

/** How ensureTopics replicates the topics it creates; an unset field takes the brokers' default (default.replication.factor, min.insync.replicas). */
export interface TopicReplication {
  replicationFactor?: number;
  minInsyncReplicas?: number;
}

/**
 * Creates missing topics with their partitions, retention and replication; adds partitions where there are too few.
 * Safe on every start. An existing topic keeps its replication (changing it is a reassignment, an operator's job).
 */
export async function ensureTopics(connection: KafkaConnection, specs: readonly TopicSpec[], replication: TopicReplication = {}): Promise<void> {
  const admin: Admin = createKafka(connection).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions,
          replicationFactor: replication.replicationFactor,
          configEntries: topicConfig(spec, replication),
        })),
      });
      await waitForLeaders(admin, missing.map((spec) => spec.topic));
    }
    await growPartitions(admin, specs.filter((spec) => existing.has(spec.topic)));
  } finally {
    await admin.disconnect();
  }
}

/**
 * kafkajs's own wait (waitForLeaders) asks only the broker that created the topics and fails
 * when, in a cluster, that broker has not heard of them yet; this asks until every partition has a leader.
 */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const elected = () =>
    admin.fetchTopicMetadata({ topics }).then(
      (metadata) => metadata.topics.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0)),
      () => false,
    );
  while (!(await elected())) {
    if (Date.now() > deadline) throw new Error(`The partitions of ${topics.join(', ')} had no leader ${timeoutMs} ms after they were created`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function topicConfig(spec: TopicSpec, replication: TopicReplication): Array<{ name: string; value: string }> {
  const entries: Array<{ name: string; value: string }> = [];
  if (spec.retentionMs !== undefined) entries.push({ name: 'retention.ms', value: String(spec.retentionMs) });
  if (replication.minInsyncReplicas !== undefined) entries.push({ name: 'min.insync.replicas', value: String(replication.minInsyncReplicas) });
  return entries;
}

async function growPartitions(admin: Admin, specs: readonly TopicSpec[]): Promise<void> {
  if (specs.length === 0) return;
  const metadata = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.topic) });
  const tooFew = specs.filter((spec) => {
    const topic = metadata.topics.find((t) => t.name === spec.topic);
    return topic !== undefined && topic.partitions.length < spec.partitions;
  });
  if (tooFew.length > 0) {
    await admin.createPartitions({ topicPartitions: tooFew.map((spec) => ({ topic: spec.topic, count: spec.partitions })) });
  }
}

export type { IncomingMessage, OutgoingMessage };

/** True when a broker answers a metadata request within `timeoutMs`. */
export async function kafkaReachable(connection: KafkaConnection, timeoutMs = 2000): Promise<boolean> {
  const admin = createKafka({ ...connection, connectionTimeoutMs: timeoutMs }).admin();
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  const check = admin
    .connect()
    .then(() => admin.describeCluster())
    .then(() => true)
    .catch(() => false);
  const reachable = await Promise.race([check, timeout]);
  await admin.disconnect().catch(() => undefined);
  return reachable;
}
