import { ChildProcess } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { InfraError } from '../errors';
import { seconds, sleep } from './command';
import { BrokerSettings, HOST } from './settings';
import { logTail } from './storage';

const PROBE_INTERVAL_MS = 200;
const PROBE_TIMEOUT_MS = 2_000;

/** Resolves once the broker serves; fails at once when the JVM exits, or after settings.startTimeoutMs. */
export async function waitUntilReady(jvm: { child: ChildProcess; exited: Promise<void> }, settings: BrokerSettings): Promise<void> {
  const deadline = Date.now() + settings.startTimeoutMs;
  let hasExited = false;
  void jvm.exited.then(() => (hasExited = true));
  while (Date.now() < deadline) {
    if (hasExited) {
      throw new InfraError(
        `Kafka exited during startup (exit code ${jvm.child.exitCode ?? jvm.child.signalCode}).\n${logTail(settings.dataDir)}`,
      );
    }
    if (await brokerListsItself(settings.port)) return;
    await sleep(PROBE_INTERVAL_MS);
  }
  throw new InfraError(
    `Kafka did not become ready on ${HOST}:${settings.port} within ${seconds(settings.startTimeoutMs)}.\n${logTail(settings.dataDir)}`,
  );
}

/**
 * True once the broker's cluster metadata lists the broker itself, which it
 * does only after it has registered with the controller and been unfenced.
 * One attempt, at most PROBE_TIMEOUT_MS: the caller polls.
 */
async function brokerListsItself(port: number): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'palembang-infra-probe',
    brokers: [`${HOST}:${port}`],
    connectionTimeout: PROBE_TIMEOUT_MS,
    requestTimeout: PROBE_TIMEOUT_MS,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin({ retry: { retries: 0 } });
  const answer = (async () => {
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    return brokers.some((broker) => broker.port === port);
  })().catch(() => false); // refused, timed out or not registered yet: not ready
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout(false), PROBE_TIMEOUT_MS)));
  try {
    return await Promise.race([answer, timedOut]);
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}
