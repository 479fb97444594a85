/**
 * Which processes are alive, for games in play to outlive the process that ran them (several
 * processes on one Redis). Each process holds a lease, `lease:<node name>`, renewed well before
 * it expires; a process that stops and does not come back lets it lapse, and a peer may then
 * adopt its games (rooms/shared/adoption.ts). A graceful stop keeps the lease until it lapses, so
 * a process restarted within the lease (a deploy) resumes its own games and its players' SDKs
 * reconnect to it by themselves.
 *
 * Adopting takes `adopting:<node>` (set if absent), so two peers never adopt the same games, and
 * a process starting again waits while its games are being adopted before it reads which are
 * still its own. Only a member of the cluster is ever adopted from: a process that held a lease
 * once (the set `lease:nodes`). A process on the same database without Redis has no lease and
 * is not taken for dead.
 */
import type { Redis } from 'ioredis';
import type { Logger } from './log.ts';

const lease = (node: string) => `lease:${node}`;
const adopting = (node: string) => `adopting:${node}`;
const MEMBERS = 'lease:nodes';

export class NodeLease {
  readonly node: string;
  readonly ttlMs: number;
  readonly #redis: Redis;
  readonly #log: Logger;
  #timer: NodeJS.Timeout | undefined;

  constructor({ redis, node, ttlMs, log }: { redis: Redis; node: string; ttlMs: number; log: Logger }) {
    this.#redis = redis;
    this.node = node;
    this.ttlMs = ttlMs;
    this.#log = log;
  }

  /** Takes this process's lease and keeps renewing it; first waits out an adoption of its games under way. */
  async hold(): Promise<void> {
    await this.#redis.sadd(MEMBERS, this.node);
    await this.#renew();
    for (let waited = 0; await this.#redis.exists(adopting(this.node)); waited += 100) {
      if (waited % 5000 === 0) this.#log.info({ node: this.node }, 'waiting: a peer is adopting this process\'s games');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.#timer = setInterval(() => {
      this.#renew().catch((error: unknown) => this.#log.warn({ err: error }, 'could not renew the process lease'));
    }, Math.max(100, Math.floor(this.ttlMs / 3)));
    this.#timer.unref();
  }

  async #renew(): Promise<void> {
    await this.#redis.set(lease(this.node), String(Date.now()), 'PX', this.ttlMs);
  }

  async alive(node: string): Promise<boolean> {
    return (await this.#redis.exists(lease(node))) === 1;
  }

  /**
   * Runs `adopt` if `node` is a member of the cluster whose lease has lapsed and no peer is
   * adopting its games; returns whether it ran. The claim outlives a crash of the adopter only by
   * a few leases.
   */
  async adoptIfGone(node: string, adopt: () => Promise<void>): Promise<boolean> {
    if (!(await this.#redis.sismember(MEMBERS, node)) || await this.alive(node)) return false;
    const claimed = await this.#redis.set(adopting(node), this.node, 'PX', this.ttlMs * 3, 'NX');
    if (claimed !== 'OK') return false;
    try {
      if (await this.alive(node)) return false; // it came back meanwhile
      await adopt();
      return true;
    } finally {
      await this.#redis.del(adopting(node));
    }
  }

  /** Stops renewing; the lease lapses by itself (see above). */
  stop(): void {
    clearInterval(this.#timer);
  }

  async quit(): Promise<void> {
    await this.#redis.quit().catch(() => undefined);
  }
}
