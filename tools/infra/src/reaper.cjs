// Watchdog for a server process started by the infrastructure tool.
// It runs detached and outlives its parent on purpose: when the parent dies
// without cleaning up (SIGKILL, crash, a killed test runner), it stops the
// server and removes its data, so no `java` or `postgres` process is left behind.
// Plain JavaScript so that it starts in milliseconds with no loader.
'use strict';
const fs = require('node:fs');

const [parentPid, specJson] = process.argv.slice(2);
const spec = JSON.parse(specJson); // { pid, killGroup, signal, removeDirs }

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(sig) {
  try {
    process.kill(spec.killGroup ? -spec.pid : spec.pid, sig);
  } catch {
    /* already gone */
  }
}

// Once the server has exited its pid may be reused: never signal it after that.
let serverGone = false;

function reap() {
  if (serverGone) removeDirsAndExit();
  signal(spec.signal || 'SIGTERM');
  const deadline = Date.now() + 10000;
  const timer = setInterval(() => {
    if (alive(spec.pid) && Date.now() < deadline) return;
    if (alive(spec.pid)) signal('SIGKILL');
    clearInterval(timer);
    removeDirsAndExit();
  }, 200);
}

function removeDirsAndExit() {
  for (const dir of spec.removeDirs || []) fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

// Dismissed by the parent after a clean stop.
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => undefined);

// Watches the parent even after the server has exited: its data folder still
// needs removing if the parent dies before doing so.
const watch = setInterval(() => {
  if (!alive(spec.pid)) serverGone = true;
  if (!alive(Number(parentPid))) {
    clearInterval(watch);
    reap();
  }
}, 500);
