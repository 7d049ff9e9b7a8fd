// Loaded into a service with NODE_OPTIONS=--require by bench/gateway/profile.ts:
// SIGUSR2 starts a V8 CPU profile, the next SIGUSR2 writes it to $PROFILE_DIR.
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const session = new inspector.Session();
session.connect();
let profiling = false;
process.on('SIGUSR2', () => {
  if (!profiling) {
    profiling = true;
    session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }, () => session.post('Profiler.start')));
    return;
  }
  session.post('Profiler.stop', (error, result) => {
    profiling = false;
    if (!error) writeFileSync(join(process.env.PROFILE_DIR, `${process.env.PROFILE_NAME}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
