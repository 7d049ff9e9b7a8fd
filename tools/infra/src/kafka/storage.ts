import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InfraError } from '../errors';
import { lastLines, readTextOrEmpty, runAndCapture } from './command';
import { BrokerSettings, HOST, LOG4J_CONFIG_PATH } from './settings';

/** A node's data folder: server.properties, kraft-logs/ (its storage) and logs/ (what the JVM writes). */
export function serverPropertiesPath(dataDir: string): string {
  return join(dataDir, 'server.properties');
}

function storageDir(dataDir: string): string {
  return join(dataDir, 'kraft-logs');
}

export function logsDir(dataDir: string): string {
  return join(dataDir, 'logs');
}

export function serverProperties(settings: BrokerSettings): string {
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

export function jvmArguments(settings: BrokerSettings): string[] {
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

export function isStorageFormatted(dataDir: string): boolean {
  return existsSync(join(storageDir(dataDir), 'meta.properties'));
}

export async function formatStorage(settings: BrokerSettings): Promise<void> {
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

/** The end of the broker's logs without Java stack frames, which would crowd out the messages that explain a failure. */
export function logTail(dataDir: string): string {
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
