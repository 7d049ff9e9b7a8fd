// Gives every Jest run a real PostgreSQL and Kafka: the ones named by
// DATABASE_URL / KAFKA_BROKERS (as `npm test` sets them), or servers started
// here through the infrastructure tool and stopped in the global teardown.
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const readline = require('node:readline');

module.exports = async function globalSetup() {
  if (process.env.DATABASE_URL && process.env.KAFKA_BROKERS) return;
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
