import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';

/**
 * A TCP hop between a client and the real PostgreSQL that can be cut (every connection dropped, new ones
 * refused) and mended, or silenced (every connection left open, nothing forwarded either way: a peer
 * partitioned away or frozen, which no error reveals) and heard again.
 */
export class CuttableLink {
  private readonly sockets = new Set<Socket>();
  private readonly pairs = new Set<readonly [Socket, Socket]>();
  private cut = false;
  private silent = false;
  private constructor(private readonly server: Server) {}

  static async to(host: string, port: number): Promise<CuttableLink> {
    const server = createServer();
    const link = new CuttableLink(server);
    server.on('connection', (client) => link.join(client, host, port));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return link;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  cutOff(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  mend(): void {
    this.cut = false;
  }

  silence(): void {
    this.silent = true;
    for (const pair of this.pairs) hush(pair);
  }

  /** Forwards again, what each side sent meanwhile included (it waited, unread, in the sockets). */
  unsilence(): void {
    this.silent = false;
    for (const pair of this.pairs) forward(pair);
  }

  close(): Promise<void> {
    this.cutOff();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private join(client: Socket, host: string, port: number): void {
    if (this.cut) return void client.destroy();
    const upstream = connect(port, host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    const pair = [client, upstream] as const;
    this.pairs.add(pair);
    if (this.silent) hush(pair);
    else forward(pair);
    client.on('close', () => (this.pairs.delete(pair), upstream.destroy()));
    upstream.on('close', () => client.destroy());
  }
}

function forward([client, upstream]: readonly [Socket, Socket]): void {
  client.pipe(upstream);
  upstream.pipe(client);
}

function hush([client, upstream]: readonly [Socket, Socket]): void {
  client.unpipe(upstream);
  upstream.unpipe(client);
  client.pause();
  upstream.pause();
}
