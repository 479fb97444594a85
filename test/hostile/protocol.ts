/**
 * docs/protocol.md as a hostile client reads it: every room, every message type with the fields
 * its payload has, the error codes the document lists, and for each message the well-shaped
 * payloads that the rules must refuse without changing anything (ids and moves that name nothing,
 * prototype names, NUL characters, offers nobody made). The corpus (corpus.ts) adds the payloads of
 * the wrong shape.
 */
import { HOSTILE_NAMES, type Case, type Field } from './corpus.ts';

export type Bucket = 'actions' | 'chat' | 'filters';

export interface MessageSpec {
  type: string;
  fields: Field[];
  bucket: Bucket;
  /** Whether the payload may carry `version` (every game action; not chat, which is no action). */
  versioned?: boolean;
  /** Payloads of the right shape (or shapes the fields cannot describe) that must be refused. */
  refused: Case[];
}

/** Codes every room may answer with (§2). */
export const COMMON_CODES = ['RATE_LIMITED', 'NOT_A_PLAYER', 'INVALID_PAYLOAD', 'STALE_VERSION', 'UNKNOWN_MESSAGE', 'INTERNAL_ERROR'] as const;

export const DOCUMENTED_CODES: Record<string, readonly string[]> = {
  chess: [...COMMON_CODES, 'ILLEGAL_MOVE', 'NOT_YOUR_TURN', 'NOT_STARTED', 'GAME_OVER', 'CANNOT_RESIGN', 'CANNOT_ABORT', 'OFFER_NOT_ALLOWED',
    'NO_OFFER', 'TAKEBACK_NOT_ALLOWED', 'CANNOT_CLAIM', 'REMATCH_FAILED'],
  backgammon: [...COMMON_CODES, 'ILLEGAL_PLAY', 'CANNOT_DOUBLE', 'NO_CUBE_OFFER', 'WRONG_PHASE', 'NOT_YOUR_TURN', 'CANNOT_RESIGN', 'NO_RESIGNATION', 'GAME_OVER'],
  draft: [...COMMON_CODES, 'NOT_YOUR_PICK', 'UNAVAILABLE', 'WRONG_PHASE', 'GAME_OVER'],
  lobby: [...COMMON_CODES, 'TOO_MANY_SEEKS', 'REGISTRATION_REQUIRED', 'NO_SUCH_SEEK', 'OUT_OF_RANGE', 'OWN_SEEK', 'PLAYER_BUSY', 'UNKNOWN_POOL',
    'NO_SUCH_PLAYER', 'CANNOT_CHALLENGE_SELF', 'NO_SUCH_CHALLENGE', 'MATCH_FAILED'],
};

/** A refusal by the rules; a string with a NUL character is not plain data, so refused by shape instead. */
const refusal = (label: string, payload: unknown, codes: readonly string[], by?: Case['by']): Case =>
  ({ label, payload, codes: JSON.stringify(payload ?? null).includes('\\u0000') ? ['INVALID_PAYLOAD'] : codes, ...(by ? { by } : {}) });

const chat: MessageSpec = {
  type: 'chat', bucket: 'chat', versioned: false,
  fields: [{ name: 'text', kind: 'string', valid: 'hello', required: true }],
  refused: [
    refusal('an empty line', { text: '' }, ['INVALID_PAYLOAD']),
    refusal('a line of spaces', { text: '   \n\t ' }, ['INVALID_PAYLOAD']),
    refusal('501 characters', { text: 'y'.repeat(501) }, ['INVALID_PAYLOAD']),
    refusal('2001 spaces (trimmed, still too long before)', { text: ' '.repeat(2001) }, ['INVALID_PAYLOAD']),
    refusal('a text and a role', { text: 'hi', role: 'white' }, ['INVALID_PAYLOAD']),
    refusal('a forged sender', { text: 'hi', from: 'admin', at: 0 }, ['INVALID_PAYLOAD']),
  ],
};

/** A message without fields (only `version`), refused by the rules in the position the test sets up. */
function bare(type: string, refused: Array<[Case['by'], readonly string[]]> = []): MessageSpec {
  return { type, bucket: 'actions', fields: [], refused: refused.map(([by, codes]) => refusal(`${type} by the ${by}`, undefined, codes, by)) };
}

/** Chess after 1. e4 e5, untimed: White (the mover) to play, Black (the waiter) waiting. */
const ILLEGAL_UCI = ['a1a1', 'e1e1', 'e4e5', 'h1h8', 'e7e5', '0000', '', 'zzzzz', 'e2e4q', 'e1g1', 'a2a5', 'e1c1'];
const ILLEGAL_SAN = ['', '--', '0000', 'e5', 'Ke3', 'a5', 'O-O', 'O-O-O', 'exd5', 'Nxe5', 'Qxf7#', 'e8=Q', 'Ke3\u0000', 'Nf3Nf3', 'Kxe8', '0-0-0-0',
  ...HOSTILE_NAMES.filter((name) => name.length <= 10 && name.trim() !== '')];

export const CHESS: MessageSpec[] = [
  {
    type: 'move', bucket: 'actions',
    fields: [{ name: 'uci', kind: 'string', valid: 'e7e6', required: true }],
    refused: [
      ...ILLEGAL_UCI.map((uci) => refusal(`the illegal move uci ${JSON.stringify(uci)}`, { uci }, ['ILLEGAL_MOVE'], 'mover')),
      ...ILLEGAL_SAN.map((san) => refusal(`the illegal move san ${JSON.stringify(san)}`, { san }, ['ILLEGAL_MOVE'], 'mover')),
      refusal('a legal move out of turn', { uci: 'g8f6' }, ['NOT_YOUR_TURN'], 'waiter'),
      refusal('both uci and san', { uci: 'g1f3', san: 'Nf3' }, ['INVALID_PAYLOAD'], 'mover'),
      refusal('san as a number', { san: 4 }, ['INVALID_PAYLOAD'], 'mover'),
      refusal('san of 11 characters', { san: 'Nf3Nf3Nf3Nf' }, ['INVALID_PAYLOAD'], 'mover'),
      refusal('uci of 6 characters', { uci: 'g1f3g1' }, ['INVALID_PAYLOAD'], 'mover'),
      refusal('san as null', { san: null }, ['INVALID_PAYLOAD'], 'mover'),
      refusal('a move with a from and to', { from: 'g1', to: 'f3' }, ['INVALID_PAYLOAD'], 'mover'),
    ],
  },
  bare('resign'),
  bare('abort', [['waiter', ['CANNOT_ABORT']], ['mover', ['CANNOT_ABORT']]]),
  bare('draw:offer'),
  bare('draw:accept', [['waiter', ['NO_OFFER']], ['mover', ['NO_OFFER']]]),
  bare('draw:decline', [['waiter', ['NO_OFFER']], ['mover', ['NO_OFFER']]]),
  bare('takeback:offer'),
  bare('takeback:accept', [['waiter', ['NO_OFFER']], ['mover', ['NO_OFFER']]]),
  bare('takeback:decline', [['waiter', ['NO_OFFER']], ['mover', ['NO_OFFER']]]),
  bare('claim:draw', [['waiter', ['NOT_YOUR_TURN', 'CANNOT_CLAIM']], ['mover', ['CANNOT_CLAIM']]]),
  {
    type: 'claim:victory', bucket: 'actions',
    fields: [{ name: 'draw', kind: 'boolean', valid: true, required: false }],
    refused: [
      refusal('a claim over a connected opponent', {}, ['CANNOT_CLAIM'], 'waiter'),
      refusal('a draw claim over a connected opponent', { draw: true }, ['CANNOT_CLAIM'], 'mover'),
    ],
  },
  bare('rematch:offer', [['waiter', ['OFFER_NOT_ALLOWED']], ['mover', ['OFFER_NOT_ALLOWED']]]),
  bare('rematch:accept', [['waiter', ['NO_OFFER']], ['mover', ['NO_OFFER']]]),
  bare('rematch:decline', [['waiter', ['NO_OFFER', 'OFFER_NOT_ALLOWED']], ['mover', ['NO_OFFER', 'OFFER_NOT_ALLOWED']]]),
  chat,
];

/** Backgammon after the opening roll, no clock: the mover must play the roll. */
const ILLEGAL_STEPS: number[][][] = [[], [[25, 0]], [[1e9, -1e9]], [[-1, -2]], [[0, 0], [0, 0], [0, 0], [0, 0]], [[24, 1]], [[2 ** 31, 0]],
  [[-0, 1]], [[2 ** 53 - 1, 1]], [[1, 1], [1, 1]], [[-2147483648, 24]], [[24, 24], [24, 24], [24, 24], [24, 24]]];

export const BACKGAMMON: MessageSpec[] = [
  bare('roll', [['waiter', ['NOT_YOUR_TURN', 'WRONG_PHASE']], ['mover', ['WRONG_PHASE']]]),
  {
    type: 'move', bucket: 'actions',
    fields: [{ name: 'steps', kind: 'steps', valid: [[24, 18]], required: true }],
    refused: [
      ...ILLEGAL_STEPS.map((steps) => refusal(`the illegal play ${JSON.stringify(steps)}`, { steps }, ['ILLEGAL_PLAY'], 'mover')),
      refusal('a play out of turn', { steps: [[24, 18]] }, ['NOT_YOUR_TURN'], 'waiter'),
    ],
  },
  bare('double', [['waiter', ['NOT_YOUR_TURN', 'WRONG_PHASE', 'CANNOT_DOUBLE']], ['mover', ['WRONG_PHASE', 'CANNOT_DOUBLE']]]),
  bare('take', [['waiter', ['NO_CUBE_OFFER', 'WRONG_PHASE', 'NOT_YOUR_TURN']], ['mover', ['NO_CUBE_OFFER', 'WRONG_PHASE', 'NOT_YOUR_TURN']]]),
  bare('drop', [['waiter', ['NO_CUBE_OFFER', 'WRONG_PHASE', 'NOT_YOUR_TURN']], ['mover', ['NO_CUBE_OFFER', 'WRONG_PHASE', 'NOT_YOUR_TURN']]]),
  {
    type: 'resign', bucket: 'actions',
    fields: [{ name: 'points', kind: 'points', valid: 1, required: true }],
    refused: [],
  },
  bare('resign:accept', [['waiter', ['NO_RESIGNATION']], ['mover', ['NO_RESIGNATION']]]),
  bare('resign:decline', [['waiter', ['NO_RESIGNATION']], ['mover', ['NO_RESIGNATION']]]),
  chat,
];

/** Ids that are no player of the pool and no hero, of the right shape. */
const NO_SUCH_IDS = [...HOSTILE_NAMES, 'i'.repeat(64), '00000000-0000-0000-0000-000000000000'];

/** A player draft under way: the mover is the captain on turn. */
export const PLAYER_DRAFT: MessageSpec[] = [
  {
    type: 'pick', bucket: 'actions',
    fields: [{ name: 'playerId', kind: 'id', valid: 'someone', required: true }],
    refused: [
      ...NO_SUCH_IDS.map((playerId) => refusal(`a pick of ${JSON.stringify(playerId)}`, { playerId }, ['UNAVAILABLE'], 'mover')),
      ...NO_SUCH_IDS.slice(0, 4).map((playerId) => refusal(`a pick of ${JSON.stringify(playerId)} out of turn`, { playerId }, ['NOT_YOUR_PICK'], 'waiter')),
      refusal('a heroId instead', { heroId: 'axe' }, ['INVALID_PAYLOAD'], 'mover'),
    ],
  },
  chat,
];

/** A hero draft after the coin flip (choosing): the mover is the captain who chooses. */
export const HERO_DRAFT: MessageSpec[] = [
  {
    type: 'choose', bucket: 'actions',
    fields: [{ name: 'choice', kind: 'enum', valid: 'radiant', required: true }],
    refused: [
      refusal('a choice by the captain who does not choose', { choice: 'radiant' }, ['NOT_YOUR_PICK'], 'waiter'),
      refusal('a choice that is a hero', { choice: 'axe' }, ['INVALID_PAYLOAD'], 'mover'),
      refusal('two choices', { choice: ['radiant', 'first-pick'] }, ['INVALID_PAYLOAD'], 'mover'),
    ],
  },
  {
    type: 'pick', bucket: 'actions',
    fields: [{ name: 'heroId', kind: 'id', valid: 'axe', required: true }],
    refused: NO_SUCH_IDS.map((heroId) => refusal(`a pick of ${JSON.stringify(heroId)} while choosing`, { heroId }, ['WRONG_PHASE', 'UNAVAILABLE', 'NOT_YOUR_PICK'], 'mover')),
  },
  {
    type: 'ban', bucket: 'actions',
    fields: [{ name: 'heroId', kind: 'id', valid: 'axe', required: true }],
    refused: [...NO_SUCH_IDS, 'axe'].map((heroId) => refusal(`a ban of ${JSON.stringify(heroId)} while choosing`, { heroId }, ['WRONG_PHASE', 'UNAVAILABLE', 'NOT_YOUR_PICK'], 'waiter')),
  },
  chat,
];

const byId = (type: string, code: string): MessageSpec => ({
  type, bucket: 'actions',
  fields: [{ name: 'id', kind: 'id', valid: 'nothing', required: true }],
  refused: NO_SUCH_IDS.map((id) => refusal(`${type} of ${JSON.stringify(id)}`, { id }, [code])),
});

const NO_SUCH_POOLS = ['constructor:x', 'chess:constructor', 'chess:__proto__', 'chess:toString', '__proto__:1', 'toString:x', 'chess:3+0:x',
  'chess', ':', 'chess:', 'backgammon:hasOwnProperty', 'chess:3+0 ', 'CHESS:3+0', 'chess:4+0', 'backgammon:0', ...HOSTILE_NAMES.filter((name) => name.length <= 40)];

/** Pool names a hostile client may try; the test checks that none of them holds anyone afterwards. */
export const HOSTILE_POOLS = NO_SUCH_POOLS;

/** The lobby, for a guest (the attacker) who is the only one there. */
export const LOBBY: MessageSpec[] = [
  {
    type: 'seek', bucket: 'actions',
    fields: [
      { name: 'game', kind: 'enum', valid: 'chess', required: true },
      { name: 'time', kind: 'time', valid: { initial: 180, increment: 2 }, required: false, nullable: true },
      { name: 'rated', kind: 'boolean', valid: false, required: false },
      { name: 'ratingRange', kind: 'pair', valid: [0, 4000], required: false },
      { name: 'color', kind: 'enum', valid: 'white', required: false },
    ],
    refused: [
      refusal('a rated seek by a guest', { game: 'chess', time: { initial: 60, increment: 0 }, rated: true }, ['REGISTRATION_REQUIRED']),
      refusal('a rated untimed seek by a guest', { game: 'chess', time: null, rated: true }, ['REGISTRATION_REQUIRED', 'INVALID_PAYLOAD']),
      refusal('a rated money game by a guest', { game: 'backgammon', matchLength: 0, rated: true }, ['REGISTRATION_REQUIRED', 'INVALID_PAYLOAD']),
      refusal('a range upside down', { game: 'chess', ratingRange: [4000, 0] }, ['INVALID_PAYLOAD']),
      refusal('a range beyond 4000', { game: 'chess', ratingRange: [0, 4001] }, ['INVALID_PAYLOAD']),
      refusal('a chess time in a backgammon seek', { game: 'backgammon', time: null }, ['INVALID_PAYLOAD']),
      refusal('a backgammon match of 26', { game: 'backgammon', matchLength: 26 }, ['INVALID_PAYLOAD']),
      refusal('a backgammon match of 1e9', { game: 'backgammon', matchLength: 1e9 }, ['INVALID_PAYLOAD']),
      refusal('a backgammon clock as a string', { game: 'backgammon', clock: '12+120' }, ['INVALID_PAYLOAD']),
      refusal('a backgammon clock with a negative delay', { game: 'backgammon', clock: { delay: -1, reserve: 60 } }, ['INVALID_PAYLOAD']),
      refusal('the game "__proto__"', { game: '__proto__' }, ['INVALID_PAYLOAD']),
      refusal('the game "constructor"', { game: 'constructor', time: null }, ['INVALID_PAYLOAD']),
      refusal('a seek for someone else', { game: 'chess', player: { id: 'x' } }, ['INVALID_PAYLOAD']),
      refusal('a seek with its own id', { game: 'chess', id: 'mine' }, ['INVALID_PAYLOAD']),
    ],
  },
  byId('seek:cancel', 'NO_SUCH_SEEK'),
  byId('seek:accept', 'NO_SUCH_SEEK'),
  {
    type: 'queue', bucket: 'actions',
    fields: [
      { name: 'pool', kind: 'id', valid: 'chess:3+0', required: true },
      { name: 'rated', kind: 'boolean', valid: false, required: false },
    ],
    refused: [
      ...NO_SUCH_POOLS.map((pool) => refusal(`the pool ${JSON.stringify(pool)}`, { pool }, ['UNKNOWN_POOL'])),
      refusal('a rated pool by a guest', { pool: 'chess:3+0', rated: true }, ['REGISTRATION_REQUIRED']),
      refusal('a pool of 41 characters', { pool: 'c'.repeat(41) }, ['INVALID_PAYLOAD']),
    ],
  },
  {
    type: 'queue:leave', bucket: 'actions',
    fields: [{ name: 'pool', kind: 'id', valid: 'chess:3+0', required: false }],
    refused: [],
  },
  {
    type: 'challenge', bucket: 'actions',
    fields: [
      { name: 'to', kind: 'id', valid: 'nobody-here', required: true },
      { name: 'game', kind: 'enum', valid: 'chess', required: true },
      { name: 'time', kind: 'time', valid: null, required: false, nullable: true },
      { name: 'rated', kind: 'boolean', valid: false, required: false },
      { name: 'color', kind: 'enum', valid: 'black', required: false },
    ],
    refused: [
      ...HOSTILE_NAMES.filter((to) => to.trim() !== '').map((to) => refusal(`a challenge to ${JSON.stringify(to)}`, { to, game: 'chess' }, ['NO_SUCH_PLAYER'])),
      refusal('a challenge to a name of spaces', { to: '   ', game: 'chess' }, ['INVALID_PAYLOAD']),
      refusal('a challenge to 33 characters', { to: 'n'.repeat(33), game: 'chess' }, ['INVALID_PAYLOAD']),
      refusal('a challenge from someone else', { to: 'x', game: 'chess', from: 'admin' }, ['INVALID_PAYLOAD']),
    ],
  },
  byId('challenge:accept', 'NO_SUCH_CHALLENGE'),
  byId('challenge:decline', 'NO_SUCH_CHALLENGE'),
  byId('challenge:cancel', 'NO_SUCH_CHALLENGE'),
  {
    type: 'range', bucket: 'filters',
    fields: [{ name: 'ratingRange', kind: 'pair', valid: [1000, 2000], required: true, nullable: true }],
    refused: [
      refusal('a range upside down', { ratingRange: [2000, 1000] }, ['INVALID_PAYLOAD']),
      refusal('a negative range', { ratingRange: [-5, 10] }, ['INVALID_PAYLOAD']),
      refusal('a range beyond 4000', { ratingRange: [0, 1e9] }, ['INVALID_PAYLOAD']),
    ],
  },
  {
    type: 'filter', bucket: 'filters',
    fields: [
      { name: 'name', kind: 'id', valid: 'chess', required: false },
      { name: 'metadata', kind: 'record', valid: { game: 'chess' }, required: false },
    ],
    refused: [
      refusal('a name of 33 characters', { name: 'n'.repeat(33) }, ['INVALID_PAYLOAD']),
      refusal('a metadata value that is an object', { metadata: { players: { id: 'x' } } }, ['INVALID_PAYLOAD']),
    ],
  },
];

/** Types no room has, the same for every room; plus numbers, which Colyseus also takes as types. */
export const UNKNOWN_TYPES: ReadonlyArray<string | number> = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  '_$bmove', '*/', '**', 'Move', 'move ', ' move', 'chat\u0000', '♞', 'x'.repeat(64), 'error', 'legal', 'rooms', 'seek:created', 'matched', 'state',
  0, 1, 10, 13, 127, 255, 65535, 2 ** 31 - 1];

export interface RoomSpec { room: string; versioned: boolean; messages: MessageSpec[]; unknown: ReadonlyArray<string | number> }

export const ROOMS: Record<string, RoomSpec> = {
  chess: { room: 'chess', versioned: true, messages: CHESS, unknown: [...UNKNOWN_TYPES, 'roll', 'pick', 'seek'] },
  backgammon: { room: 'backgammon', versioned: true, messages: BACKGAMMON, unknown: [...UNKNOWN_TYPES, 'abort', 'draw:offer', 'claim:victory'] },
  playerDraft: { room: 'draft', versioned: true, messages: PLAYER_DRAFT, unknown: [...UNKNOWN_TYPES, 'ban', 'choose', 'move'] },
  heroDraft: { room: 'draft', versioned: true, messages: HERO_DRAFT, unknown: [...UNKNOWN_TYPES, 'move', 'roll'] },
  lobby: { room: 'lobby', versioned: false, messages: LOBBY, unknown: [...UNKNOWN_TYPES, 'chat', 'move', 'seek:created'] },
};
