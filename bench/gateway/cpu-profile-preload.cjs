// Loaded into a service with NODE_OPTIONS=--require by the benchmarks: SIGUSR2
// starts a V8 CPU profile, the next SIGUSR2 writes it to
// $PROFILE_DIR/<service>-<pid>.cpuprofile. Idle until then (the inspector
// session costs nothing while no profile runs).
const inspector = require('node:inspector');
const { renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const service = process.env.PROFILE_NAME || /apps\/([^/]+)\//.exec(process.argv[1] || '')?.[1] || 'node';
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
    if (error) return;
    // Written whole under another name first: the benchmark reads the file as soon as it appears.
    const file = join(process.env.PROFILE_DIR, `${service}-${process.pid}.cpuprofile`);
    writeFileSync(`${file}.part`, JSON.stringify(result.profile));
    renameSync(`${file}.part`, file);
  });
});
