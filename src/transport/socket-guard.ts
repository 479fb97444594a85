/**
 * Every frame a client sends passes here before Colyseus sees it. Four rules, the same for every
 * room and every kind of frame:
 *
 * - **A budget per connection.** Every frame counts (messages of any type, known or not, pings,
 *   requests): a burst of `SOCKET_BUDGET.capacity`, refilled at `perSecond` (lila-ws's 100 per
 *   20 s). A connection that goes over it is closed (1008): a flood costs the server one frame's
 *   work, never one answer per frame. The rooms' own, smaller limits still answer `RATE_LIMITED`.
 * - **Only frames the protocol has** (frames.ts): anything else closes the connection (1002; a
 *   text frame 1003), as does a second join acknowledgement.
 * - **One exception is one connection's problem.** An exception thrown while a frame is handled,
 *   by our rooms or by Colyseus, is logged and closes that connection (1011); the process and
 *   every other room go on.
 * - **A client cannot write the log.** A bad frame, an oversize frame (refused by `ws` itself at
 *   the transport's `maxPayload`) or a socket error is at most one warning per connection.
 */
import type { IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import type { Logger } from '../log.ts';
import { TokenBucket } from '../token-bucket.ts';
import { CLOSE_CODES } from './close-codes.ts';
import { checkFrame } from './frames.ts';

/** Frames per connection: a burst of 100, 5 a second sustained (100 per 20 s). */
export const SOCKET_BUDGET = { capacity: 100, perSecond: 5 } as const;

export interface GuardOptions {
  log: Logger;
  /** The server's time, in ms (the injected scheduler's, so tests are exact). */
  now: () => number;
}

export function guardSocket(socket: WebSocket, request: IncomingMessage, { log, now }: GuardOptions): void {
  const budget = new TokenBucket(SOCKET_BUDGET.capacity, SOCKET_BUDGET.perSecond, now());
  let joined = false;
  let closing = false;
  let warned = false;
  // Only what the log needs is kept: the request itself would stay alive as long as the socket.
  const address = request.socket.remoteAddress;
  const url = request.url;

  const close = (code: number, reason: string) => {
    closing = true;
    socket.close(code, reason);
  };
  const warnOnce = (fields: Record<string, unknown>, message: string) => {
    if (warned) return;
    warned = true;
    log.warn({ address, url, ...fields }, message);
  };
  const violation = (code: number, reason: string) => {
    warnOnce({ reason, closeCode: code }, 'closing a connection: it broke the protocol');
    close(code, reason);
  };

  const emit = socket.emit;
  socket.emit = function guardedEmit(this: WebSocket, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'error') {
      // `ws` closes the connection itself after a receive error (too big, bad framing).
      warnOnce({ reason: (args[0] as Error | undefined)?.message }, 'connection error');
      return true;
    }
    if (event !== 'message') return emit.call(this, event, ...args);
    if (closing) return true;
    const [data, isBinary] = args as [Buffer, boolean];
    if (!budget.take(now())) {
      warnOnce({ closeCode: CLOSE_CODES.TOO_MANY_MESSAGES, budget: SOCKET_BUDGET }, 'closing a connection: too many messages');
      close(CLOSE_CODES.TOO_MANY_MESSAGES, 'too many messages');
      return true;
    }
    if (!isBinary) {
      violation(CLOSE_CODES.UNSUPPORTED_DATA, 'text frames are not part of the protocol');
      return true;
    }
    const frame = checkFrame(data);
    if (!frame.ok) {
      violation(CLOSE_CODES.PROTOCOL_VIOLATION, frame.reason);
      return true;
    }
    if (frame.kind === 'join') {
      if (joined) {
        violation(CLOSE_CODES.PROTOCOL_VIOLATION, 'a second join');
        return true;
      }
      joined = true;
    }
    try {
      return emit.call(this, event, data, isBinary);
    } catch (error) {
      log.error({ err: error, address, url }, 'a frame could not be handled: closing its connection');
      close(CLOSE_CODES.INTERNAL_ERROR, 'internal error');
      return true;
    }
  } as WebSocket['emit'];
}
