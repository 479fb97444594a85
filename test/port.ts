/**
 * Loaded by mocha before anything else: the test server's port. `TEST_PORT` chooses one (the run
 * fails at once, naming it, if it is taken); without it a free port is picked, so a run never
 * collides with a server or another run on the same machine.
 */
import { createServer } from 'node:net';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

process.env.TEST_PORT ??= String(await freePort());
