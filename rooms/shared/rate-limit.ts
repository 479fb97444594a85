/**
 * A token bucket per client and kind of message, on the room's own time source (so it is exact
 * under a manual clock in tests, and costs no timer). Colyseus's `maxMessagesPerSecond` is not
 * used: it closes the connection, where the protocol answers `RATE_LIMITED` and keeps it.
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #perMs: number;
  #tokens: number;
  #at: number;

  constructor(capacity: number, perSecond: number, now: number) {
    this.#capacity = capacity;
    this.#perMs = perSecond / 1000;
    this.#tokens = capacity;
    this.#at = now;
  }

  take(now: number): boolean {
    this.#tokens = Math.min(this.#capacity, this.#tokens + Math.max(0, now - this.#at) * this.#perMs);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** Game actions: bursts of 20, 5 a second sustained (lila-ws allows 100 per 20 s in a game). */
export const ACTION_LIMIT = { capacity: 20, perSecond: 5 } as const;
/** Chat: bursts of 5, one every 2 s sustained. */
export const CHAT_LIMIT = { capacity: 5, perSecond: 0.5 } as const;
