import { AddressInfo, createServer, Server } from 'node:net';
import { InfraError } from '../errors';
import { HOST } from './settings';

/** The broker port asked for (a free one when omitted) and a free controller port beside it. */
export async function choosePorts(requestedPort: number | undefined): Promise<{ port: number; controllerPort: number }> {
  if (requestedPort !== undefined) {
    const [controllerPort] = await findFreePorts(1, [requestedPort]);
    return { port: requestedPort, controllerPort };
  }
  const [port, controllerPort] = await findFreePorts(2, []);
  return { port, controllerPort };
}

/** Holds all listeners open until every port is known, so the ports differ from each other. */
export async function findFreePorts(count: number, excluded: number[]): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    while (ports.length < count) {
      const server = await listenOnFreePort();
      servers.push(server);
      const port = (server.address() as AddressInfo).port;
      if (!excluded.includes(port)) ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  }
}

/** Fails fast with a clear message, where Kafka would log a bind error and exit. */
export async function assertPortsFree(ports: number[]): Promise<void> {
  for (const port of ports) {
    const server = await new Promise<Server>((resolveServer, reject) => {
      const probe = createServer();
      probe.once('error', (error) => reject(new InfraError(`Port ${HOST}:${port} for Kafka is not free: ${error.message}`)));
      probe.listen(port, HOST, () => resolveServer(probe));
    });
    await new Promise((done) => server.close(done));
  }
}

function listenOnFreePort(): Promise<Server> {
  return new Promise((resolveServer, reject) => {
    const server = createServer();
    server.once('error', (error) => reject(new InfraError(`No free TCP port on ${HOST} for Kafka: ${error.message}`)));
    server.listen(0, HOST, () => resolveServer(server));
  });
}
