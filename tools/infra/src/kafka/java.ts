import { join } from 'node:path';
import { InfraError } from '../errors';
import { lastLines, runAndCapture } from './command';
import { KAFKA_VERSION } from './settings';

const MIN_JAVA_MAJOR = 17;

let checkedJava: Promise<string> | undefined;

/** Resolves to the java binary to use (JAVA_HOME's when set), after checking it is Java 17+. */
export function checkJava(): Promise<string> {
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
