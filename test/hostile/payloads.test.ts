/**
 * Attacks every message type of every room (docs/protocol.md §3–§6), and types no room has, with
 * the corpus of corpus.ts (wrong types, missing and extra fields, Date/Map/Set/binary, prototype
 * keys at any depth, nesting past 16, NaN/±Infinity/unsafe numbers/BigInt, 4 KB strings, hand-made
 * msgpack) and with well-shaped payloads the rules refuse. Asserts for each: one typed error of the
 * expected code (never INTERNAL_ERROR), a message that leaks nothing and is not much larger than
 * what was sent, and the server-side state unchanged (spectators aside); then that a bystander game
 * still accepts a move. Frames over the transport's 4 KB limit close the connection with 1009.
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { matchMaker } from '@colyseus/core';
import type { Room } from '@colyseus/sdk';
import { LobbyExchange } from '../../rooms/lobby/exchange.ts';
import { poolNames } from '../../src/lobby/catalog.ts';
import { createDraft, joinDraft, people, untilDraft, type InDraft } from '../support/draft.ts';
import { casualMatch, untilState } from '../support/backgammon.ts';
import { casualGame, Inbox, person, play } from '../support/chess.ts';
import { enterLobby, lobbyPerson, type InLobby } from '../support/lobby.ts';
import {
  Bystander, casesOf, closed, frameOfSize, MAX_FRAME, MESSAGE_TOO_BIG, runCases, serverRoom, socketOf, stateOf,
  type Arena, type Outcome, type Sender,
} from './attack.ts';
import { random, SEED, type Case } from './corpus.ts';
import { HOSTILE_POOLS, ROOMS, type RoomSpec } from './protocol.ts';

function countCases(spec: RoomSpec): number {
  return spec.messages.reduce((sum, message) => sum + casesOf(message, spec.versioned).length, 0) + unknownCases(spec).length;
}

/** Seeded type names (at most 20 characters, so at most 60 bytes), none of them a type of the room or "*". */
function randomTypes(spec: RoomSpec): string[] {
  const r = random(`payloads:types:${spec.room}`);
  const known = new Set(['*', ...spec.messages.map(({ type }) => type)]);
  return Array.from({ length: 12 }, () => r.string(1 + r.int(20))).filter((type) => !known.has(type));
}

/** Each unknown type with no payload and with one; each known type sent as raw bytes (no room takes bytes). */
function unknownCases(spec: RoomSpec): Array<{ type: string | number; c: Case }> {
  const codes = ['UNKNOWN_MESSAGE'];
  return [
    ...[...spec.unknown, ...randomTypes(spec)].flatMap((type) => [
      { type, c: { label: 'an unknown type, no payload', codes } },
      { type, c: { label: 'an unknown type, with a payload', payload: { uci: 'e2e4', text: 'hi' }, codes } },
    ]),
    ...spec.messages.map(({ type }) => ({ type, c: { label: 'a known type as raw bytes', raw: Buffer.from('e2e4'), bytesFrame: true, codes } })),
  ];
}

/** Every message's corpus, then the unknown types, against one arena. */
async function attack(spec: RoomSpec, arena: Arena, unchanged: () => Promise<string | undefined> = async () => undefined): Promise<Outcome> {
  const outcome: Outcome = { cases: 0, failures: [] };
  const check = async (after: string) => {
    const problem = await unchanged();
    if (problem) outcome.failures.push(`after ${after}: ${problem}`);
  };
  for (const message of spec.messages) {
    await runCases(arena, message.type, casesOf(message, spec.versioned), message.bucket, outcome);
    await check(message.type);
  }
  for (const { type, c } of unknownCases(spec)) await runCases(arena, type, [c], 'unknown', outcome);
  await check('the unknown types');
  return outcome;
}

function report(outcome: Outcome, expected: number): void {
  assert.deepEqual(outcome.failures, [], `${outcome.failures.length} of ${outcome.cases} cases failed`);
  assert.equal(outcome.cases, expected, 'every case was sent');
}

/** A spectator who sends one frame of exactly the limit (answered) and one a byte over it (closed, 1009). */
async function overTheLimit(room: Room, type: string, field: string, answer: string): Promise<void> {
  room.reconnection.enabled = false;
  const errors = new Inbox(room, 'error');
  const ended = closed(room);
  socketOf(room).send(frameOfSize(type, field, MAX_FRAME));
  const refusal = await errors.next();
  assert.equal(refusal.code, answer, `a frame of exactly ${MAX_FRAME} bytes is read and answered`);
  socketOf(room).send(frameOfSize(type, field, MAX_FRAME + 1));
  assert.equal(await ended, MESSAGE_TOO_BIG);
}

async function hugeFrame(room: Room, type: string, field: string): Promise<void> {
  room.reconnection.enabled = false;
  const ended = closed(room);
  socketOf(room).send(frameOfSize(type, field, 256 * 1024));
  assert.equal(await ended, MESSAGE_TOO_BIG);
}

describe(`hostile payloads: every message of every room, refused without effect (seed ${SEED} for the type names)`, function () {
  this.timeout(120_000);

  it(`chess: ${countCases(ROOMS.chess!)} malformed or refused payloads are each answered with a typed error and change nothing`, async () => {
    const bystander = await Bystander.start();
    const game = await casualGame();
    await play(game, 'e4', 'e5');
    const chat = [new Inbox(game.white.room, 'chat'), new Inbox(game.black.room, 'chat')];
    const version = game.server.state.version;
    const arena: Arena = {
      sender: (by) => (by === 'mover' ? game.white : game.black),
      snapshot: () => stateOf(game.server),
      quiet: chat,
    };
    report(await attack(ROOMS.chess!, arena), countCases(ROOMS.chess!));
    assert.equal(game.server.state.version, version);
    assert.equal(game.server.state.status, 'playing');
    await play(game, 'Nf3');
    await bystander.stillServes();
  });

  it(`backgammon: ${countCases(ROOMS.backgammon!)} malformed or refused payloads are each answered with a typed error and change nothing`, async () => {
    const bystander = await Bystander.start();
    const match = await casualMatch();
    await untilState(match.white.room, (s) => s.phase === 'move' && s.turn !== '');
    const state = match.server.state;
    const mover = match.seat(state.turn as 'white' | 'black');
    const waiter = match.seat(state.turn === 'white' ? 'black' : 'white');
    const chat = [new Inbox(match.white.room, 'chat'), new Inbox(match.black.room, 'chat')];
    const version = state.version;
    const arena: Arena = { sender: (by) => (by === 'mover' ? mover : waiter), snapshot: () => stateOf(match.server), quiet: chat };
    report(await attack(ROOMS.backgammon!, arena), countCases(ROOMS.backgammon!));
    assert.equal(match.server.state.version, version);
    await bystander.stillServes();
  });

  async function captains(draft: { roomId: string }, ids: string[], all: Awaited<ReturnType<typeof people>>): Promise<InDraft[]> {
    return Promise.all(ids.map((id) => joinDraft(all.find((p) => p.player.id === id)!, draft.roomId)));
  }

  it(`player draft: ${countCases(ROOMS.playerDraft!)} malformed or refused payloads are each answered with a typed error and change nothing`, async () => {
    const bystander = await Bystander.start();
    const [a, b, p1, p2] = await people(4);
    const draft = await createDraft({
      kind: 'players', style: 'normal', pickSeconds: 3600,
      pool: [{ playerId: p1!.player.id, name: 'One', mmr: 1 }, { playerId: p2!.player.id, name: 'Two', mmr: 2 }],
      teams: [{ name: 'A', captainId: a!.player.id, captainMmr: 0 }, { name: 'B', captainId: b!.player.id, captainMmr: 0 }],
    });
    const seated = await captains(draft, [a!.player.id, b!.player.id], [a!, b!]);
    await untilDraft(seated[0]!.room, (s) => s.status === 'drafting');
    const server = serverRoom<{ state: any }>(draft.roomId);
    const active = server.state.activeTeam as number;
    const chat = seated.map((captain) => new Inbox(captain.room, 'chat'));
    const version = server.state.version;
    const arena: Arena = {
      sender: (by) => seated[by === 'mover' ? active : 1 - active] as Sender,
      snapshot: () => stateOf(server),
      quiet: chat,
    };
    report(await attack(ROOMS.playerDraft!, arena), countCases(ROOMS.playerDraft!));
    assert.equal(server.state.version, version);
    assert.equal(server.state.status, 'drafting', 'the draft is still waiting for its first pick');
    await bystander.stillServes();
  });

  it(`hero draft: ${countCases(ROOMS.heroDraft!)} malformed or refused payloads are each answered with a typed error and change nothing`, async () => {
    const bystander = await Bystander.start();
    const [a, b] = await people(2);
    const draft = await createDraft({ kind: 'heroes', teams: [{ name: 'Radiant', captainId: a!.player.id }, { name: 'Dire', captainId: b!.player.id }] });
    const seated = await captains(draft, [a!.player.id, b!.player.id], [a!, b!]);
    await untilDraft(seated[0]!.room, (s) => s.status === 'choosing');
    const server = serverRoom<{ state: any }>(draft.roomId);
    const chooser = server.state.chooser as number;
    const chat = seated.map((captain) => new Inbox(captain.room, 'chat'));
    const version = server.state.version;
    const arena: Arena = {
      sender: (by) => seated[by === 'mover' ? chooser : 1 - chooser] as Sender,
      snapshot: () => stateOf(server),
      quiet: chat,
    };
    report(await attack(ROOMS.heroDraft!, arena), countCases(ROOMS.heroDraft!));
    assert.equal(server.state.version, version);
    assert.equal(server.state.status, 'choosing');
    await bystander.stillServes();
  });

  it(`lobby: ${countCases(ROOMS.lobby!)} malformed or refused payloads are each answered with a typed error and change nothing`, async () => {
    const bystander = await Bystander.start();
    const attacker = await lobbyPerson('guest');
    const exchange = new LobbyExchange(matchMaker.presence);
    const pools = [...poolNames(), ...HOSTILE_POOLS];
    const everything = async () => ({
      seeks: await exchange.seeks(),
      challenges: await exchange.challenges(),
      pools: Object.fromEntries(await Promise.all(pools.map(async (pool) => [pool, await exchange.entries(pool)] as const))),
    });
    const initial = await everything();
    const { inbox } = attacker;
    const arena: Arena = {
      sender: () => ({ room: attacker.lobby, errors: inbox.error }),
      snapshot: () => null,
      quiet: [inbox['seek:created'], inbox['queue:joined'], inbox['queue:left'], inbox['challenge:sent'], inbox.matched, inbox.seeks, inbox.rooms],
    };
    const outcome = await attack(ROOMS.lobby!, arena, async () => {
      const now = await everything();
      if (isDeepStrictEqual(now, initial)) return undefined;
      const made = Object.entries(now.pools).filter(([, entries]) => entries.length > 0).map(([pool]) => `a place in ${JSON.stringify(pool)}`);
      return `something was made: ${[...made, ...now.seeks.map((seek) => `seek ${JSON.stringify(seek.settings)}`), ...now.challenges.map((c) => `challenge ${c.id}`)].join(', ')}`;
    });
    report(outcome, countCases(ROOMS.lobby!));
    await bystander.stillServes();
  });

  describe(`frames over the ${MAX_FRAME}-byte limit`, () => {
    it('chess: a frame of exactly the limit is answered; one byte more, or 256 kB, closes that connection alone (1009)', async () => {
      const game = await casualGame();
      await play(game, 'e4', 'e5');
      const before = stateOf(game.server);
      const [watcher, other] = await Promise.all([person(), person()]);
      await overTheLimit(await watcher.client.joinById(game.roomId, { spectate: true }), 'chat', 'text', 'INVALID_PAYLOAD');
      await hugeFrame(await other.client.joinById(game.roomId, { spectate: true }), 'move', 'uci');
      assert.deepEqual(stateOf(game.server), before);
      await play(game, 'Nf3');
    });

    it('backgammon: the same', async () => {
      const match = await casualMatch();
      const before = stateOf(match.server);
      const [watcher, other] = await Promise.all([person(), person()]);
      await overTheLimit(await watcher.client.joinById(match.roomId, { spectate: true }), 'move', 'steps', 'NOT_A_PLAYER');
      await hugeFrame(await other.client.joinById(match.roomId, { spectate: true }), 'chat', 'text');
      assert.deepEqual(stateOf(match.server), before);
    });

    it('draft: the same', async () => {
      const bystander = await Bystander.start();
      const [a, b, watcherPerson, otherPerson] = await people(4);
      const draft = await createDraft({ kind: 'heroes', teams: [{ name: 'Radiant', captainId: a!.player.id }, { name: 'Dire', captainId: b!.player.id }] });
      const before = stateOf(serverRoom(draft.roomId));
      await overTheLimit((await joinDraft(watcherPerson!, draft.roomId)).room, 'chat', 'text', 'INVALID_PAYLOAD');
      await hugeFrame((await joinDraft(otherPerson!, draft.roomId)).room, 'pick', 'heroId');
      assert.deepEqual(stateOf(serverRoom(draft.roomId)), before);
      await bystander.stillServes();
    });

    it('lobby: the same, and the lobby goes on for the others', async () => {
      const stays: InLobby = await lobbyPerson();
      const [one, two] = await Promise.all([person(), person()]);
      await overTheLimit((await enterLobby(one)).lobby, 'filter', 'name', 'INVALID_PAYLOAD');
      await hugeFrame((await enterLobby(two)).lobby, 'seek', 'game');
      stays.inbox.rooms.clear();
      stays.lobby.send('filter', { name: 'chess' });
      assert.ok(Array.isArray(await stays.inbox.rooms.next()));
    });
  });
});
