/**
 * A database that goes away, for real, for tests of a server process: its PostgreSQL is reached
 * through this TCP proxy, which a test cuts (every connection dropped, new ones refused) and
 * restores on the same port.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** Forwards 127.0.0.1:`port` to `target` until cut; `restore` listens again on the same port. */
export class CuttableProxy {
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;
  readonly port: number;
  readonly #target: { host: string; port: number };

  constructor(port: number, target: { host: string; port: number }) {
    this.port = port;
    this.#target = target;
  }

  async restore(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.#target);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('error', () => socket.destroy());
        socket.on('close', () => this.#sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.port, '127.0.0.1', resolve));
    this.#server = server;
  }

  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }
}

/** A proxy in front of the PostgreSQL of `databaseUrl`, and that URL pointed at the proxy. */
export async function proxiedDatabase(databaseUrl: string, port: number): Promise<{ proxy: CuttableProxy; url: string }> {
  const url = new URL(databaseUrl);
  const proxy = new CuttableProxy(port, { host: url.hostname, port: Number(url.port || 5432) });
  await proxy.restore();
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { proxy, url: url.href };
}
