import { join, resolve } from 'node:path';

/** Must match kafka.version in tools/infra/kafka/pom.xml. */
export const KAFKA_VERSION = '4.1.2';
export const HOST = '127.0.0.1';

const INFRA_DIR = resolve(__dirname, '..', '..');
export const REPO_ROOT = resolve(INFRA_DIR, '..', '..');
export const POM_PATH = join(INFRA_DIR, 'kafka', 'pom.xml');
export const LOG4J_CONFIG_PATH = join(INFRA_DIR, 'kafka', 'log4j2.properties');

/** What one KRaft node's JVM is started with. */
export interface BrokerSettings {
  java: string;
  libDir: string;
  dataDir: string;
  ownsDataDir: boolean;
  port: number;
  controllerPort: number;
  nodeId: number;
  quorumVoters: string;
  /** Formats empty storage; a fresh one when unset. */
  clusterId?: string;
  overrides: Record<string, string | number>;
  startTimeoutMs: number;
  log: (line: string) => void;
}
