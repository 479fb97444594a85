/**
 * Forged and mistyped create/join options, for every room (chess, backgammon, draft, lobby) and
 * every matchmaking method (create, joinOrCreate, join, joinById): options that are not objects,
 * `__proto__`/`constructor`/`prototype` at any depth (as raw JSON: the SDK would stringify them
 * away), the server's own keys (`rated`, `seats`, `organiser`), a wrong type for every option,
 * unknown keys, numbers JSON cannot hold. Asserts each is refused with a 4xx or a matchmaking 52x
 * (never 523/526/5xx), with a message that leaks nothing, that no room is created and the target
 * room has no new client; then that a valid join of the same player still succeeds, so the refusals
 * were the options' doing.
 */
import assert from 'node:assert/strict';
import { matchMaker } from '@colyseus/core';
import type { Client, Room } from '@colyseus/sdk';
import { BASE_URL } from '../support/harness.ts';
import { person, type Person } from '../support/chess.ts';
import { createDraft, people } from '../support/draft.ts';
import { lobbyPerson } from '../support/lobby.ts';
import { leak, serverRoom } from './attack.ts';
import { nest, nestObjects } from './corpus.ts';

const METHODS = ['create', 'joinOrCreate', 'join', 'joinById'] as const;
type Method = (typeof METHODS)[number];

/** A refusal the client may be given: a 4xx, or one of the matchmaking codes that are not the server's fault. */
function acceptable(code: number): boolean {
  return (code >= 400 && code < 500) || [520, 521, 522, 524, 525].includes(code);
}

/** Options the SDK sends as JSON, for every room. */
function commonOptions(attacker: Person): Array<[string, unknown]> {
  const seats = { white: attacker.player.id, black: attacker.player.id };
  return [
    ['a string', 'x'], ['a number', 5], ['true', true], ['an empty array', []], ['an array of an object', [{ spectate: true }]], ['"rated"', 'rated'],
    ['rated: true', { rated: true }], ['rated: false', { rated: false }], ['rated: null', { rated: null }], ['rated: "true"', { rated: 'true' }],
    ['seats for oneself', { seats }], ['seats: null', { seats: null }], ['organiser', { organiser: attacker.player.id }],
    ['rated beside spectate', { spectate: true, rated: true }], ['rated inside an option', { filter: { rated: true }, time: { rated: true } }],
    ['spectate: "yes"', { spectate: 'yes' }], ['spectate: 1', { spectate: 1 }], ['spectate: "true"', { spectate: 'true' }],
    ['spectate: null', { spectate: null }], ['spectate: {}', { spectate: {} }], ['spectate: [true]', { spectate: [true] }],
    ['an unknown key', { nonsense: true }], ['an empty key', { '': 1 }], ['a 200-character key', { ['k'.repeat(200)]: 1 }],
    ['a token in the options', { token: 'x', _authToken: 'x' }], ['a player id in the options', { playerId: attacker.player.id, sub: attacker.player.id }],
    ['nesting 17 deep', { spectate: true, x: nest(17) }], ['objects 40 deep', { x: nestObjects(40) }],
    ['a NUL in a string', { spectate: true, x: 'a\u0000b' }], ['a NUL in a key', { 'a\u0000': 1 }],
  ];
}

/**
 * Options of the right shape that only a creation reads (and refuses): a join may carry the room's
 * create options, which it ignores (§2), so these are tried with `create` alone.
 */
const CREATE_ONLY: Record<string, Array<[string, unknown]>> = {
  chess: [
    ['fen: "not a fen"', { fen: 'not a fen' }], ['fen: ""', { fen: '' }], ['a fen with no kings', { fen: '8/8/8/8/8/8/8/8 w - - 0 1' }],
    ['a fen with the side not to move in check', { fen: '4k3/8/8/8/8/8/8/3KR3 w - - 0 1' }], ['a fen already mate', { fen: '7k/6Q1/6K1/8/8/8/8/8 b - - 0 1' }],
    ['a fen with nine queens', { fen: 'QQQQQQQQ/Q7/8/8/8/8/8/k1K5 w - - 0 1' }],
  ],
  backgammon: [['jacoby in a match', { jacoby: true, matchLength: 3 }]],
  draft: [['an empty draft (no organiser)', {}]],
  lobby: [],
};

const ROOM_OPTIONS: Record<string, Array<[string, unknown]>> = {
  chess: [
    ['time: "5+0"', { time: '5+0' }], ['time: 300', { time: 300 }], ['time with a string', { time: { initial: '60', increment: 0 } }],
    ['time of 1e9 s', { time: { initial: 1e9, increment: 0 } }], ['time without increment', { time: { initial: 60 } }],
    ['time with an extra key', { time: { initial: 60, increment: 0, x: 1 } }], ['time 0+0', { time: { initial: 0, increment: 0 } }],
    ['time -1', { time: { initial: -1, increment: 0 } }], ['time 60.5', { time: { initial: 60.5, increment: 0 } }],
    ['time as an array', { time: [60, 0] }], ['color: "green"', { color: 'green' }], ['color: 7', { color: 7 }], ['color: null', { color: null }],
    ['color: ["white"]', { color: ['white'] }], ['fen: 5', { fen: 5 }],
    ['fen of 101 characters', { fen: 'x'.repeat(101) }], ['fen: {}', { fen: {} }],
    ['a rated game with a fen', { rated: true, fen: '4k3/8/8/8/8/8/8/4K3 w - - 0 1' }], ['matchLength (backgammon\'s)', { matchLength: 3 }],
  ],
  backgammon: [
    ['matchLength: 1e9', { matchLength: 1e9 }], ['matchLength: -1', { matchLength: -1 }], ['matchLength: 2.5', { matchLength: 2.5 }],
    ['matchLength: "5"', { matchLength: '5' }], ['matchLength: 26', { matchLength: 26 }], ['matchLength: null', { matchLength: null }],
    ['clock: "12+120"', { clock: '12+120' }], ['clock with a negative delay', { clock: { delay: -1, reserve: 0 } }],
    ['clock 0+0', { clock: { delay: 0, reserve: 0 } }], ['clock without reserve', { clock: { delay: 1 } }],
    ['clock with an extra key', { clock: { delay: 1, reserve: 1, x: 1 } }], ['jacoby: "yes"', { jacoby: 'yes' }], ['jacoby: 1', { jacoby: 1 }],
    ['clientSeed: {}', { clientSeed: {} }], ['clientSeed: ""', { clientSeed: '' }],
    ['clientSeed of 65 characters', { clientSeed: 's'.repeat(65) }], ['clientSeed: "é"', { clientSeed: 'é' }], ['clientSeed: " "', { clientSeed: ' ' }],
    ['clientSeed: 5', { clientSeed: 5 }], ['clientSeed: ["a"]', { clientSeed: ['a'] }], ['time (chess\'s)', { time: { initial: 60, increment: 0 } }],
  ],
  draft: [
    ['kind: "players"', { kind: 'players' }], ['a whole draft', { kind: 'heroes', teams: [{ name: 'A', captainId: 'x' }, { name: 'B', captainId: 'y' }] }],
    ['pickSeconds', { pickSeconds: 5 }], ['a team', { team: 0 }], ['captain: true', { captain: true }], ['leagueId', { leagueId: '00000000-0000-0000-0000-000000000000' }],
  ],
  lobby: [
    ['filter: "abc"', { filter: 'abc' }], ['filter.metadata: "abc"', { filter: { metadata: 'abc' } }], ['filter.name: 5', { filter: { name: 5 } }],
    ['filter.metadata with an object value', { filter: { metadata: { a: {} } } }],
    ['filter.metadata of 400 bad values', { filter: { metadata: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, {}])) } }],
    ['filter with an extra key', { filter: { name: 'chess', x: 1 } }], ['ratingRange: "x"', { ratingRange: 'x' }],
    ['ratingRange upside down', { ratingRange: [2000, 1000] }], ['ratingRange of one', { ratingRange: [1] }], ['ratingRange beyond 4000', { ratingRange: [0, 5000] }],
    ['ratingRange: {}', { ratingRange: {} }],
  ],
};

/** Bodies as raw JSON text, which no SDK sends: prototype keys, numbers beyond float64, not an object. */
const RAW_BODIES: Array<[string, string]> = [
  ['an own __proto__ with rated', '{"__proto__":{"rated":true}}'],
  ['__proto__ written with escapes', '{"\\u005f\\u005fproto\\u005f\\u005f":{"rated":true}}'],
  ['__proto__ in an option', '{"time":{"initial":60,"increment":0,"__proto__":{"rated":true}}}'],
  ['__proto__ 5 deep', '{"a":{"b":{"c":{"d":{"__proto__":{"rated":true}}}}}}'],
  ['constructor.prototype', '{"constructor":{"prototype":{"rated":true}}}'],
  ['constructor in an array', '{"x":[{"constructor":1}]}'],
  ['prototype', '{"prototype":{"rated":true}}'],
  ['seats through __proto__', '{"__proto__":{"seats":{"white":"a","black":"b"}}}'],
  ['organiser through __proto__', '{"__proto__":{"organiser":"a"}}'],
  ['1e400 (Infinity)', '{"matchLength":1e400}'],
  ['-1e400', '{"x":-1e400}'],
  ['null', 'null'], ['a string', '"x"'], ['a number', '5'], ['true', 'true'], ['an array', '[{"rated":true}]'],
  ['nesting 17 deep', `{"x":${'['.repeat(17)}${']'.repeat(17)}}`],
  ['a NUL escape', '{"spectate":true,"x":"\\u0000"}'],
  ['not JSON', '{"spectate":'],
];

interface Refused { code: number; message: string }

/** A matchmaking request through the SDK: resolves to the refusal, or fails if the client got in. */
async function viaSdk(client: Client, method: Method, roomName: string, targetId: string, options: unknown): Promise<Refused | Room> {
  try {
    const room = method === 'joinById'
      ? await client.joinById(targetId, options as Record<string, unknown>)
      : await client[method](roomName, options as Record<string, unknown>);
    return room;
  } catch (error) {
    const { code, message } = error as { code?: number; message?: string };
    return { code: Number(code), message: String(message) };
  }
}

async function viaHttp(token: string, method: Method, roomName: string, targetId: string, body: string): Promise<Refused & { room?: unknown }> {
  const path = method === 'joinById' ? `/matchmake/joinById/${targetId}` : `/matchmake/${method}/${roomName}`;
  const response = await fetch(`${BASE_URL}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body,
  });
  const text = await response.text();
  let answer: { code?: number; error?: string; room?: unknown } = {};
  try {
    answer = JSON.parse(text);
  } catch {
    answer = { error: text };
  }
  return { code: response.status, message: String(answer.error), room: answer.room };
}

function isRoom(outcome: Refused | Room): outcome is Room {
  return typeof (outcome as Room).leave === 'function';
}

interface Target { roomName: string; roomId: string; clients: () => number }

/** Every option of `options` and every raw body, by every method; each must be refused with nothing made. */
async function refuseAll(attacker: Person, target: Target, options: Array<[string, unknown]>,
  createOnly: Array<[string, unknown]>): Promise<{ tried: number; failures: string[] }> {
  const warn = console.warn;
  // The SDK warns of every connection closed before it joined: here, every refusal at connection time.
  console.warn = (...args: unknown[]) => { if (!/^Room connection was closed unexpectedly/.test(String(args[0]))) warn(...args); };
  try {
    return await refuseEach(attacker, target, options, createOnly);
  } finally {
    console.warn = warn;
  }
}

async function refuseEach(attacker: Person, target: Target, options: Array<[string, unknown]>,
  createOnly: Array<[string, unknown]>): Promise<{ tried: number; failures: string[] }> {
  const failures: string[] = [];
  let tried = 0;
  const rooms = matchMaker.stats.local.roomCount;
  const clients = target.clients();
  const check = (where: string, refused: Refused) => {
    if (!acceptable(refused.code)) failures.push(`${where}: ${refused.code} ${refused.message}`);
    const leaked = leak(refused.message);
    if (leaked) failures.push(`${where}: the message leaks "${leaked}": ${refused.message}`);
  };
  for (const method of METHODS) {
    for (const [label, value] of method === 'create' ? [...options, ...createOnly] : options) {
      const where = `${method} ${target.roomName} with ${label}`;
      tried += 1;
      const outcome = await viaSdk(attacker.client, method, target.roomName, target.roomId, value);
      if (isRoom(outcome)) {
        failures.push(`${where}: admitted to ${outcome.roomId}`);
        await outcome.leave();
        continue;
      }
      check(where, outcome);
    }
    for (const [label, body] of RAW_BODIES) {
      const where = `${method} ${target.roomName} with raw ${label}`;
      tried += 1;
      const answer = await viaHttp(attacker.token, method, target.roomName, target.roomId, body);
      if (answer.room !== undefined) failures.push(`${where}: a seat was reserved (${answer.code})`);
      check(where, answer);
    }
  }
  if (matchMaker.stats.local.roomCount !== rooms) failures.push(`${matchMaker.stats.local.roomCount - rooms} rooms were created`);
  if (target.clients() !== clients) failures.push(`the target room has ${target.clients()} clients, not ${clients}`);
  return { tried, failures };
}

function clientsOf(roomId: string): () => number {
  return () => serverRoom<{ clients: { length: number } }>(roomId).clients.length;
}

describe('hostile join and create options', function () {
  this.timeout(60_000);

  it('chess: forged and mistyped options are refused by every method, creating nothing', async () => {
    const [creator, attacker] = await Promise.all([person(), person()]);
    const waiting = await creator.client.create('chess', { color: 'white' });
    const result = await refuseAll(attacker, { roomName: 'chess', roomId: waiting.roomId, clients: clientsOf(waiting.roomId) },
      [...commonOptions(attacker), ...ROOM_OPTIONS.chess!], CREATE_ONLY.chess!);
    assert.deepEqual(result.failures, [], `${result.failures.length} of ${result.tried} failed`);
    const seated = await attacker.client.joinById(waiting.roomId, {});
    assert.equal(seated.roomId, waiting.roomId, 'the same player, with valid options, takes the free seat');
  });

  it('backgammon: the same', async () => {
    const [creator, attacker] = await Promise.all([person(), person()]);
    const waiting = await creator.client.create('backgammon', {});
    const result = await refuseAll(attacker, { roomName: 'backgammon', roomId: waiting.roomId, clients: clientsOf(waiting.roomId) },
      [...commonOptions(attacker), ...ROOM_OPTIONS.backgammon!], CREATE_ONLY.backgammon!);
    assert.deepEqual(result.failures, [], `${result.failures.length} of ${result.tried} failed`);
    const seated = await attacker.client.joinById(waiting.roomId, { clientSeed: 'fair' });
    assert.equal(seated.roomId, waiting.roomId);
  });

  it('draft: the same (and a client can never create one)', async () => {
    const [a, b] = await people(2);
    const draft = await createDraft({ kind: 'heroes', teams: [{ name: 'Radiant', captainId: a!.player.id }, { name: 'Dire', captainId: b!.player.id }] });
    const attacker = await person();
    const result = await refuseAll(attacker, { roomName: 'draft', roomId: draft.roomId, clients: clientsOf(draft.roomId) },
      [...commonOptions(attacker), ...ROOM_OPTIONS.draft!], CREATE_ONLY.draft!);
    assert.deepEqual(result.failures, [], `${result.failures.length} of ${result.tried} failed`);
    const rooms = matchMaker.stats.local.roomCount;
    await assert.rejects(attacker.client.create('draft', {}), (error: { code: number; message: string }) => error.code === 521 && !leak(error.message));
    assert.equal(matchMaker.stats.local.roomCount, rooms);
    const watching = await attacker.client.joinById(draft.roomId, { spectate: true });
    assert.equal(watching.roomId, draft.roomId);
  });

  it('lobby: the same', async () => {
    const present = await lobbyPerson();
    const attacker = await person();
    const result = await refuseAll(attacker, { roomName: 'lobby', roomId: present.lobby.roomId, clients: clientsOf(present.lobby.roomId) },
      [...commonOptions(attacker), ...ROOM_OPTIONS.lobby!], CREATE_ONLY.lobby!);
    assert.deepEqual(result.failures, [], `${result.failures.length} of ${result.tried} failed`);
    const joined = await attacker.client.joinOrCreate('lobby', { ratingRange: [0, 4000] });
    assert.equal(joined.roomId, present.lobby.roomId, 'the same player, with valid options, joins the lobby');
  });
});
