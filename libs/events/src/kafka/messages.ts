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

/** A consumer-group membership that feeds partition batches to a handler. */
export interface MessageSubscription {
  /** `crashed` hears of a failure inside the running consumer (a rejoin that failed, say); `restarting` says whether it restarts by itself. */
  start(handle: (batch: PartitionBatch) => Promise<void>, hooks?: { crashed?(error: unknown, restarting: boolean): void }): Promise<void>;
  stop(): Promise<void>;
}
