import { createServer } from 'node:net';
import { InfraError } from './errors';

/** Asks the kernel for a free TCP port on the loopback interface. */
export function findFreeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error) =>
      reject(new InfraError(`No free TCP port on 127.0.0.1: ${error.message}`)),
    );
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
