// Runs a service's database migrations and exits: `node /app/migrate.mjs`.
//
// The services have no separate migrate command yet: they migrate (idempotently,
// under TypeORM's migration lock) while starting, before they listen. This
// wrapper starts the service on the loopback address, waits until it answers
// /health/live (so every migration has run), then stops it with SIGTERM and
// exits 0. A service that exits first (a failed migration, a bad variable:
// status 78) makes this exit with the service's status. Used by the migration
// Jobs in k8s/ and the *-migrate services in docker/compose.yaml.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const main = process.env.MIGRATE_ENTRY ?? join(here, 'service', 'main.js');
const port = process.env.PORT ?? '3000';
const timeoutMs = Number(process.env.MIGRATE_TIMEOUT_MS ?? 600_000);
const log = (level, message) => console.log(JSON.stringify({ level, service: process.env.SERVICE ?? 'migrate', message }));

const child = spawn(process.execPath, [main], { env: { ...process.env, HOST: '127.0.0.1', PORT: port }, stdio: 'inherit' });
let stopping = false;
const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => child.kill(signal));

const deadline = Date.now() + timeoutMs;
const ready = (async () => {
  while (Date.now() < deadline && !stopping) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/live`).then((r) => r.ok, () => false);
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
})();

const first = await Promise.race([ready.then((ok) => ({ ready: ok })), exited.then((result) => ({ exited: result }))]);
if (first.exited) {
  stopping = true;
  log('error', `the service exited before its migrations completed (status ${first.exited.code ?? first.exited.signal})`);
  process.exit(first.exited.code || 1);
}
if (!first.ready) {
  log('error', `migrations did not complete within ${timeoutMs / 1000} s`);
  child.kill('SIGTERM');
  await exited;
  process.exit(1);
}
log('info', 'migrations complete; stopping the service');
child.kill('SIGTERM');
const { code } = await exited;
process.exit(code === 0 ? 0 : 1);
