import { ensureKafkaJars } from '@palembang/infra';
import { KafkaPublisher, kafkaReachable, KafkaSubscription, PartitionBatch } from '@palembang/events';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaConnectionOf, readServiceConfig, ServiceConfig } from './service-config';
import { findFreePort } from './testing/free-port';

const ROOT = join(__dirname, '..', '..', '..');
/** The Kafka scripts of the deployments, run here with the same jars the tests' broker uses. */
const MAKE_CERTS = join(ROOT, 'docker', 'kafka', 'make-certs.sh');
const START_KAFKA = join(ROOT, 'docker', 'kafka', 'start-kafka.sh');
const KAFKA_SETUP = join(ROOT, 'k8s', 'base', 'kafka', 'kafka-setup.sh');
const TOOLS: Record<string, string> = {
  'kafka-storage.sh': 'kafka.tools.StorageTool',
  'kafka-server-start.sh': 'kafka.Kafka',
  'kafka-topics.sh': 'org.apache.kafka.tools.TopicCommand',
  'kafka-configs.sh': 'kafka.admin.ConfigCommand',
  'kafka-acls.sh': 'org.apache.kafka.tools.AclCommand',
};
const SERVICES = ['gateway', 'permits', 'complaints', 'training', 'accountability', 'webhooks'];

/**
 * The broker of docker/compose.yaml (docker/kafka/start-kafka.sh, certificates
 * from make-certs.sh) with the users and ACLs of k8s/base/kafka/kafka-setup.sh,
 * on a real JVM, reached by the services' own client configuration
 * (KAFKA_TLS, KAFKA_TLS_CA_FILE, KAFKA_SASL_*): each service writes its own
 * topic and nothing else, and nobody gets in without TLS and its password.
 */
describe('Kafka over SASL_SSL with a user and ACLs per service (the compose broker and setup script, real Kafka)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-security-'));
  const passwords = Object.fromEntries(SERVICES.map((service) => [service, randomBytes(12).toString('hex')]));
  const adminPassword = randomBytes(12).toString('hex');
  const keystorePassword = randomBytes(12).toString('hex');
  let home: string;
  let broker: ChildProcess | undefined;
  let brokerOutput = '';
  let bootstrap: string;
  const closing: Array<{ close?(): Promise<void>; stop?(): Promise<void> }> = [];

  const configOf = (service: string, extra: Record<string, string> = {}): ServiceConfig =>
    readServiceConfig(service, {
      PORT: '1',
      DATABASE_URL: 'postgres://unused:unused@127.0.0.1:1/unused',
      KAFKA_BROKERS: bootstrap,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: join(dir, 'certs', 'ca.pem'),
      KAFKA_SASL_USERNAME: service,
      KAFKA_SASL_PASSWORD: passwords[service],
      ...extra,
    });
  const publisher = (config: ServiceConfig) => {
    const created = new KafkaPublisher({ ...kafkaConnectionOf(config, `test-${randomUUID().slice(0, 8)}`), connectionTimeoutMs: 10_000 });
    closing.push(created);
    return created;
  };
  const message = (topic: string) => ({ topic, key: randomUUID(), value: JSON.stringify({ at: new Date().toISOString() }) });

  beforeAll(async () => {
    home = fakeKafkaHome(join(dir, 'kafka'), await ensureKafkaJars());
    mkdirSync(join(dir, 'certs'));
    await run('bash', [MAKE_CERTS, join(dir, 'certs')], { KAFKA_TLS_KEYSTORE_PASSWORD: keystorePassword });
    // A free port can be taken by another test's broker before this one binds it: try again on new ports.
    for (let attempt = 1; !(await startBroker(attempt)); attempt++) {
      if (attempt === 3) throw new Error(`the broker did not start in three attempts:\n${brokerOutput}`);
    }
    await run('bash', [KAFKA_SETUP], {
      KAFKA_HOME: home,
      KAFKA_BROKERS: bootstrap,
      KAFKA_TLS_CA_FILE: join(dir, 'certs', 'ca.pem'),
      KAFKA_ADMIN_USERNAME: 'admin',
      KAFKA_ADMIN_PASSWORD: adminPassword,
      ...Object.fromEntries(SERVICES.map((service) => [`${service.toUpperCase()}_KAFKA_PASSWORD`, passwords[service]])),
    });
  }, 420_000);

  /** Starts the compose broker on fresh ports; false when it exited before it could be reached. */
  async function startBroker(attempt: number): Promise<boolean> {
    const port = await findFreePort();
    bootstrap = `localhost:${port}`;
    brokerOutput = '';
    broker = spawn('bash', [START_KAFKA], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        KAFKA_HOME: home,
        KAFKA_CERTS_DIR: join(dir, 'certs'),
        KAFKA_DATA_DIR: join(dir, `data-${attempt}`),
        KAFKA_ADVERTISED_HOST: 'localhost',
        KAFKA_PORT: String(port),
        KAFKA_CONTROLLER_PORT: String(await findFreePort()),
        KAFKA_ADMIN_PROPERTIES_LINK: join(dir, 'admin.properties'),
        CLUSTER_ID: randomBytes(16).toString('base64url'),
        KAFKA_ADMIN_PASSWORD: adminPassword,
        KAFKA_TLS_KEYSTORE_PASSWORD: keystorePassword,
      },
    });
    const started = broker;
    started.stdout?.on('data', (chunk) => (brokerOutput = (brokerOutput + chunk).slice(-20_000)));
    started.stderr?.on('data', (chunk) => (brokerOutput = (brokerOutput + chunk).slice(-20_000)));
    const admin = { ...kafkaConnectionOf(configOf('permits'), 'test-admin'), sasl: { mechanism: 'scram-sha-512' as const, username: 'admin', password: adminPassword } };
    const deadline = Date.now() + 150_000;
    while (!(await kafkaReachable(admin, 3_000))) {
      if (started.exitCode !== null) return false;
      if (Date.now() > deadline) throw new Error(`the broker did not start within 150 s:\n${brokerOutput}`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    return true;
  }

  afterAll(async () => {
    for (const client of closing) await (client.close?.() ?? client.stop?.())?.catch(() => undefined);
    if (broker?.pid && broker.exitCode === null) {
      const exited = new Promise((resolve) => broker?.once('exit', resolve));
      process.kill(-broker.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      if (broker.exitCode === null) process.kill(-broker.pid, 'SIGKILL');
    }
    broker?.stdout?.destroy();
    broker?.stderr?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("lets a service write its own topic as its own user over TLS, and a consumer read it in its own group", async () => {
    await publisher(configOf('permits')).publish([message('permits.events')]);
    const received: string[] = [];
    const subscription = new KafkaSubscription(kafkaConnectionOf(configOf('accountability'), 'test-projection'), {
      groupId: `accountability.test-${randomUUID().slice(0, 8)}`,
      topics: ['permits.events'],
      fromBeginning: true,
    });
    closing.push(subscription);
    await subscription.start(async (batch: PartitionBatch) => {
      for (const incoming of batch.messages) {
        received.push(incoming.topic);
        await batch.commit(incoming.offset);
      }
    });
    const deadline = Date.now() + 60_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received).toContain('permits.events');
  }, 120_000);

  it("refuses a service writing another service's topic", async () => {
    await expect(publisher(configOf('permits')).publish([message('complaints.events')])).rejects.toThrow(/authoriz/i);
    await expect(publisher(configOf('gateway')).publish([message('permits.events')])).rejects.toThrow(/authoriz/i);
  }, 60_000);

  it('lets a consumer park a message in the dead-letter topic of what it consumes, and no other', async () => {
    await publisher(configOf('complaints')).publish([message('permits.events.dlt')]);
    await expect(publisher(configOf('complaints')).publish([message('training.events.dlt')])).rejects.toThrow(/authoriz/i);
  }, 60_000);

  it('lets nobody in with a wrong password or without TLS', async () => {
    expect(await kafkaReachable(kafkaConnectionOf(configOf('permits', { KAFKA_SASL_PASSWORD: 'wrong' }), 'test-wrong'), 5_000)).toBe(false);
    expect(await kafkaReachable({ brokers: [bootstrap], clientId: 'test-plaintext' }, 5_000)).toBe(false);
    expect(await kafkaReachable(kafkaConnectionOf(configOf('permits'), 'test-right'), 10_000)).toBe(true);
  }, 60_000);
});

/** A KAFKA_HOME whose bin/ scripts run the tools from the cached jars, as the Kafka image's scripts do. */
function fakeKafkaHome(home: string, libDir: string): string {
  mkdirSync(join(home, 'bin'), { recursive: true });
  for (const [script, main] of Object.entries(TOOLS)) {
    const memory = script === 'kafka-server-start.sh' ? '-Xms256m -Xmx512m' : '-Xmx256m';
    const path = join(home, 'bin', script);
    writeFileSync(path, `#!/usr/bin/env bash\nexec java ${memory} -Djava.awt.headless=true -cp '${join(libDir, '*')}' ${main} "$@"\n`);
    chmodSync(path, 0o755);
  }
  return home;
}

function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args[0]} exited with ${code}:\n${output}`))));
  });
}
