/**
 * Malformed frames below the SDK, drawn from the seed (HOSTILE_SEED replays a run): random bytes,
 * valid frames cut short, valid frames with a byte changed or bytes added, every protocol code
 * 0–31 (and with modifier bits) with a random body, and a fixed list of frames that must close (the
 * type "*", types that are not strings or non-negative integers, payloads that are not msgpack).
 * They go out on many short connections, to the probe room and as a player of a chess game.
 * Asserts that each connection either still answers a ping (what it sent was answered or ignored)
 * or was closed with a documented code, that every error it was sent is typed and never
 * INTERNAL_ERROR, that the chess game did not move, and that a bystander game still plays.
 */
import assert from 'node:assert/strict';
import type { Room } from '@colyseus/sdk';
import { pack } from 'msgpackr';
import type { ChessState } from '../../schema/ChessState.ts';
import { CLOSE_CODES } from '../../src/transport/close-codes.ts';
import { casualGame, Inbox, person, play, type Person } from '../support/chess.ts';
import { Bystander, closed, dataFrame, encodeType, MESSAGE_TOO_BIG, PROTOCOL, socketOf } from './attack.ts';
import { random, SEED, UNDECODABLE, type Random } from './corpus.ts';
import { DOCUMENTED_CODES } from './protocol.ts';

/** Colyseus's own closes: 4000 after a leave frame, 4002 for a message type the probe room has no handler for. */
const CONSENTED = 4000;
const WITH_ERROR = 4002;
const TRANSPORT_CLOSES = [CLOSE_CODES.PROTOCOL_VIOLATION, CLOSE_CODES.UNSUPPORTED_DATA, CLOSE_CODES.TOO_MANY_MESSAGES, MESSAGE_TOO_BIG, CONSENTED];

interface Hostile { label: string; frames: Buffer[] }

const hex = (frames: Buffer[]) => frames.map((frame) => frame.toString('hex').slice(0, 80)).join(' | ');

function request(id: number, type: string, payload?: unknown): Buffer {
  return Buffer.concat([Buffer.from([PROTOCOL.ROOM_REQUEST, id]), encodeType(type), payload === undefined ? Buffer.alloc(0) : pack(payload)]);
}

/** Frames a client of the protocol sends to this room, to be cut, changed and extended. */
function validFrames(room: 'probe' | 'chess'): Buffer[] {
  const [type, payload] = room === 'probe' ? ['echo', { n: 1, s: 'hello' }] : ['chat', { text: 'hello there' }];
  return [
    dataFrame(type, pack(payload)),
    dataFrame(room === 'probe' ? 'echo' : 'move', pack(room === 'probe' ? [1, 2, 3] : { uci: 'a1a1' })),
    dataFrame(room === 'probe' ? 'echo' : 'draw:decline'),
    Buffer.from([PROTOCOL.PING]),
    request(7, type, payload),
    dataFrame(type, Buffer.from('raw bytes'), PROTOCOL.ROOM_DATA_BYTES),
    dataFrame(1234, pack({ x: 1 })),
  ];
}

/** The seeded cases for one room. */
function generate(r: Random, room: 'probe' | 'chess'): Hostile[] {
  const base = validFrames(room);
  const cases: Hostile[] = [];
  for (let code = 0; code < 32; code++) cases.push({ label: `protocol code ${code} with a random body`, frames: [Buffer.concat([Buffer.from([code]), r.bytes(r.int(24))])] });
  for (let i = 0; i < 8; i++) {
    const frame = Buffer.from(r.pick(base));
    frame[0] = frame[0]! | ((1 + r.int(7)) << 5);
    cases.push({ label: 'a valid frame with modifier bits', frames: [frame] });
  }
  for (let i = 0; i < 40; i++) cases.push({ label: 'random bytes', frames: [r.bytes(r.int(65))] });
  for (let i = 0; i < 30; i++) {
    const frame = r.pick(base);
    cases.push({ label: 'a valid frame cut short', frames: [frame.subarray(0, r.int(frame.length))] });
  }
  for (let i = 0; i < 30; i++) {
    const frame = Buffer.from(r.pick(base));
    frame[r.int(frame.length)] = r.int(256);
    cases.push({ label: 'a valid frame with a byte changed', frames: [frame] });
  }
  for (let i = 0; i < 15; i++) cases.push({ label: 'a valid frame with bytes after it', frames: [Buffer.concat([r.pick(base), r.bytes(1 + r.int(8))])] });
  // Several frames on one connection: a valid one, then a hostile one, then valid again.
  for (let i = 0; i < 15; i++) {
    const hostile = r.pick(cases).frames[0]!;
    cases.push({ label: 'valid, hostile, valid', frames: [r.pick(base), hostile, r.pick(base)] });
  }
  return cases;
}

/** Frames whose answer is known: each closes its connection with 1002. */
function mustClose(room: 'probe' | 'chess'): Hostile[] {
  const type = room === 'probe' ? 'echo' : 'chat';
  const closes: Hostile[] = [
    { label: 'the message type "*"', frames: [dataFrame('*', pack({ text: 'x' }))] },
    { label: 'the message type "*" as a request', frames: [request(1, '*', { text: 'x' })] },
    { label: 'an empty message type', frames: [dataFrame('', pack({ text: 'x' }))] },
    { label: 'a message type of 65 bytes', frames: [dataFrame('t'.repeat(65))] },
    { label: 'a negative message type', frames: [dataFrame(-1)] },
    { label: 'a fractional message type', frames: [dataFrame(1.5)] },
    { label: 'a message type of 2^32 (encoded as a float)', frames: [dataFrame(2 ** 32)] },
    { label: 'a message type that is a map', frames: [Buffer.from([PROTOCOL.ROOM_DATA, 0x81, 0xa1, 0x61, 0x01])] },
    { label: 'a text frame', frames: [] },
    ...UNDECODABLE.map(([label, bytes]) => ({ label: `a payload: ${label}`, frames: [dataFrame(type, bytes)] })),
  ];
  return closes;
}

interface Connection { room: Room; errors: Inbox; ended: Promise<number> }

/** Sends the frames, then a ping: the connection must answer it or have been closed with an allowed code. */
async function probe(connection: Connection, hostile: Hostile, allowed: readonly number[], failures: string[], text = false, tally = new Tally()): Promise<void> {
  const socket = socketOf(connection.room);
  if (text) socket.send('a text frame');
  for (const frame of hostile.frames) if (socket.readyState === socket.OPEN) socket.send(frame);
  const outcome = await Promise.race([
    connection.ended.then((code) => ({ closed: code })),
    new Promise<{ pong: true }>((resolve) => connection.room.ping(() => resolve({ pong: true }))),
    new Promise<{ hung: true }>((resolve) => setTimeout(() => resolve({ hung: true }), 3000)),
  ]);
  const where = `${hostile.label} [${hex(hostile.frames)}]`;
  tally.add('closed' in outcome ? `closed ${outcome.closed}` : 'pong' in outcome ? 'answered' : 'hung');
  if ('closed' in outcome && !allowed.includes(outcome.closed)) failures.push(`${where}: closed with ${outcome.closed}`);
  if ('hung' in outcome) failures.push(`${where}: neither answered a ping nor was closed`);
  for (const error of connection.errors.all) {
    if (error.code === 'INTERNAL_ERROR' || !DOCUMENTED_CODES.chess!.includes(String(error.code))) failures.push(`${where}: answered ${error.code} (${error.message})`);
  }
  if (!('closed' in outcome)) await connection.room.leave();
}

function connected(room: Room): Connection {
  room.reconnection.enabled = false;
  room.onMessage('*', () => undefined); // echoes, chat lines: answers too
  return { room, errors: new Inbox(room, 'error'), ended: closed(room) };
}

/** How the connections ended, to show the seeded cases reached both outcomes. */
class Tally {
  readonly counts = new Map<string, number>();
  add(outcome: string): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
  }
  toString(): string {
    return [...this.counts].map(([outcome, n]) => `${outcome}: ${n}`).join(', ');
  }
}

describe(`hostile frames, seeded (seed ${SEED}; HOSTILE_SEED=${SEED} replays this run)`, function () {
  this.timeout(120_000);

  it(`to the probe room: ${generate(random('frames:probe'), 'probe').length} seeded cases each answered or closed with a documented code`, async () => {
    const bystander = await Bystander.start();
    const someone = await person();
    const failures: string[] = [];
    const allowed = [...TRANSPORT_CLOSES, WITH_ERROR];
    const cases = [...generate(random('frames:probe'), 'probe'), ...mustClose('probe')];
    const tally = new Tally();
    for (const hostile of cases) {
      const connection = connected(await someone.client.joinOrCreate('probe'));
      await connection.room.waitForMessage('welcome');
      await probe(connection, hostile, allowed, failures, hostile.label === 'a text frame', tally);
    }
    assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases failed (seed ${SEED})`);
    assert.ok((tally.counts.get('answered') ?? 0) > 2 && (tally.counts.get(`closed ${CLOSE_CODES.PROTOCOL_VIOLATION}`) ?? 0) > 10, `both outcomes were reached: ${tally}`);
    const check = connected(await someone.client.joinOrCreate('probe'));
    const echo = new Inbox(check.room, 'echo');
    check.room.send('echo', { still: 'here' });
    assert.deepEqual(await echo.next(), { still: 'here' });
    await bystander.stillServes();
  });

  it('to the probe room: the frames that must close do, with 1002 (1003 for text)', async () => {
    const someone = await person();
    for (const hostile of mustClose('probe')) {
      const connection = connected(await someone.client.joinOrCreate('probe'));
      await connection.room.waitForMessage('welcome');
      const failures: string[] = [];
      const text = hostile.label === 'a text frame';
      await probe(connection, hostile, [text ? CLOSE_CODES.UNSUPPORTED_DATA : CLOSE_CODES.PROTOCOL_VIOLATION], failures, text);
      assert.deepEqual(failures, [], hostile.label);
      assert.equal(connection.room.connection.isOpen, false, `${hostile.label} closed the connection`);
    }
  });

  it(`as a chess player: ${generate(random('frames:chess'), 'chess').length} seeded cases, and the game does not move`, async () => {
    const bystander = await Bystander.start();
    const game = await casualGame();
    await play(game, 'e4', 'e5');
    const black: Person = game.black;
    const fields = () => {
      const { fen, moves, status, version, drawOffer, takebackOffer, rematchOffer, result } = game.server.state;
      return { fen, moves: [...moves], status, version, drawOffer, takebackOffer, rematchOffer, result };
    };
    const before = fields();
    const failures: string[] = [];
    const cases = [...generate(random('frames:chess'), 'chess'), ...mustClose('chess')];
    const tally = new Tally();
    let answered = 0;
    for (const hostile of cases) {
      // Black takes its seat again for each case: the newest connection holds it.
      const connection = connected(await black.client.joinById(game.roomId));
      await probe(connection, hostile, TRANSPORT_CLOSES, failures, hostile.label === 'a text frame', tally);
      answered += connection.errors.all.length;
    }
    assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases failed (seed ${SEED})`);
    assert.ok((tally.counts.get('answered') ?? 0) > 2 && (tally.counts.get(`closed ${CLOSE_CODES.PROTOCOL_VIOLATION}`) ?? 0) > 10, `both outcomes were reached: ${tally}`);
    assert.ok(answered > 5, `some frames reached the room and were refused with a typed error (${answered})`);
    assert.deepEqual(fields(), before, 'no frame moved the game');
    const back = await black.client.joinById<ChessState>(game.roomId);
    game.black.room = back;
    await play(game, 'Nf3', 'Nc6');
    await bystander.stillServes();
  });
});
