/**
 * The frames a hostile client can send on its own socket, below the SDK: every connection has a
 * budget, only frames of the protocol are read, and an exception while one frame is handled
 * closes that connection alone. Each case checks the close code the client sees, and that
 * another game on the same server goes on.
 */
import assert from 'node:assert/strict';
import type { Room } from '@colyseus/sdk';
import { pack } from 'msgpackr';
import { SOCKET_BUDGET } from '../../src/transport/socket-guard.ts';
import { CLOSE_CODES } from '../../src/transport/close-codes.ts';
import { eventually, harness } from '../support/harness.ts';
import { casualGame, Inbox, person, play, type ChessGameUnderTest } from '../support/chess.ts';

const JOIN = 10;
const ROOM_DATA = 13;

function socketOf(room: Room): WebSocket {
  return (room.connection as unknown as { transport: { ws: WebSocket } }).transport.ws;
}

function left(room: Room): Promise<number> {
  return new Promise((resolve) => room.onLeave((code) => resolve(code)));
}

/** A ROOM_DATA frame as Colyseus encodes one: the type as a msgpack string, then the payload. */
function message(type: string | Buffer, payload?: Buffer): Buffer {
  const name = typeof type === 'string' ? Buffer.from(type) : type;
  return Buffer.concat([Buffer.from([ROOM_DATA, 0xa0 | name.length]), name, payload ?? Buffer.alloc(0)]);
}

/** A chess game of two others still plays on: a move reaches the opponent. */
async function stillPlays(game: ChessGameUnderTest, move: string): Promise<void> {
  await play(game, move);
}

describe('the socket guard (frames below the SDK)', () => {
  let bystanders: ChessGameUnderTest;
  beforeEach(async () => { bystanders = await casualGame(); });

  async function victim(): Promise<{ room: Room; errors: Inbox; closed: Promise<number> }> {
    const someone = await person();
    const room = await someone.client.joinOrCreate('probe');
    room.reconnection.enabled = false;
    await room.waitForMessage('welcome');
    return { room, errors: new Inbox(room, 'error'), closed: left(room) };
  }

  const violations: [string, Buffer | string, number][] = [
    ['a text frame', 'hello', CLOSE_CODES.UNSUPPORTED_DATA],
    ['an unknown protocol code', Buffer.from([5]), CLOSE_CODES.PROTOCOL_VIOLATION],
    ['an input frame (no room takes inputs)', Buffer.from([19, 1, 2]), CLOSE_CODES.PROTOCOL_VIOLATION],
    ['modifier bits on a message', Buffer.from([ROOM_DATA | 0x20, 0xa1, 0x61]), CLOSE_CODES.PROTOCOL_VIOLATION],
    ['a second join', Buffer.from([JOIN]), CLOSE_CODES.PROTOCOL_VIOLATION],
    ['a leave with trailing bytes', Buffer.from([12, 0]), CLOSE_CODES.PROTOCOL_VIOLATION],
    ['an empty frame', Buffer.alloc(0), CLOSE_CODES.PROTOCOL_VIOLATION],
    ['a message type that is not UTF-8', message(Buffer.from([0xff, 0xfe, 0x61])), CLOSE_CODES.PROTOCOL_VIOLATION],
    ['a message type cut short', Buffer.from([ROOM_DATA, 0xa5, 0x61]), CLOSE_CODES.PROTOCOL_VIOLATION],
    ['a message type that is a negative number', Buffer.from([ROOM_DATA, 0xff]), CLOSE_CODES.PROTOCOL_VIOLATION],
    ['a payload that is not whole msgpack', message('echo', Buffer.from([0x92, 0x01])), CLOSE_CODES.PROTOCOL_VIOLATION],
    ['a payload with bytes after its value', message('echo', Buffer.concat([pack({ a: 1 }), Buffer.from([1])])), CLOSE_CODES.PROTOCOL_VIOLATION],
    ['a request with no request id', Buffer.from([21]), CLOSE_CODES.PROTOCOL_VIOLATION],
  ];
  for (const [what, frame, code] of violations) {
    it(`closes a connection that sends ${what} (${code})`, async () => {
      const { room, closed } = await victim();
      socketOf(room).send(frame);
      assert.equal(await closed, code);
      await stillPlays(bystanders, 'e4');
    });
  }

  it('reads well-formed frames as before: a message with its payload, and a ping', async () => {
    const { room } = await victim();
    const echo = new Inbox(room, 'echo');
    socketOf(room).send(message('echo', pack({ n: 1 })));
    assert.deepEqual(await echo.next(), { n: 1 });
    const pong = new Promise<void>((resolve) => room.ping(() => resolve()));
    await pong;
  });

  it('closes a connection whose frame makes a handler throw (1011), and the server goes on', async () => {
    const { room, closed } = await victim();
    const other = await victim();
    room.send('throw');
    assert.equal(await closed, CLOSE_CODES.INTERNAL_ERROR);
    const echo = new Inbox(other.room, 'echo');
    other.room.send('echo', { still: 'here' });
    assert.deepEqual(await echo.next(), { still: 'here' });
    await stillPlays(bystanders, 'd4');
  });

  it('tells a client whose join failed on a bug of ours one plain sentence, not the exception', async () => {
    const someone = await person();
    await assert.rejects(someone.client.create('probe', { failJoin: true }), (error: { code: number; message: string }) =>
      error.code === 526 && /could not complete this join/.test(error.message) && !/undefined|properties/.test(error.message));
    const other = await victim();
    other.room.send('echo', { n: 2 });
    assert.deepEqual(await new Inbox(other.room, 'echo').next(), { n: 2 });
  });

  it(`closes a connection that sends more than ${SOCKET_BUDGET.capacity} frames at once (1008), whatever they are`, async () => {
    const flooder = await person();
    const room = await flooder.client.joinById(bystanders.roomId, { spectate: true });
    room.reconnection.enabled = false;
    const errors = new Inbox(room, 'error');
    const closed = left(room);
    for (let i = 0; i <= SOCKET_BUDGET.capacity; i++) room.send('no-such-message');
    assert.equal(await closed, CLOSE_CODES.TOO_MANY_MESSAGES);
    assert.ok(errors.all.length <= SOCKET_BUDGET.capacity, `${errors.all.length} answers for ${SOCKET_BUDGET.capacity + 1} frames`);
    await stillPlays(bystanders, 'c4');
  });

  it('refills the budget with time: a client that keeps to it is never closed', async () => {
    const spectator = await person();
    const watching = await spectator.client.joinById(bystanders.roomId, { spectate: true });
    const answers = [new Inbox(watching, 'error'), new Inbox(watching, 'chat')];
    const received = () => answers.reduce((sum, inbox) => sum + inbox.all.length, 0);
    const perWindow = SOCKET_BUDGET.capacity - 1; // the join acknowledgement was a frame too
    for (let window = 1; window <= 3; window++) {
      for (let i = 0; i < perWindow; i++) watching.send('chat', { text: 'x' });
      // Every frame is answered (a chat line, or RATE_LIMITED from the room's own chat limit).
      await eventually(async () => (received() === window * perWindow ? true : undefined), `window ${window} answered`);
      harness().scheduler.advance((SOCKET_BUDGET.capacity / SOCKET_BUDGET.perSecond) * 1000);
    }
    assert.equal(answers[0]!.all.filter((m) => m.code !== 'RATE_LIMITED').length, 0);
    watching.send('chat', { text: 'still connected' });
    await eventually(async () => (answers[1]!.all.some((m) => m.text === 'still connected') ? true : undefined), 'the last line');
  });
});
