/**
 * The close codes this server ends a WebSocket with, besides Colyseus's own (4000 consented,
 * 4001 shutdown, 4002 with error, 4010 may try to reconnect). The standard ones (RFC 6455 §7.4.1)
 * where one fits; none of them makes the SDK reconnect by itself.
 */
export const CLOSE_CODES = {
  /** A frame no client of this protocol sends: an unknown code, a second join, bytes that do not decode. */
  PROTOCOL_VIOLATION: 1002,
  /** A text frame: the protocol is binary. */
  UNSUPPORTED_DATA: 1003,
  /** More frames than the connection's budget allows. */
  TOO_MANY_MESSAGES: 1008,
  /** The server failed while handling a frame of this connection (logged); other connections go on. */
  INTERNAL_ERROR: 1011,
  /** A newer connection of the same player took the seat. */
  REPLACED: 4100,
} as const;
