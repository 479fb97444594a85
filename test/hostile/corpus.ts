/**
 * The hostile client's corpus, shared by test/hostile/*.test.ts: values no field of the protocol
 * may carry (wrong types, `Date`/`Map`/`Set`/binary, `__proto__`/`constructor`/`prototype` keys at
 * any depth, nesting past 16, NaN, ±Infinity, unsafe and huge numbers, BigInt, strings near the
 * 4 KB frame limit), turned into cases for one message from a description of its fields; hand-made
 * msgpack for what the SDK cannot send; and the seed every random choice comes from.
 *
 * The seed is fixed so that CI is repeatable; `HOSTILE_SEED=<n>` replays (or explores) another run,
 * `HOSTILE_SEED=random` draws one. Every test that uses it names it in its title.
 */
import { pack, Packr } from 'msgpackr';
import { prng } from '../support/prng.ts';

const DEFAULT_SEED = 0x5eed_2024;

function seedFromEnv(): number {
  const given = process.env.HOSTILE_SEED?.trim();
  if (!given) return DEFAULT_SEED;
  if (given === 'random') return Math.floor(Math.random() * 2 ** 32);
  const seed = Number(given);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new Error(`HOSTILE_SEED must be an integer 0…2^32-1 or "random", not ${given}`);
  return seed;
}

export const SEED = seedFromEnv();

export interface Random {
  next(): number;
  int(below: number): number;
  pick<T>(items: readonly T[]): T;
  bytes(length: number): Buffer;
  string(length: number): string;
}

/** A stream of its own for each test (named), so that one test's draws do not shift another's. */
export function random(stream: string): Random {
  let mixed = SEED;
  for (const char of stream) mixed = Math.imul(mixed ^ char.charCodeAt(0), 0x9e3779b1) >>> 0;
  const next = prng(mixed);
  const int = (below: number) => Math.floor(next() * below);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz:+-_$*. 0123456789ABCDEFé♞\u0000\u2028';
  return {
    next, int,
    pick: (items) => items[int(items.length)]!,
    bytes: (length) => Buffer.from(Array.from({ length }, () => int(256))),
    string: (length) => Array.from({ length }, () => alphabet[int(alphabet.length)]).join(''),
  };
}

/** `depth` arrays inside each other, with `inner` at the bottom. */
export function nest(depth: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** The same, as objects: `{ a: { a: … } }`. */
export function nestObjects(depth: number, inner: unknown = 1): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Built from JSON so that `__proto__` is an own key (as a hostile client's encoder would send it). */
export const protoKey = (inner: unknown = { rated: true }): unknown => JSON.parse(`{"__proto__":${JSON.stringify(inner)}}`);

/** A payload to send: through the SDK (`payload`), or as hand-made msgpack bytes (`raw`). */
export interface Case {
  label: string;
  payload?: unknown;
  raw?: Buffer;
  /** The error codes that may answer it (one of them must). */
  codes: readonly string[];
  /** Sent as raw bytes (`ROOM_DATA_BYTES`, what `room.sendBytes` sends) rather than as a message. */
  bytesFrame?: boolean;
  /** Who sends it, where it matters: the player who must act now, or the other one (the default). */
  by?: 'mover' | 'waiter';
}

export type Kind = 'string' | 'id' | 'int' | 'points' | 'boolean' | 'enum' | 'pair' | 'steps' | 'time' | 'record';

export interface Field {
  name: string;
  kind: Kind;
  /** A value of the right shape. */
  valid: unknown;
  required: boolean;
  /** `null` is a value of the field (e.g. `time: null`, `ratingRange: null`). */
  nullable?: boolean;
}

const INVALID: readonly string[] = ['INVALID_PAYLOAD'];

/** Values that no field of the protocol takes, whatever its kind. */
export function universalValues(): Array<[string, unknown]> {
  return [
    ['a Date', new Date(0)],
    ['an invalid Date', new Date(Number.NaN)],
    ['a Uint8Array', Uint8Array.from([1, 2, 3])],
    ['a Buffer', Buffer.from('e2e4')],
    ['a BigInt', 5n],
    ['a 64-bit BigInt', 2n ** 63n - 1n],
    ['a negative BigInt', -(2n ** 40n)],
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['an object with an own __proto__', protoKey()],
    ['an object with constructor.prototype', { constructor: { prototype: { rated: true } } }],
    ['an object with prototype', { prototype: { rated: true } }],
    ['a constructor key 12 deep', nestObjects(12, { constructor: 1 })],
    ['a __proto__ key 15 deep', nest(15, protoKey(1))],
    ['arrays 17 deep', nest(17)],
    ['arrays 400 deep', nest(400)],
    ['objects 17 deep', nestObjects(17)],
  ];
}

/** Values of the wrong shape for a field of this kind (each kind's own, besides the universal ones). */
function wrongFor(kind: Kind): Array<[string, unknown]> {
  const long = 'x'.repeat(3900);
  switch (kind) {
    case 'string':
      return [['a number', 5], ['zero', 0], ['true', true], ['null', null], ['an object', {}], ['an array', []], ['an array of a string', ['e2e4']],
        ['an object with a key', { zz: 1 }], ['a Set', new Set(['e2e4'])], ['a Map', new Map([['zz', 'e2e4']])], ['3900 characters', long]];
    case 'id':
      return [...wrongFor('string'), ['an empty string', ''], ['65 characters', 'i'.repeat(65)]];
    case 'int':
      return [['a string', '5'], ['true', true], ['null', null], ['an object', {}], ['an array', [1]], ['1.5', 1.5], ['-1', -1],
        ['2^53+1', 2 ** 53 + 1], ['1e308', 1e308], ['-1e308', -1e308], ['a Set', new Set([1])]];
    case 'points':
      return [...wrongFor('int'), ['0', 0], ['4', 4], ['-0 is 0', -0], ['2.0000001', 2.0000001]];
    case 'boolean':
      return [['"true"', 'true'], ['1', 1], ['0', 0], ['null', null], ['an object', {}], ['an array', []], ['"false"', 'false']];
    case 'enum':
      return [['an empty string', ''], ['an unknown word', 'green'], ['a capitalised word', 'WHITE'], ['a number', 5], ['null', null],
        ['an object', {}], ['an array', ['white']], ['3900 characters', long], ['__proto__', '__proto__'], ['constructor', 'constructor']];
    case 'pair':
      return [['a string', '1000-1500'], ['a number', 5], ['an object', { min: 1, max: 2 }], ['an empty array', []], ['one number', [1]],
        ['three numbers', [1, 2, 3]], ['strings', ['1', '2']], ['fractions', [1.5, 2]], ['booleans', [true, false]], ['a null inside', [null, 1]],
        ['NaN inside', [Number.NaN, 1]], ['Infinity inside', [1, Infinity]], ['a BigInt inside', [1n, 2]], ['a Date inside', [new Date(0), 1]],
        ['nested pairs', [[1, 2], [3, 4]]], ['a Map', new Map([[0, 1], [1, 2]])]];
    case 'steps':
      return [['a string', '24/18 13/11'], ['a number', 5], ['an object', { 0: [24, 18] }], ['null', null], ['a flat pair', [24, 18]],
        ['a short step', [[24]]], ['a long step', [[24, 18, 13]]], ['string points', [['24', '18']]], ['fractional points', [[24.5, 18]]],
        ['five steps', [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]], ['a thousand steps', Array.from({ length: 1000 }, () => [1, 2])],
        ['a NaN point', [[Number.NaN, 18]]], ['an unsafe point', [[2 ** 53 + 1, 18]]], ['a BigInt point', [[24n, 18]]], ['a null step', [null]],
        ['a step of objects', [[{}, {}]]]];
    case 'time':
      return [['a string', '5+0'], ['a number', 300], ['true', true], ['an array', [300, 0]], ['an empty object', {}], ['no increment', { initial: 60 }],
        ['string initial', { initial: '60', increment: 0 }], ['an extra key', { initial: 60, increment: 0, zz: 1 }],
        ['negative initial', { initial: -1, increment: 0 }], ['zero and zero', { initial: 0, increment: 0 }], ['1e9 initial', { initial: 1e9, increment: 0 }],
        ['181 increment', { initial: 60, increment: 181 }], ['fractional initial', { initial: 60.5, increment: 0 }],
        ['NaN initial', { initial: Number.NaN, increment: 0 }], ['a __proto__ inside', { initial: 60, increment: 0, ...{ x: protoKey() } }],
        ['a Map of the fields', new Map<unknown, unknown>([['initial', 60], ['increment', 0], [1, 2]])]];
    case 'record':
      return [['a string', 'chess'], ['a number', 5], ['an array', []], ['an array of one', [1]], ['an object value', { a: {} }],
        ['an array value', { a: [1] }], ['an empty key', { '': 1 }], ['a 33-character key', { ['k'.repeat(33)]: 1 }],
        ['nine fields', Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, i]))], ['a 101-character value', { a: 'v'.repeat(101) }],
        ['a NaN value', { a: Number.NaN }], ['a Date value', { a: new Date(0) }], ['a BigInt value', { a: 1n }], ['a constructor key', { constructor: 1 }],
        ['400 object values', Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, {}]))]];
  }
}

/** Top-level payloads that are not an object: refused whatever the message. */
export function notObjects(template: unknown): Array<[string, unknown]> {
  return [
    ['a string', 'x'], ['an empty string', ''], ['zero', 0], ['a number', 7], ['-1', -1], ['true', true], ['false', false],
    ['an empty array', []], ['an array of the payload', [template ?? {}]], ['an array of arrays', [[template ?? {}]]],
    ['NaN', Number.NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['1e308', 1e308], ['2^53+1', 2 ** 53 + 1],
    ['a BigInt', 5n], ['a Date', new Date(0)], ['a Uint8Array', Uint8Array.from([0x81, 0xa3, 0x75, 0x63, 0x69])],
    ['a Buffer', Buffer.from(JSON.stringify(template ?? {}))], ['a Set of the payload', new Set([template ?? {}])], ['an empty Set', new Set()],
    ['a 3900-character string', 'x'.repeat(3900)],
  ];
}

/** Hand-made msgpack the SDK would never send (each value decodes; none is plain data of the right shape). */
export function rawPayloads(template: Record<string, unknown> | undefined): Array<[string, Buffer]> {
  const base = template ?? {};
  const structured = new Packr({ structuredClone: true, moreTypes: true } as ConstructorParameters<typeof Packr>[0]);
  const cyclic: Record<string, unknown> = { ...base };
  cyclic.self = cyclic;
  const uint64Max = Buffer.from([0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  const bigIntExt = Buffer.concat([Buffer.from([0xc7, 200, 0x42]), Buffer.alloc(200, 0x7f)]);
  const badDate = Buffer.from([0xd4, 0xff, 0x00]); // a timestamp of the wrong length: an invalid Date
  const farDate = Buffer.from([0xc7, 12, 0xff, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  const withField = (bytes: Buffer) => Buffer.concat([Buffer.from([0x81, 0xa2, 0x7a, 0x7a]), bytes]); // { zz: <bytes> }
  return [
    ['uint64 max at the top', uint64Max],
    ['uint64 max in a field', withField(uint64Max)],
    ['a 1600-bit BigInt extension', bigIntExt],
    ['a timestamp of the wrong length', badDate],
    ['a timestamp in a field', withField(farDate)],
    ['an object that contains itself', Buffer.from(structured.pack(cyclic))],
    ['an Error', Buffer.from(structured.pack(new TypeError('x')))],
    ['a RegExp', Buffer.from(structured.pack(/(a+)+$/))],
    ['a Float64Array', Buffer.from(structured.pack(new Float64Array([1, 2])))],
    ['a Set extension', Buffer.from(structured.pack(new Set([base])))],
    ['a map with an integer key', Buffer.from([0x81, 0x01, 0xc3])],
    ['a binary value', Buffer.concat([Buffer.from([0xc4, 4]), Buffer.from('move')])],
    ['the reserved byte 0xc1', Buffer.from([0xc1])],
    ['an Error extension naming hasOwnProperty', Buffer.concat([Buffer.from([0xd4, 0x65, 0x00]), pack(['hasOwnProperty', 'x'])])],
  ];
}

/** Payloads that are msgpack in form but do not decode (the frame is refused: 1002). */
export const UNDECODABLE: ReadonlyArray<[string, Buffer]> = [
  ['a map keyed by an array', Buffer.from([0x81, 0x92, 0x01, 0x02, 0xc3])],
  ['an extension of an unknown type', Buffer.from([0xd5, 0x17, 0x01, 0x02])],
  ['a pointer extension with nothing to point at', Buffer.from([0xd6, 0x70, 0, 0, 0, 1])],
  ['a string longer than the frame', Buffer.from([0xdb, 0xff, 0xff, 0xff, 0x7f, 0x61])],
  ['an array longer than the frame', Buffer.from([0xdd, 0x7f, 0xff, 0xff, 0xff, 0x01])],
];

/** The whole corpus for one message: every case refused with INVALID_PAYLOAD (STALE_VERSION for a well-formed stale version). */
export function corpusFor(fields: readonly Field[], { versioned }: { versioned: boolean }): Case[] {
  const template = Object.fromEntries(fields.filter((f) => f.required).map((f) => [f.name, f.valid]));
  const full = Object.fromEntries(fields.map((f) => [f.name, f.valid]));
  const cases: Case[] = [];
  const add = (label: string, payload: unknown, codes: readonly string[] = INVALID) => cases.push({ label, payload, codes });

  for (const [label, value] of notObjects(template)) add(`a payload that is ${label}`, value);
  add('a Map with an integer key', new Map([[1, 'x']]));
  add('a Map of the fields and one more', new Map<string, unknown>([...Object.entries(full), ['zz', 1]]));
  add('a Map with a constructor key', new Map<string, unknown>([['constructor', full]]));
  for (const [label, bytes] of rawPayloads(full)) cases.push({ label: `raw msgpack: ${label}`, raw: bytes, codes: INVALID });

  add('an extra field', { ...full, zz: 1 });
  add('an empty key', { ...full, '': 1 });
  add('a 60-character key', { ...full, ['k'.repeat(60)]: 1 });
  add('an own __proto__ key', { ...full, ...protoKey() as object });
  add('only an own __proto__ holding the fields', protoKey(full));
  add('a constructor key', { ...full, constructor: { prototype: { rated: true } } });
  add('a prototype key', { ...full, prototype: 1 });
  add('a constructor key 14 deep', { ...full, zz: nestObjects(14, { constructor: 1 }) });
  add('an extra field nested 17 deep', { ...full, zz: nest(17) });
  add('an extra field of 3900 characters', { ...full, zz: 'z'.repeat(3900) });
  add('one key per character of 3 KB', { ...full, ...Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`q${i}`, 0])) });

  if (versioned) {
    for (const [label, value] of [...universalValues(), ...wrongFor('int')]) add(`version as ${label}`, { ...full, version: value });
    add('a well-formed version that is not the current one (2^53-1)', { ...full, version: 2 ** 53 - 1 }, ['STALE_VERSION']);
    add('version -0 (read as 0, not the current one)', { ...full, version: -0 }, ['STALE_VERSION']);
  } else {
    add('a version field (this room has none)', { ...full, version: 1 });
  }

  for (const field of fields) {
    if (field.required) {
      const { [field.name]: _omitted, ...without } = full;
      add(`${field.name} missing`, without);
    }
    for (const [label, value] of [...universalValues(), ...wrongFor(field.kind)]) {
      if (value === null && field.nullable) continue;
      add(`${field.name} as ${label}`, { ...full, [field.name]: value });
    }
  }
  return cases;
}

/** Well-shaped strings that name nothing, for ids, names and moves (refused by the rules, not by shape). */
export const HOSTILE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__',
  'a\u0000b', '\u0000', '\ud800', '%00', '../../etc', "' OR 1=1 --", '${x}', ' ', '\u202e', 'Ｇuest'] as const;
