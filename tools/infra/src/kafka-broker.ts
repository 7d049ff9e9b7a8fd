/**
 * Starts and stops a real single-node Apache Kafka broker (KRaft: broker and
 * controller in one JVM) from Maven Central jars, for tests, benchmarks and
 * `npm start`. Needs Java 17+ always, and Maven (`mvn`) once to fetch the jars.
 *
 * Run directly (`tsx tools/infra/src/kafka-broker.ts`) it starts a broker,
 * prints its bootstrap address and stops it on SIGINT/SIGTERM.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InfraError } from './errors';

export { InfraError } from './errors';

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

/** Must match kafka.version in tools/infra/kafka/pom.xml. */
export const KAFKA_VERSION = '4.1.2';
const MIN_JAVA_MAJOR = 17;
const SINGLE_NODE_ID = 1;
const HOST = '127.0.0.1';

const INFRA_DIR = resolve(__dirname, '..');
const REPO_ROOT = resolve(INFRA_DIR, '..', '..');
const POM_PATH = join(INFRA_DIR, 'kafka', 'pom.xml');
const LOG4J_CONFIG_PATH = join(INFRA_DIR, 'kafka', 'log4j2.properties');

const DEFAULT_START_TIMEOUT_MS = 60_000;
const DOWNLOAD_TIMEOUT_MS = 15 * 60_000;
const STOP_GRACE_MS = 15_000;
const PROBE_INTERVAL_MS = 200;
const PROBE_TIMEOUT_MS = 2_000;
const LOG_TAIL_LINES = 30;

const noLog = (): void => undefined;

// ---------------------------------------------------------------------------
// Public API

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
  return {
    nodeId: settings.nodeId,
    bootstrap: broker.bootstrap,
    port: broker.port,
    get pid() {
      return broker.pid;
    },
    dataDir: broker.dataDir,
    kill: () => broker.kill(),
    start: () => broker.start(),
    stop: () => broker.halt(),
  };
}

/** The cluster id a node's storage was formatted with, if it was. */
export function storedClusterId(dataDir: string): string | undefined {
  return /^cluster\.id=(.+)$/m.exec(readTextOrEmpty(join(storageDir(dataDir), 'meta.properties')))?.[1].trim();
}

/** Kafka cluster ids are 16 random bytes in URL-safe base64; one starting with '-' would read as a CLI flag. */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * Returns the folder of Kafka's jars, fetching them with Maven the first time.
 * A marker written after a complete download makes later calls instant; an
 * interrupted download leaves no marker and is redone.
 */
export async function ensureKafkaJars(cacheDir = defaultKafkaCacheDir(), log: (line: string) => void = noLog): Promise<string> {
  const libDir = join(cacheDir, 'lib');
  const markerPath = join(cacheDir, 'download-complete.json');
  const expectedMarker = downloadMarker();
  if (readTextOrEmpty(markerPath) === expectedMarker) return libDir;

  await checkMaven();
  mkdirSync(cacheDir, { recursive: true });
  removeAbandonedDownloads(cacheDir);
  log(`downloading Kafka ${KAFKA_VERSION} jars with mvn into ${libDir} (one-off)`);
  const startedAt = Date.now();
  // Download beside the cache and move it in whole, so a concurrent or broken run never sees half a lib dir.
  const downloadDir = mkdtempSync(join(cacheDir, 'lib-download-'));
  try {
    await downloadJars(downloadDir);
    if (readTextOrEmpty(markerPath) === expectedMarker) return libDir; // another process finished first
    rmSync(libDir, { recursive: true, force: true });
    renameSync(downloadDir, libDir);
    writeFileSync(markerPath, expectedMarker);
  } finally {
    rmSync(downloadDir, { recursive: true, force: true });
  }
  log(`downloaded Kafka jars in ${seconds(Date.now() - startedAt)}`);
  return libDir;
}

/** Left by killed runs; anything younger than the download timeout may still be in use by another process. */
function removeAbandonedDownloads(cacheDir: string): void {
  for (const name of readdirSync(cacheDir)) {
    const path = join(cacheDir, name);
    if (name.startsWith('lib-download-') && Date.now() - statSync(path).mtimeMs > DOWNLOAD_TIMEOUT_MS) {
      rmSync(path, { recursive: true, force: true });
    }
  }
}

/** `$INFRA_CACHE_DIR/kafka-<version>`, else `<repo>/node_modules/.cache/palembang-infra/kafka-<version>`. */
export function defaultKafkaCacheDir(): string {
  const infraCacheDir = process.env.INFRA_CACHE_DIR || join(REPO_ROOT, 'node_modules', '.cache', 'palembang-infra');
  return join(infraCacheDir, `kafka-${KAFKA_VERSION}`);
}

// ---------------------------------------------------------------------------
// The broker process

interface BrokerSettings {
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

interface RunningJvm {
  child: ChildProcess;
  pid: number;
  exited: Promise<void>;
}

const liveBrokers = new Set<LocalKafkaBroker>();

class LocalKafkaBroker implements KafkaBroker {
  readonly nodeId: number;
  readonly bootstrap: string;
  readonly port: number;
  readonly dataDir: string;
  private jvm: RunningJvm | undefined;
  private lastPid = 0;
  private stopped = false;

  constructor(private readonly settings: BrokerSettings) {
    this.nodeId = settings.nodeId;
    this.port = settings.port;
    this.dataDir = settings.dataDir;
    this.bootstrap = `${HOST}:${settings.port}`;
  }

  get pid(): number {
    return this.jvm?.pid ?? this.lastPid;
  }

  async start(): Promise<void> {
    const { log, dataDir } = this.settings;
    if (this.jvm) throw new InfraError(`Kafka node ${this.nodeId} at ${this.bootstrap} is already running (pid ${this.jvm.pid}).`);
    const startedAt = Date.now();
    await assertPortsFree([this.port, this.settings.controllerPort]);
    mkdirSync(logsDir(dataDir), { recursive: true });
    writeFileSync(serverPropertiesPath(dataDir), serverProperties(this.settings));
    if (!isStorageFormatted(dataDir)) await formatStorage(this.settings);
    const jvm = spawnBroker(this.settings);
    this.jvm = jvm;
    this.lastPid = jvm.pid;
    watchForExit(this);
    // A JVM that died by other hands (a chaos run's kill -9) may be started again.
    void jvm.exited.then(() => this.forget(jvm));
    try {
      await waitUntilReady(jvm, this.settings);
    } catch (error) {
      await this.stopJvm();
      throw error;
    }
    log(`Kafka ${KAFKA_VERSION} ready at ${this.bootstrap} (pid ${this.pid}) in ${seconds(Date.now() - startedAt)}`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.stopJvm();
    if (this.settings.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  async kill(): Promise<void> {
    const jvm = this.jvm;
    if (!jvm) return;
    signalGroup(jvm.pid, 'SIGKILL');
    await jvm.exited;
    this.forget(jvm);
  }

  async halt(): Promise<void> {
    await this.stopJvm();
  }

  async restart(): Promise<void> {
    if (this.stopped) throw new InfraError('This Kafka broker was stopped; start a new one instead of restarting it.');
    await this.stopJvm();
    await this.start();
  }

  /** Synchronous last resort for the 'exit' hook, where no promise can be awaited. */
  killNow(): void {
    if (this.jvm) signalGroup(this.jvm.pid, 'SIGKILL');
    if (this.settings.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async stopJvm(): Promise<void> {
    const jvm = this.jvm;
    if (!jvm) return;
    signalGroup(jvm.pid, 'SIGTERM');
    let graceTimer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<false>((resolveGrace) => (graceTimer = setTimeout(() => resolveGrace(false), STOP_GRACE_MS)));
    const exitedInTime = await Promise.race([jvm.exited.then(() => true), graceOver]);
    // A pending timer would keep a finished test run (or CLI) alive for the rest of the grace period.
    clearTimeout(graceTimer);
    if (!exitedInTime) {
      this.settings.log(`Kafka (pid ${jvm.pid}) ignored SIGTERM for ${seconds(STOP_GRACE_MS)}; sending SIGKILL`);
      signalGroup(jvm.pid, 'SIGKILL');
      await jvm.exited;
    }
    this.forget(jvm);
  }

  private forget(jvm: RunningJvm): void {
    if (this.jvm !== jvm) return;
    this.jvm = undefined;
    liveBrokers.delete(this);
  }
}

let exitHookInstalled = false;

/** A broker left running when this process exits would outlive it (it has its own process group). */
function watchForExit(broker: LocalKafkaBroker): void {
  liveBrokers.add(broker);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const live of liveBrokers) live.killNow();
  });
}

function spawnBroker(settings: BrokerSettings): RunningJvm {
  const outputPath = join(logsDir(settings.dataDir), 'stdout.log');
  const outputFd = openSync(outputPath, 'a');
  try {
    const child = spawn(settings.java, [...jvmArguments(settings), 'kafka.Kafka', serverPropertiesPath(settings.dataDir)], {
      detached: true,
      stdio: ['ignore', outputFd, outputFd],
    });
    const exited = new Promise<void>((resolveExit) => {
      child.once('exit', () => resolveExit());
      child.once('error', () => resolveExit());
    });
    if (child.pid === undefined) {
      throw new InfraError(`Could not start ${settings.java} for Kafka.`);
    }
    return { child, pid: child.pid, exited };
  } finally {
    closeSync(outputFd);
  }
}

function jvmArguments(settings: BrokerSettings): string[] {
  return [
    '-Xms256m',
    '-Xmx512m',
    '-Djava.awt.headless=true',
    `-Dkafka.logs.dir=${logsDir(settings.dataDir)}`,
    `-Dlog4j2.configurationFile=${LOG4J_CONFIG_PATH}`,
    '-cp',
    join(settings.libDir, '*'),
  ];
}

async function waitUntilReady(jvm: RunningJvm, settings: BrokerSettings): Promise<void> {
  const deadline = Date.now() + settings.startTimeoutMs;
  let hasExited = false;
  void jvm.exited.then(() => (hasExited = true));
  while (Date.now() < deadline) {
    if (hasExited) {
      throw new InfraError(
        `Kafka exited during startup (exit code ${jvm.child.exitCode ?? jvm.child.signalCode}).\n${logTail(settings.dataDir)}`,
      );
    }
    if (await brokerAnswersMetadata(settings.port)) return;
    await sleep(PROBE_INTERVAL_MS);
  }
  throw new InfraError(
    `Kafka did not become ready on ${HOST}:${settings.port} within ${seconds(settings.startTimeoutMs)}.\n${logTail(settings.dataDir)}`,
  );
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

// ---------------------------------------------------------------------------
// Configuration and storage

function serverProperties(settings: BrokerSettings): string {
  const properties: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': settings.nodeId,
    // Static voters (rather than `format --standalone`) keep the controllers' addresses out of the
    // stored metadata, so a reused dataDir still starts when the controller ports differ.
    'controller.quorum.voters': settings.quorumVoters,
    listeners: `PLAINTEXT://${HOST}:${settings.port},CONTROLLER://${HOST}:${settings.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${HOST}:${settings.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': storageDir(settings.dataDir),
    'num.partitions': 3,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': 'true',
    ...settings.overrides,
  };
  return Object.entries(properties)
    .map(([key, value]) => `${key}=${escapePropertyValue(String(value))}`)
    .join('\n')
    .concat('\n');
}

/** Backslashes (Windows-style paths) would be read as escapes in a .properties file. */
function escapePropertyValue(value: string): string {
  return value.replace(/\\/g, '\\\\');
}

function isStorageFormatted(dataDir: string): boolean {
  return existsSync(join(storageDir(dataDir), 'meta.properties'));
}

async function formatStorage(settings: BrokerSettings): Promise<void> {
  const args = [
    ...jvmArguments(settings),
    'kafka.tools.StorageTool',
    'format',
    '--cluster-id',
    settings.clusterId ?? newClusterId(),
    '--config',
    serverPropertiesPath(settings.dataDir),
  ];
  const result = await runAndCapture(settings.java, args, settings.startTimeoutMs);
  if (result.exitCode !== 0) {
    throw new InfraError(`Formatting Kafka storage in ${storageDir(settings.dataDir)} failed:\n${lastLines(result.output)}`);
  }
}

function serverPropertiesPath(dataDir: string): string {
  return join(dataDir, 'server.properties');
}

function storageDir(dataDir: string): string {
  return join(dataDir, 'kraft-logs');
}

function logsDir(dataDir: string): string {
  return join(dataDir, 'logs');
}

/** The end of the broker's logs without Java stack frames, which would crowd out the messages that explain a failure. */
function logTail(dataDir: string): string {
  const sections = ['server.log', 'stdout.log'].map((name) => {
    const text = readTextOrEmpty(join(logsDir(dataDir), name));
    const tail = lastLines(withoutStackFrames(text));
    return tail ? `--- ${name} (last lines) ---\n${tail}` : '';
  });
  return sections.filter(Boolean).join('\n') || '(the broker wrote no log output)';
}

function withoutStackFrames(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s+(at |\.\.\. \d+ more)/.test(line))
    .join('\n');
}

// ---------------------------------------------------------------------------
// Readiness: a Kafka Metadata request (v4, the oldest Kafka 4 still accepts)

/**
 * True once the broker answers a Metadata request listing itself, which it
 * does only after it has registered with the controller and been unfenced.
 */
function brokerAnswersMetadata(port: number): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const correlationId = 7;
    const socket: Socket = new Socket();
    let received = Buffer.alloc(0);
    const finish = (ready: boolean): void => {
      socket.destroy();
      resolveProbe(ready);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4 || received.length < 4 + received.readInt32BE(0)) return;
      finish(metadataResponseListsBroker(received.subarray(4), correlationId, port));
    });
    socket.connect(port, HOST, () => socket.write(metadataRequestV4(correlationId)));
  });
}

function metadataRequestV4(correlationId: number): Buffer {
  const clientId = Buffer.from('palembang-infra-probe');
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4 + 1);
  let offset = body.writeInt16BE(3, 0); // api key: Metadata
  offset = body.writeInt16BE(4, offset); // api version
  offset = body.writeInt32BE(correlationId, offset);
  offset = body.writeInt16BE(clientId.length, offset);
  offset += clientId.copy(body, offset);
  offset = body.writeInt32BE(0, offset); // topics: none, brokers only
  body.writeInt8(0, offset); // allow_auto_topic_creation: false
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

function metadataResponseListsBroker(response: Buffer, correlationId: number, port: number): boolean {
  try {
    if (response.readInt32BE(0) !== correlationId) return false;
    let offset = 8; // correlation id, throttle_time_ms
    const brokerCount = response.readInt32BE(offset);
    offset += 4;
    for (let index = 0; index < brokerCount; index++) {
      offset += 4; // node_id
      offset += 2 + response.readInt16BE(offset); // host
      const brokerPort = response.readInt32BE(offset);
      offset += 4;
      const rackLength = response.readInt16BE(offset);
      offset += 2 + Math.max(rackLength, 0);
      if (brokerPort === port) return true;
    }
    return false;
  } catch {
    return false; // a truncated or unexpected answer: not ready yet
  }
}

// ---------------------------------------------------------------------------
// Ports

async function choosePorts(requestedPort: number | undefined): Promise<{ port: number; controllerPort: number }> {
  if (requestedPort !== undefined) {
    const [controllerPort] = await findFreePorts(1, [requestedPort]);
    return { port: requestedPort, controllerPort };
  }
  const [port, controllerPort] = await findFreePorts(2, []);
  return { port, controllerPort };
}

/** Holds all listeners open until every port is known, so the ports differ from each other. */
export async function findFreePorts(count: number, excluded: number[]): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    while (ports.length < count) {
      const server = await listenOnFreePort();
      servers.push(server);
      const port = (server.address() as AddressInfo).port;
      if (!excluded.includes(port)) ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  }
}

/** Fails fast with a clear message, where Kafka would log a bind error and exit. */
async function assertPortsFree(ports: number[]): Promise<void> {
  for (const port of ports) {
    const server = await new Promise<Server>((resolveServer, reject) => {
      const probe = createServer();
      probe.once('error', (error) => reject(new InfraError(`Port ${HOST}:${port} for Kafka is not free: ${error.message}`)));
      probe.listen(port, HOST, () => resolveServer(probe));
    });
    await new Promise((done) => server.close(done));
  }
}

function listenOnFreePort(): Promise<Server> {
  return new Promise((resolveServer, reject) => {
    const server = createServer();
    server.once('error', (error) => reject(new InfraError(`No free TCP port on ${HOST} for Kafka: ${error.message}`)));
    server.listen(0, HOST, () => resolveServer(server));
  });
}

// ---------------------------------------------------------------------------
// Java and Maven

let checkedJava: Promise<string> | undefined;

/** Resolves to the java binary to use (JAVA_HOME's when set), after checking it is Java 17+. */
function checkJava(): Promise<string> {
  checkedJava ??= findJava();
  return checkedJava;
}

async function findJava(): Promise<string> {
  const javaHome = process.env.JAVA_HOME;
  const java = javaHome ? join(javaHome, 'bin', 'java') : 'java';
  const where = javaHome ? `${java} (from JAVA_HOME)` : '`java` on the PATH';
  const result = await runAndCapture(java, ['-version'], 30_000);
  if (result.spawnError) {
    throw new InfraError(
      `Kafka ${KAFKA_VERSION} needs Java ${MIN_JAVA_MAJOR} or newer, but ${where} could not be run (${result.spawnError.message}). ` +
        'Install a JDK/JRE 17+ (e.g. `apt-get install openjdk-17-jre-headless`) or point JAVA_HOME at one.',
    );
  }
  const major = parseJavaMajorVersion(result.output);
  if (major === undefined || major < MIN_JAVA_MAJOR) {
    const found = major === undefined ? `an unrecognised version:\n${lastLines(result.output)}` : `Java ${major}`;
    throw new InfraError(
      `Kafka ${KAFKA_VERSION} needs Java ${MIN_JAVA_MAJOR} or newer, but ${where} is ${found}. ` +
        'Install Java 17+ or point JAVA_HOME at one.',
    );
  }
  return java;
}

/** `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` or, before Java 9, `"1.8.0_392"`. */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

async function checkMaven(): Promise<void> {
  const result = await runAndCapture('mvn', ['-v'], 60_000);
  if (result.spawnError || result.exitCode !== 0) {
    const reason = result.spawnError ? result.spawnError.message : lastLines(result.output);
    throw new InfraError(
      `Maven (\`mvn\`) is needed once to download the Kafka ${KAFKA_VERSION} jars, but it could not be run (${reason}). ` +
        'Install it (e.g. `apt-get install maven`).',
    );
  }
}

async function downloadJars(outputDir: string): Promise<void> {
  const args = [
    '-q',
    '-B',
    '-Dstyle.color=never',
    '-f',
    POM_PATH,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${outputDir}`,
    '-DincludeScope=runtime',
  ];
  const result = await runAndCapture('mvn', args, DOWNLOAD_TIMEOUT_MS);
  if (result.exitCode !== 0) {
    const reason = result.timedOut ? `timed out after ${seconds(DOWNLOAD_TIMEOUT_MS)}` : `exit code ${result.exitCode}`;
    throw new InfraError(
      `Downloading the Kafka ${KAFKA_VERSION} jars with \`mvn ${args.join(' ')}\` failed (${reason}):\n${lastLines(result.output)}`,
    );
  }
}

/** Ties the cache to the pom's content, so editing the pom refetches. */
function downloadMarker(): string {
  const pomHash = createHash('sha256').update(readFileSync(POM_PATH)).digest('hex');
  return `${JSON.stringify({ kafkaVersion: KAFKA_VERSION, pomSha256: pomHash })}\n`;
}

// ---------------------------------------------------------------------------
// Small helpers

interface CommandResult {
  exitCode: number | null;
  output: string;
  spawnError?: Error;
  timedOut: boolean;
}

/** Runs a command to completion, capturing stdout and stderr together. */
function runAndCapture(command: string, args: string[], timeoutMs: number): Promise<CommandResult> {
  return new Promise((resolveResult) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', (spawnError) => {
      clearTimeout(timer);
      resolveResult({ exitCode: null, output: '', spawnError, timedOut });
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolveResult({ exitCode, output: Buffer.concat(chunks).toString('utf8'), timedOut });
    });
  });
}

function lastLines(text: string, count = LOG_TAIL_LINES): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

function readTextOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

// ---------------------------------------------------------------------------
// CLI

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
