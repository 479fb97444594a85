/**
 * The benchmark's load generator as several processes (load-worker.ts), all on the load
 * generator's core: each request gets exactly one reply, so each worker is a queue of waiters.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromWorker, ToWorker, WorkerOptions, WorkerSample } from './load-worker.ts';

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

class Loader {
  readonly #child: ChildProcess;
  readonly #waiting: Array<(message: FromWorker) => void> = [];

  constructor(options: WorkerOptions) {
    this.#child = fork(WORKER, [], { env: { ...process.env, LOAD_WORKER: JSON.stringify(options) }, execArgv: process.execArgv });
    this.#child.on('message', (message: FromWorker) => this.#waiting.shift()?.(message));
    this.#child.on('exit', (code) => {
      if (code !== 0) for (const waiter of this.#waiting.splice(0)) waiter({ op: 'closed' });
    });
  }

  reply(): Promise<FromWorker> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  request(message: ToWorker): Promise<FromWorker> {
    const reply = this.reply();
    this.#child.send(message);
    return reply;
  }

  tell(message: ToWorker): void {
    this.#child.send(message);
  }
}

export class Loaders {
  readonly #loaders: Loader[];

  private constructor(loaders: Loader[]) {
    this.#loaders = loaders;
  }

  static async start(count: number, options: WorkerOptions): Promise<Loaders> {
    const loaders = Array.from({ length: count }, () => new Loader(options));
    const ready = await Promise.all(loaders.map((loader) => loader.reply()));
    if (ready.some((message) => message.op !== 'ready')) throw new Error('a load generator process failed to start');
    return new Loaders(loaders);
  }

  get size(): number {
    return this.#loaders.length;
  }

  /** Opens games until there are `total`, shared evenly. */
  async open(total: number): Promise<void> {
    const share = (i: number) => Math.floor(total / this.size) + (i < total % this.size ? 1 : 0);
    await Promise.all(this.#loaders.map((loader, i) => loader.request({ op: 'open', count: share(i) })));
  }

  start(): void {
    for (const loader of this.#loaders) loader.tell({ op: 'start' });
  }

  async stop(): Promise<WorkerSample[]> {
    const replies = await Promise.all(this.#loaders.map((loader) => loader.request({ op: 'stop' })));
    return replies.filter((reply): reply is WorkerSample => reply.op === 'sample');
  }

  async close(): Promise<void> {
    await Promise.all(this.#loaders.map((loader) => loader.request({ op: 'close' })));
  }
}
