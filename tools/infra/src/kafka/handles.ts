export interface KafkaBroker {
  /** `127.0.0.1:<port>`, for a client's bootstrap servers. */
  readonly bootstrap: string;
  readonly port: number;
  /** Pid of the broker's JVM, which leads its own process group; changes on restart(). */
  readonly pid: number;
  readonly dataDir: string;
  /** SIGTERM, then SIGKILL after 15 s; removes the data dir if it was a temporary one. */
  stop(): Promise<void>;
  /** Stops the JVM but keeps its port and data, for an outage that restart() ends. */
  halt(): Promise<void>;
  /** Stops the JVM if it runs and starts it again on the same port with the same data. */
  restart(): Promise<void>;
  /** SIGKILL to the JVM, as a crash would; port and data stay for restart(). */
  kill(): Promise<void>;
}

/**
 * One KRaft node (broker and controller in one JVM), alone or in a cluster,
 * as a chaos run handles it: crash it, start it again, stop it.
 */
export interface KafkaNode {
  readonly nodeId: number;
  /** `127.0.0.1:<port>` of its broker listener. */
  readonly bootstrap: string;
  readonly port: number;
  /** Pid of the JVM, which leads its own process group; the last one while the node is down; changes on start(). */
  readonly pid: number;
  readonly dataDir: string;
  /** SIGKILL to the JVM, as a crash would; resolves once it is gone. Ports and data stay for start(). */
  kill(): Promise<void>;
  /** Starts the node on the same ports with the same data; resolves once it serves as a broker again. */
  start(): Promise<void>;
  /** SIGTERM (a controlled shutdown), SIGKILL after 15 s; ports and data stay for start(). */
  stop(): Promise<void>;
}

/**
 * A broker as a node to crash and start again (`start`: how it comes back);
 * stopping it for good stays with the broker's own stop().
 */
export function kafkaNodeOf(nodeId: number, broker: KafkaBroker, start: () => Promise<void>): KafkaNode {
  return {
    nodeId,
    bootstrap: broker.bootstrap,
    port: broker.port,
    get pid() {
      return broker.pid;
    },
    dataDir: broker.dataDir,
    kill: () => broker.kill(),
    start,
    stop: () => broker.halt(),
  };
}
