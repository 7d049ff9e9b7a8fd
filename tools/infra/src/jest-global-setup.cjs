// Gives a Jest run that holds integration or end-to-end specs a real
// PostgreSQL and Kafka: the ones named by DATABASE_URL / KAFKA_BROKERS (as
// `npm test` sets them), or servers started here through the infrastructure
// tool and stopped in the global teardown. A run of `*.unit.spec.ts` files
// only starts nothing.
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const readline = require('node:readline');
const { testPathsOfThisRun } = require('./jest-test-sequencer.cjs');

module.exports = async function globalSetup() {
  // One event-chain key per test run (the workers inherit it), so a service restarted by a test keeps verifying its streams.
  process.env.EVENT_CHAIN_KEY ??= require('node:crypto').randomBytes(32).toString('base64');
  if (process.env.DATABASE_URL && process.env.KAFKA_BROKERS) return;
  if (unitSpecsOnly(testPathsOfThisRun())) return;
  const root = join(__dirname, '..', '..', '..');
  const server = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'cli.ts'), 'serve'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const addresses = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: server.stdout });
    lines.once('line', (line) => resolve(JSON.parse(line)));
    server.once('exit', (code) => reject(new Error(`infrastructure did not start (exit ${code})`)));
  });
  process.env.DATABASE_URL = addresses.DATABASE_URL;
  process.env.KAFKA_BROKERS = addresses.KAFKA_BROKERS;
  globalThis.__infraServer = server;
};

/** Unknown paths (a run not sorted by our sequencer) or any spec without the unit suffix count as needing the servers. */
function unitSpecsOnly(testPaths) {
  return Array.isArray(testPaths) && testPaths.every((path) => path.endsWith('.unit.spec.ts'));
}
