'use strict';
module.exports = async function globalTeardown() {
  const server = globalThis.__infraServer;
  if (!server || server.exitCode !== null) return;
  await new Promise((resolve) => {
    server.once('exit', resolve);
    server.stdin.end();
  });
};
