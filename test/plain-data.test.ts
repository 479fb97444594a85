import assert from 'node:assert/strict';
import { pack, unpack } from 'msgpackr';
import { isPlainData, MAX_DEPTH, plainDataProblem } from '../src/plain-data.ts';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('plain data', () => {
  it('accepts what JSON can say, and absent fields', () => {
    for (const value of [null, undefined, 0, -1.5, '', 'x', true, [], {}, { a: [1, { b: null }], c: 'd' }, Object.create(null)]) {
      assert.equal(plainDataProblem(value), undefined, JSON.stringify(value));
    }
    assert.ok(isPlainData(nested(MAX_DEPTH)));
  });

  it('refuses forbidden keys at any depth, own keys from JSON.parse included', () => {
    assert.match(plainDataProblem(JSON.parse('{"__proto__":{"rated":true}}'))!, /payload has the key "__proto__"/);
    assert.match(plainDataProblem(JSON.parse('{"a":[{"b":{"constructor":{"prototype":1}}}]}'))!, /payload\.a\.0\.b has the key "constructor"/);
    assert.match(plainDataProblem({ x: { prototype: 1 } }, 'options')!, /options\.x has the key "prototype"/);
  });

  it('refuses what msgpack carries but JSON does not', () => {
    const cases: [unknown, RegExp][] = [
      [new Date(0), /Date, not a plain object/],
      [new Map([['a', 1]]), /Map/],
      [new Set([1]), /Set/],
      [Buffer.from('ab'), /not a plain array|Buffer/],
      [new Uint8Array(2), /Uint8Array/],
      [10n, /bigint/],
      [Number.NaN, /not a finite number/],
      [Number.POSITIVE_INFINITY, /not a finite number/],
      [Number.NEGATIVE_INFINITY, /not a finite number/],
      [{ at: new Date(0) }, /payload\.at is a Date/],
      [nested(MAX_DEPTH + 1), /nested more than/],
      [Object.create({ rated: true }), /not a plain object/],
    ];
    for (const [value, expected] of cases) assert.match(plainDataProblem(value) ?? 'plain', expected);
  });

  it('refuses what msgpack decodes to a non-plain value', () => {
    assert.match(plainDataProblem(unpack(pack(new Date(5))))!, /Date/);
    assert.match(plainDataProblem(unpack(pack({ b: Buffer.from('x') })))!, /payload\.b/);
    assert.equal(plainDataProblem(unpack(pack({ uci: 'e2e4', version: 3 }))), undefined);
  });

  it('refuses a NUL character in a string or a key, at any depth', () => {
    assert.match(plainDataProblem({ to: 'ab\0cd' })!, /payload\.to contains a NUL character/);
    assert.match(plainDataProblem({ a: [{ ['k\0']: 1 }] })!, /payload\.a\.0 has a key with a NUL character/);
    assert.match(plainDataProblem('\0')!, /NUL/);
  });

  it('refuses accessors and symbol keys', () => {
    assert.match(plainDataProblem(Object.defineProperty({}, 'a', { get: () => 1, enumerable: true }))!, /accessor/);
    assert.match(plainDataProblem({ [Symbol('s')]: 1 })!, /symbol key/);
  });
});
