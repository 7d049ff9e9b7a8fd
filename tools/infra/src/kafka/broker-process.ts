import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfraError } from '../errors';
import { seconds } from './command';
import { KafkaBroker } from './handles';
import { assertPortsFree } from './ports';
import { waitUntilReady } from './readiness';
import { BrokerSettings, HOST, KAFKA_VERSION } from './settings';
import { formatStorage, isStorageFormatted, jvmArguments, logsDir, serverProperties, serverPropertiesPath } from './storage';

const STOP_GRACE_MS = 15_000;

interface RunningJvm {
  child: ChildProcess;
  pid: number;
  exited: Promise<void>;
}

const liveBrokers = new Set<LocalKafkaBroker>();

/** One KRaft node's JVM on fixed ports and data: started, crashed, halted and started again. */
export class LocalKafkaBroker implements KafkaBroker {
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

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
