import { KafkaBroker, startKafkaBroker } from './kafka-broker';
import { Guard, guardAgainstOrphaning } from './reaper';

/**
 * A Kafka broker owned by one test (which may stop and restart it), watched
 * so that it dies with the test process even when Jest is killed.
 */
export async function startDedicatedKafkaBroker(): Promise<KafkaBroker> {
  const broker = await startKafkaBroker();
  let guard: Guard = guardBroker(broker);
  return {
    get bootstrap() {
      return broker.bootstrap;
    },
    get port() {
      return broker.port;
    },
    get pid() {
      return broker.pid;
    },
    get dataDir() {
      return broker.dataDir;
    },
    async stop() {
      await broker.stop();
      guard.dismiss();
    },
    async halt() {
      await broker.halt();
      guard.dismiss();
    },
    async kill() {
      await broker.kill();
      guard.dismiss();
    },
    async restart() {
      guard.dismiss();
      await broker.restart();
      guard = guardBroker(broker);
    },
  };
}

function guardBroker(broker: KafkaBroker): Guard {
  return guardAgainstOrphaning({ pid: broker.pid, killGroup: true, signal: 'SIGTERM', removeDirs: [broker.dataDir] });
}
