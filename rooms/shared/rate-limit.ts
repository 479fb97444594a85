/**
 * How many actions and chat lines a room takes from one client (a token bucket each, see
 * src/token-bucket.ts). Over the limit a message is answered `RATE_LIMITED` and the connection
 * stays; the socket's own budget (src/socket-guard.ts) is larger and closes a connection that
 * floods. Colyseus's `maxMessagesPerSecond` is not used.
 */
export { TokenBucket } from '../../src/token-bucket.ts';

/** Game actions: bursts of 20, 5 a second sustained (lila-ws allows 100 per 20 s in a game). */
export const ACTION_LIMIT = { capacity: 20, perSecond: 5 } as const;
/** Chat: bursts of 5, one every 2 s sustained. */
export const CHAT_LIMIT = { capacity: 5, perSecond: 0.5 } as const;
/** The lobby's `filter` and `range`: each is answered with a whole list, so bursts of 5, one per 5 s sustained. */
export const FILTER_LIMIT = { capacity: 5, perSecond: 0.2 } as const;
