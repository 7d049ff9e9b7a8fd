import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export type Received = Readonly<{ path: string; headers: Record<string, string>; body: string; at: number }>;

/**
 * An agency system's webhook endpoint: a node:http server on a loopback port that records what
 * it accepted. It can answer an error for chosen deliveries, hang (never answer), or be stopped
 * and started again on the same port (downtime).
 */
export class Receiver {
  readonly received: Received[] = [];
  /** Answers this status instead of 204 while it returns one. */
  answer: (request: Received) => number = () => 204;
  hang = false;
  private server?: Server;
  port = 0;

  async start(port = this.port): Promise<this> {
    this.server = createServer((request, response) => {
      void bodyOf(request).then((body) => {
        const entry = { path: request.url ?? '/', headers: headersOf(request), body, at: Date.now() };
        if (this.hang) return;
        const status = this.answer(entry);
        if (status >= 200 && status < 300) this.received.push(entry);
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  on(path: string): Received[] {
    return this.received.filter((entry) => entry.path === path);
  }
}

function headersOf(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
}

function bodyOf(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
