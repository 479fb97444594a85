/**
 * What a client's WebSocket frame must look like before Colyseus reads it. The SDK sends five
 * kinds: the one-byte join acknowledgement, leave and ping; a message (`ROOM_DATA`: a type, then
 * an optional msgpack payload); a request (`ROOM_REQUEST`: a request id, a type, a payload) and
 * raw bytes (`ROOM_DATA_BYTES`: a type, then bytes). Anything else (another code, modifier bits, a
 * type that is not valid UTF-8 or is too long, the type "*", a payload that is not one whole msgpack value) is
 * a protocol violation: Colyseus would otherwise skip it silently, print a non-JSON line, or drop
 * the client only after logging an error with a stack.
 *
 * Types and request ids are encoded as Colyseus encodes them (`@colyseus/schema`'s msgpack-like
 * string and number, little-endian lengths); payloads with msgpackr, as Colyseus decodes them.
 */
import { isUtf8 } from 'node:buffer';
import { Protocol } from '@colyseus/core';
import { unpack } from 'msgpackr';

export const MAX_MESSAGE_TYPE_BYTES = 64;

export type FrameKind = 'join' | 'leave' | 'ping' | 'message';

export type FrameCheck = { ok: true; kind: FrameKind } | { ok: false; reason: string };

const ONE_BYTE_FRAMES: Partial<Record<number, FrameKind>> = {
  [Protocol.JOIN_ROOM]: 'join',
  [Protocol.LEAVE_ROOM]: 'leave',
  [Protocol.PING]: 'ping',
};

function refuse(reason: string): FrameCheck {
  return { ok: false, reason };
}

export function checkFrame(frame: Buffer): FrameCheck {
  if (frame.length === 0) return refuse('an empty frame');
  const code = frame[0]!;
  const oneByte = ONE_BYTE_FRAMES[code];
  if (oneByte) return frame.length === 1 ? { ok: true, kind: oneByte } : refuse(`a ${oneByte} frame with trailing bytes`);
  let offset = 1;
  if (code === Protocol.ROOM_REQUEST) {
    const id = readUnsigned(frame, offset, 'request id');
    if ('reason' in id) return refuse(id.reason);
    offset = id.next;
  } else if (code !== Protocol.ROOM_DATA && code !== Protocol.ROOM_DATA_BYTES) {
    return refuse(`an unknown protocol code ${code}`);
  }
  const type = isStringPrefix(frame[offset]) ? readString(frame, offset) : readUnsigned(frame, offset, 'message type');
  if ('reason' in type) return refuse(type.reason);
  // Colyseus hands a message of type "*" to the rooms' catch-all handler as if its payload were its type.
  if (type.wildcard && code !== Protocol.ROOM_DATA_BYTES) return refuse('the message type "*", which is no message');
  offset = type.next;
  if (code !== Protocol.ROOM_DATA_BYTES && offset < frame.length) {
    try {
      unpack(frame.subarray(offset));
    } catch {
      return refuse('a payload that is not one msgpack value');
    }
  }
  return { ok: true, kind: 'message' };
}

/** Colyseus's string prefixes: a non-empty fixstr, str 8, str 16, str 32. */
function isStringPrefix(prefix: number | undefined): boolean {
  return prefix !== undefined && ((prefix > 0xa0 && prefix < 0xc0) || prefix === 0xd9 || prefix === 0xda || prefix === 0xdb);
}

type Read = { next: number; wildcard?: boolean } | { reason: string };

/** "*": the type Colyseus registers its catch-all handler under. */
const WILDCARD = 0x2a;

/** A message type given as a string: where it ends, or why it is malformed. */
function readString(frame: Buffer, at: number): Read {
  const prefix = frame[at]!;
  let start = at + 1;
  let length: number;
  if (prefix < 0xc0) length = prefix & 0x1f;
  else if (prefix === 0xd9 && start + 1 <= frame.length) length = frame[start++]!;
  else if (prefix === 0xda && start + 2 <= frame.length) { length = frame.readUInt16LE(start); start += 2; }
  else if (prefix === 0xdb && start + 4 <= frame.length) { length = frame.readUInt32LE(start); start += 4; }
  else return { reason: 'a message type cut short' };
  if (length > MAX_MESSAGE_TYPE_BYTES) return { reason: `a message type longer than ${MAX_MESSAGE_TYPE_BYTES} bytes` };
  if (start + length > frame.length) return { reason: 'a message type cut short' };
  const bytes = frame.subarray(start, start + length);
  if (!isUtf8(bytes)) return { reason: 'a message type that is not valid UTF-8' };
  return { next: start + length, wildcard: length === 1 && bytes[0] === WILDCARD };
}

/** A non-negative integer as Colyseus encodes one (positive fixint, uint 8, 16 or 32): where it ends. */
function readUnsigned(frame: Buffer, at: number, what: string): Read {
  const prefix = frame[at];
  if (prefix === undefined) return { reason: `a frame without a ${what}` };
  const width = prefix < 0x80 ? 0 : prefix === 0xcc ? 1 : prefix === 0xcd ? 2 : prefix === 0xce ? 4 : -1;
  if (width < 0) return { reason: `a ${what} that is not a string or a non-negative integer` };
  if (at + 1 + width > frame.length) return { reason: `a ${what} cut short` };
  return { next: at + 1 + width };
}
