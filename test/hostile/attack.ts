/**
 * How the hostile suite attacks and what it checks, shared by test/hostile/*.test.ts: frames built
 * as Colyseus encodes them and sent on the SDK's own socket; a runner that sends a corpus one case
 * at a time (moving the manual clock so each case is answered, not rate-limited) and checks that
 * each is answered with a typed error of the expected codes, whose message leaks nothing and is not
 * much larger than what was sent, and that the server-side state did not move; and a bystander
 * game that must still accept a move at the end.
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { encode } from '@colyseus/schema';
import type { Room } from '@colyseus/sdk';
import { pack } from 'msgpackr';
import { ACTION_LIMIT, CHAT_LIMIT, FILTER_LIMIT } from '../../rooms/shared/rate-limit.ts';
import { SOCKET_BUDGET } from '../../src/transport/socket-guard.ts';
import { api, harness } from '../support/harness.ts';
import { casualGame, play, type ChessGameUnderTest, type Inbox, type Message } from '../support/chess.ts';
import { corpusFor, type Case } from './corpus.ts';
import type { Bucket, MessageSpec } from './protocol.ts';

export const PROTOCOL = { JOIN: 10, LEAVE: 12, ROOM_DATA: 13, ROOM_DATA_BYTES: 17, PING: 18, ROOM_REQUEST: 21 } as const;
/** `ws`'s `maxPayload` in the transport (Colyseus's default): a larger frame closes the connection with 1009. */
export const MAX_FRAME = 4 * 1024;
export const MESSAGE_TOO_BIG = 1009;

export function socketOf(room: Room): WebSocket {
  return (room.connection as unknown as { transport: { ws: WebSocket } }).transport.ws;
}

/** The close code the client sees, once its connection ends. */
export function closed(room: Room): Promise<number> {
  return new Promise((resolve) => room.onLeave((code) => resolve(code)));
}

/** A message type (string or number) as Colyseus encodes one. */
export function encodeType(type: string | number): Buffer {
  const buffer = Buffer.alloc(512);
  const it = { offset: 0 };
  if (typeof type === 'string') encode.string(buffer, type, it);
  else encode.number(buffer, type, it);
  return buffer.subarray(0, it.offset);
}

/** A ROOM_DATA frame (or another code's): the code, the type, then the msgpack payload or bytes (if any). */
export function dataFrame(type: string | number, payload?: Uint8Array, code: number = PROTOCOL.ROOM_DATA): Buffer {
  return Buffer.concat([Buffer.from([code]), encodeType(type), payload ?? Buffer.alloc(0)]);
}

/** A `{ field: "xxx…" }` message whose whole frame is exactly `size` bytes. */
export function frameOfSize(type: string, field: string, size: number): Buffer {
  let length = size;
  for (let attempt = 0; attempt < 4; attempt++) {
    const frame = dataFrame(type, pack({ [field]: 'x'.repeat(length) }));
    if (frame.length === size) return frame;
    length += size - frame.length;
  }
  throw new Error(`cannot build a frame of ${size} bytes`);
}

/** Sends a case on the SDK's connection; returns about how many bytes it took. */
export function sendCase(room: Room, type: string | number, sent: Pick<Case, 'payload' | 'raw' | 'bytesFrame'>): number {
  if (sent.raw) {
    const frame = dataFrame(type, sent.raw, sent.bytesFrame ? PROTOCOL.ROOM_DATA_BYTES : PROTOCOL.ROOM_DATA);
    socketOf(room).send(frame);
    return frame.length;
  }
  room.send(type as string, sent.payload);
  return sent.payload === undefined ? encodeType(type).length + 1 : dataFrame(type, safePack(sent.payload)).length;
}

function safePack(value: unknown): Buffer {
  try {
    return pack(value);
  } catch {
    return Buffer.alloc(0);
  }
}

/** Internals a client must never read in an answer (zod's own "received undefined" is a description, not a leak). */
export function leak(message: unknown): string | undefined {
  const text = String(message).replaceAll('received undefined', 'received nothing');
  const found = /Cannot read propert|is not a function|is not defined|is not iterable|TypeError:|ReferenceError:|SyntaxError:|RangeError:|\n\s+at |\.ts:\d+|node_modules|undefined|\[object Object\]/.exec(text);
  return found?.[0];
}

/** An answer may be this much larger than what provoked it, and no more. */
export function answerBound(sentBytes: number): number {
  return Math.max(1024, 2 * sentBytes);
}

/** Manual-clock time that refills one token of the bucket a case spends (and the socket's budget). */
export const REFILL_MS: Record<Bucket | 'unknown', number> = {
  actions: 1000 / ACTION_LIMIT.perSecond,
  chat: 1000 / CHAT_LIMIT.perSecond,
  filters: 1000 / FILTER_LIMIT.perSecond,
  unknown: 1000 / SOCKET_BUDGET.perSecond,
};

export interface Sender { room: Room; errors: Inbox }

export interface Arena {
  /** Who sends a case: the one who must act now, or the other one. */
  sender(by: 'mover' | 'waiter'): Sender;
  /** What no refused message may change (compared before and after each case). */
  snapshot(): unknown;
  /** Inboxes of answers that a refused message must not produce (a chat line, a listing…). */
  quiet?: Inbox[];
}

export interface Outcome { cases: number; failures: string[] }

/** The corpus of one message, plus its well-shaped refusals. */
export function casesOf(spec: MessageSpec, versioned: boolean): Case[] {
  return [...corpusFor(spec.fields, { versioned: versioned && spec.versioned !== false }), ...spec.refused];
}

/** Lets the tasks of timers that fell due run (the rooms run them a microtask later). */
export function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Sends each case and checks its answer and the state. Each case gets a refilled bucket first (the
 * manual clock moves `REFILL_MS` of its bucket), so an answer is never RATE_LIMITED here.
 */
export async function runCases(arena: Arena, type: string | number, cases: readonly Case[], bucket: Bucket | 'unknown',
  outcome: Outcome): Promise<void> {
  const quietBefore = (arena.quiet ?? []).map((inbox) => inbox.all.length);
  for (const c of cases) {
    const where = `${String(type)} ← ${c.label}`;
    harness().scheduler.advance(REFILL_MS[bucket]);
    await settled(); // the rooms' timers run their tasks a microtask after they fall due
    const sender = arena.sender(c.by ?? 'waiter');
    const before = arena.snapshot();
    sender.errors.clear();
    outcome.cases += 1;
    const sent = sendCase(sender.room, type, c);
    let answer: Message;
    try {
      answer = await sender.errors.next(2000);
    } catch {
      outcome.failures.push(`${where}: no error answered it`);
      return; // later answers could no longer be told apart
    }
    if (answer.request !== String(type)) outcome.failures.push(`${where}: answered for ${JSON.stringify(answer.request)}`);
    if (!c.codes.includes(String(answer.code))) outcome.failures.push(`${where}: ${answer.code} (${answer.message}), expected ${c.codes.join(' or ')}`);
    const leaked = leak(answer.message);
    if (leaked) outcome.failures.push(`${where}: the message leaks "${leaked}": ${answer.message}`);
    const size = JSON.stringify(answer).length;
    if (size > answerBound(sent)) outcome.failures.push(`${where}: an answer of ${size} bytes for ${sent} sent`);
    const after = arena.snapshot();
    const changed = changedKeys(before, after);
    if (changed.length > 0) outcome.failures.push(`${where}: the state changed (${changed.join(', ')})`);
  }
  (arena.quiet ?? []).forEach((inbox, i) => {
    if (inbox.all.length !== quietBefore[i]) outcome.failures.push(`${String(type)}: a refused message was answered as if accepted: ${JSON.stringify(inbox.all.slice(quietBefore[i]!)).slice(0, 300)}`);
  });
}

/** The top-level fields that differ between two snapshots, with their values, for a failure's message. */
function changedKeys(before: unknown, after: unknown): string[] {
  if (typeof before !== 'object' || before === null || typeof after !== 'object' || after === null) {
    return isDeepStrictEqual(before, after) ? [] : [`${JSON.stringify(before)} → ${JSON.stringify(after)}`];
  }
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => !isDeepStrictEqual((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key]))
    .map((key) => `${key}: ${JSON.stringify((before as Record<string, unknown>)[key])?.slice(0, 80)} → ${JSON.stringify((after as Record<string, unknown>)[key])?.slice(0, 80)}`);
}

/** A server room's state as compared: everything but the spectator count. */
export function stateOf(room: { state: { toJSON(): unknown } }): Record<string, unknown> {
  const { spectators: _spectators, ...rest } = room.state.toJSON() as Record<string, unknown>;
  return rest;
}

export function serverRoom<T = any>(roomId: string): T {
  const room = harness().colyseus.getRoomById(roomId);
  assert.ok(room, `room ${roomId} is gone`);
  return room as T;
}

const BYSTANDER_MOVES = ['Nf3', 'Nc6', 'Bc4', 'Bc5', 'c3', 'Nf6', 'd4', 'exd4'];

/**
 * Another game on the same server, past its first-move limits (so moving the manual clock cannot
 * abort it): every attack must leave it playing, and it must still accept a move.
 */
export class Bystander {
  readonly game: ChessGameUnderTest;
  #played = 0;
  private constructor(game: ChessGameUnderTest) {
    this.game = game;
  }

  static async start(): Promise<Bystander> {
    const game = await casualGame();
    await play(game, 'e4', 'e5');
    return new Bystander(game);
  }

  /** The next move reaches both players; the server still answers HTTP. */
  async stillServes(): Promise<void> {
    const move = BYSTANDER_MOVES[this.#played++ % BYSTANDER_MOVES.length]!;
    await play(this.game, move);
    assert.equal(this.game.server.state.status, 'playing');
    assert.equal((await api('/health')).status, 200);
  }
}
