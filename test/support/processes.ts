/** Running the real server entry point as a child process, for start-up and shutdown tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '@colyseus/sdk';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
export const PROBE_SERVER = fileURLToPath(new URL('./probe-server.ts', import.meta.url));

export interface Exit { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

export interface ServerProcess {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves when a line of stdout matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<Exit>;
}

/**
 * Starts `node src/main.ts` (or another entry, or a whole command such as `npm start`) with only
 * the given environment (plus PATH and HOME).
 */
export function startServer(env: Record<string, string>, entry: string | { command: string; args: string[] } = MAIN): ServerProcess {
  const [command, args] = typeof entry === 'string' ? [process.execPath, [entry]] : [entry.command, entry.args];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const exited = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => {
      // Let the pipes drain before reporting.
      setImmediate(() => resolve({ code, signal, stdout, stderr }));
    });
  });
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          const line = stdout.split('\n').find((candidate) => pattern.test(candidate));
          if (line !== undefined) {
            clearInterval(poll);
            resolve(line);
          } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
            clearInterval(poll);
            reject(new Error(`no line matching ${pattern} (exit ${child.exitCode}); stdout:\n${stdout}\nstderr:\n${stderr}`));
          }
        }, 25);
      });
    },
  };
}

/** Kills (SIGKILL) a server process a test left running, and waits until it is gone. */
export async function stopLeftover(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  server.child.kill('SIGKILL');
  await server.exited;
}

/** A new guest's token from the server at `base` (`http://host:port`). */
export async function guestToken(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/guest`, { method: 'POST' });
  if (response.status !== 201) throw new Error(`guest: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/** An SDK client of the server at `base`, carrying a new guest's token. */
export async function guestClient(base: string): Promise<Client> {
  const client = new Client(base);
  client.auth.token = await guestToken(base);
  return client;
}

/** A TCP port free at the time of asking. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
