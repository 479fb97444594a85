/**
 * Each client's network lag, measured by the server itself: a WebSocket protocol ping (which
 * every client answers at the protocol level, unprompted) and the time until its pong. The lag
 * is half the round trip, smoothed. Clients never report their own lag. Rooms probe when it
 * matters (when a client joins, when it becomes its turn to move), at most once per
 * PROBE_INTERVAL_MS per client: lag changes slowly, and every ping is a write.
 */
import type { Client } from '@colyseus/core';

interface PingSocket {
  ping(data?: Buffer): void;
  on(event: 'pong', listener: (data: Buffer) => void): void;
  readyState: number;
}

const OPEN = 1;
/** Weight of a new sample in the smoothed lag. */
const SMOOTHING = 0.5;
export const PROBE_INTERVAL_MS = 5000;

function socketOf(client: Client): PingSocket | undefined {
  const ref = (client as { ref?: Partial<PingSocket> }).ref;
  return typeof ref?.ping === 'function' && typeof ref.on === 'function' ? ref as PingSocket : undefined;
}

export class LagMeter {
  readonly #now: () => number;
  readonly #lag = new WeakMap<Client, number>();
  readonly #sent = new WeakMap<Client, Map<number, number>>();
  readonly #probedAt = new WeakMap<Client, number>();
  #next = 0;
  /** Called after each new measurement (a room re-arms a flag that depends on the lag). */
  onSample: ((client: Client) => void) | undefined;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Starts listening to a client's pongs; call once per connection (again after a reconnect). */
  attach(client: Client): void {
    const socket = socketOf(client);
    if (!socket) return;
    this.#sent.set(client, new Map());
    socket.on('pong', (data) => {
      if (data.length !== 4) return;
      const sent = this.#sent.get(client);
      const at = sent?.get(data.readUInt32BE(0));
      if (at === undefined) return;
      sent!.delete(data.readUInt32BE(0));
      const sample = Math.max(0, this.#now() - at) / 2;
      const previous = this.#lag.get(client);
      this.#lag.set(client, previous === undefined ? sample : previous + SMOOTHING * (sample - previous));
      this.onSample?.(client);
    });
  }

  probe(client: Client): void {
    const socket = socketOf(client);
    const sent = this.#sent.get(client);
    if (!socket || !sent || socket.readyState !== OPEN) return;
    const now = this.#now();
    const last = this.#probedAt.get(client);
    if (last !== undefined && now - last < PROBE_INTERVAL_MS) return;
    this.#probedAt.set(client, now);
    if (sent.size > 8) sent.clear(); // pongs that never came
    const id = (this.#next = (this.#next + 1) >>> 0);
    const payload = Buffer.alloc(4);
    payload.writeUInt32BE(id, 0);
    sent.set(id, now);
    socket.ping(payload);
  }

  /** The client's lag in whole ms (0 before the first measurement). */
  lagOf(client: Client | undefined): number {
    return client ? Math.round(this.#lag.get(client) ?? 0) : 0;
  }
}
