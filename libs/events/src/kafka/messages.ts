/** A message to publish, independent of the Kafka client library. */
export type OutgoingMessage = Readonly<{
  topic: string;
  key: string;
  value: string;
  headers?: Readonly<Record<string, string>>;
}>;

/** A received message, independent of the Kafka client library. */
export type IncomingMessage = Readonly<{
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Readonly<Record<string, string>>;
}>;

/**
 * The broker refused a publish because a record batch (the messages of one partition in one
 * request) is larger than it takes (message.max.bytes, 1 MB by default). Messages of other
 * partitions of the same request may have been written.
 */
export class MessagesTooLargeError extends Error {
  readonly code = 'MESSAGES_TOO_LARGE';

  constructor(override readonly cause: unknown) {
    super('The broker refused a record batch larger than its maximum message size');
    this.name = 'MessagesTooLargeError';
  }
}

/** Publishes messages; resolves once the broker has acknowledged all of them. */
export interface MessagePublisher {
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** A batch of one partition, handed to the consumer runtime in order. */
export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly IncomingMessage[];
  /** The offset after the last message of the partition's log when the batch was fetched (its high watermark). */
  readonly endOffset: string;
  /** Marks everything up to and including `offset` as done and commits it. */
  commit(offset: string): Promise<void>;
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the partition was revoked. */
  isActive(): boolean;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  retentionMs?: number;
}

/** What a running membership tells its owner. */
export interface SubscriptionHooks {
  /** The group was joined (at start and after every rejoin): messages flow. */
  joined?(): void;
  /**
   * The membership failed (a rejoin or a fetch that ran out of retries, the broker gone) and has
   * left; it does not restart by itself: its owner calls start() again. `retriable` says whether
   * the client thinks the cause may pass (a connection) or not (an authorization, say).
   */
  crashed?(error: unknown, retriable: boolean): void;
}

/** How far a consumer group is behind one partition: the messages it has not committed yet. */
export type PartitionLag = Readonly<{ topic: string; partition: number; lag: number }>;

/** A consumer-group membership that feeds partition batches to a handler. */
export interface MessageSubscription {
  /** Joins and consumes; may be called again after a crash (hooks.crashed) to rejoin. */
  start(handle: (batch: PartitionBatch) => Promise<void>, hooks?: SubscriptionHooks): Promise<void>;
  stop(): Promise<void>;
  /** The consumer group and the lag of each partition of its topics (committed offset against the end of the log). */
  lag?(): Promise<{ group: string; partitions: PartitionLag[] }>;
}
