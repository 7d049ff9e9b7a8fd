/**
 * Manual end-to-end check of kafka-broker.ts (not a jest test):
 *   npx tsx tools/infra/src/kafka-broker.check.ts
 * Starts a broker, creates a topic, produces and consumes with Kafka's own CLI
 * classes, restarts the broker and checks the message survived, then stops it
 * and checks that its JVM and temporary data are gone.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureKafkaJars, KafkaBroker, startKafkaBroker } from './kafka-broker';
import { InfraError } from './errors';

const TOPIC = 'infra-check';
const CLI_TIMEOUT_MS = 60_000;

async function main(): Promise<void> {
  const log = (line: string): void => console.log(`  ${line}`);

  const downloadStartedAt = Date.now();
  const libDir = await ensureKafkaJars(undefined, log);
  report('jars ready', downloadStartedAt);

  const startedAt = Date.now();
  const broker = await startKafkaBroker({ log });
  report(`broker started at ${broker.bootstrap}, pid ${broker.pid}, data ${broker.dataDir}`, startedAt);
  try {
    await checkTopicRoundTrip(libDir, broker);

    const restartedAt = Date.now();
    const oldPid = broker.pid;
    await broker.restart();
    report(`broker restarted (pid ${oldPid} -> ${broker.pid}, same port ${broker.port})`, restartedAt);
    expect(!isAlive(oldPid), `old JVM ${oldPid} is gone after restart`);
    await checkDataSurvived(libDir, broker);
  } finally {
    const stoppedAt = Date.now();
    const pid = broker.pid;
    await broker.stop();
    report('broker stopped', stoppedAt);
    expect(!isAlive(pid), `JVM ${pid} is gone after stop()`);
    expect(!existsSync(broker.dataDir), `temporary data dir ${broker.dataDir} is removed`);
  }
  console.log('kafka-broker check: all passed');
}

async function checkTopicRoundTrip(libDir: string, broker: KafkaBroker): Promise<void> {
  await kafkaCli(libDir, 'org.apache.kafka.tools.TopicCommand', [
    '--bootstrap-server', broker.bootstrap, '--create', '--topic', TOPIC, '--partitions', '1', '--replication-factor', '1',
  ]);
  const topics = await kafkaCli(libDir, 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', broker.bootstrap, '--list']);
  expect(topics.split('\n').includes(TOPIC), `topic ${TOPIC} is listed`);

  await produce(libDir, broker, 'before-restart');
  const messages = await consume(libDir, broker, 1);
  expect(messages[0] === 'before-restart', 'the produced message is consumed');
}

async function checkDataSurvived(libDir: string, broker: KafkaBroker): Promise<void> {
  await produce(libDir, broker, 'after-restart');
  const messages = await consume(libDir, broker, 2);
  expect(
    messages.join(',') === 'before-restart,after-restart',
    `both messages are there after restart (got ${JSON.stringify(messages)})`,
  );
}

function produce(libDir: string, broker: KafkaBroker, message: string): Promise<string> {
  return kafkaCli(
    libDir,
    'org.apache.kafka.tools.ConsoleProducer',
    ['--bootstrap-server', broker.bootstrap, '--topic', TOPIC],
    `${message}\n`,
  );
}

async function consume(libDir: string, broker: KafkaBroker, count: number): Promise<string[]> {
  const output = await kafkaCli(libDir, 'org.apache.kafka.tools.consumer.ConsoleConsumer', [
    '--bootstrap-server', broker.bootstrap, '--topic', TOPIC, '--from-beginning',
    '--max-messages', String(count), '--timeout-ms', '20000',
  ]);
  // The consumer also prints "Processed a total of N messages" (to stderr, captured here too).
  return output.split('\n').filter((line) => line && !line.startsWith('Processed a total'));
}

/** Runs one of Kafka's command-line tools from the cached jars and returns its output. */
function kafkaCli(libDir: string, mainClass: string, args: string[], input = ''): Promise<string> {
  return new Promise((resolveOutput, reject) => {
    const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
    const child = spawn(java, ['-Xmx256m', '-cp', join(libDir, '*'), mainClass, ...args]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolveOutput(output.trim());
      else reject(new Error(`${mainClass} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
    child.stdin.end(input);
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function expect(condition: boolean, what: string): void {
  if (!condition) throw new Error(`check failed: ${what}`);
  console.log(`ok - ${what}`);
}

function report(what: string, since: number): void {
  console.log(`ok - ${what} (${((Date.now() - since) / 1000).toFixed(1)}s)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof InfraError ? error.message : error);
  process.exit(1);
});
