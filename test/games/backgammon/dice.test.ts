import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import {
  commitOf, createDice, DICE_DERIVATION, diceFromBytes, drawSeed, generateClientSeed, isClientSeed, rollAt, rollBytes,
  rollMessage, verifyCommit,
} from '../../../src/games/backgammon/dice.ts';

/** The worked example of docs/dice.md. */
const SEED = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const COMMIT = '630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd';
const SEEDS = { white: 'alice-seed', black: 'bob|42' };

const hmacHex = (message: string) => createHmac('sha256', Buffer.from(SEED, 'hex')).update(message).digest('hex');

/** Counts as many bytes as asked for, then stops: a deterministic stand-in for node:crypto. */
const countingBytes = () => {
  let next = 0;
  return (size: number) => Uint8Array.from({ length: size }, () => next++ & 0xff);
};

describe('backgammon dice (hmac-sha256-v1)', () => {
  it('commits to sha-256 of the 32 seed bytes, and verifies only that seed', () => {
    assert.equal(commitOf(SEED), COMMIT);
    assert.equal(commitOf(SEED), createHash('sha256').update(Buffer.from(SEED, 'hex')).digest('hex'));
    assert.equal(createDice({ seed: SEED, clientSeeds: SEEDS }).commit, COMMIT);
    assert.equal(verifyCommit(SEED, COMMIT), true);
    assert.equal(verifyCommit(SEED.toUpperCase(), COMMIT.toUpperCase()), true, 'hex case does not matter');
    assert.equal(verifyCommit(SEED.replace(/1f$/, '1e'), COMMIT), false);
    assert.equal(verifyCommit('not hex', COMMIT), false);
    assert.equal(verifyCommit(SEED, COMMIT.slice(2)), false);
  });

  it('spells the message with length-prefixed client seeds, white first', () => {
    assert.equal(DICE_DERIVATION, 'hmac-sha256-v1');
    assert.equal(rollMessage(SEEDS, 0, 0), 'hmac-sha256-v1|10:alice-seed|6:bob|42|0|0');
    assert.equal(rollMessage(SEEDS, 17, 1), 'hmac-sha256-v1|10:alice-seed|6:bob|42|17|1');
    assert.notEqual(rollMessage({ white: 'ab', black: 'c' }, 0, 0), rollMessage({ white: 'a', black: 'bc' }, 0, 0));
  });

  it('reproduces the known vectors (also computed with Python hmac and openssl)', () => {
    assert.equal(hmacHex(rollMessage(SEEDS, 0, 0)), '9a447c36f8cd2ced70e18063da4c7e8a55cbb497c0bbb9bd8f49d3f7aadf63ad');
    // 0x9a = 154 → 154 % 6 + 1 = 5; 0x44 = 68 → 68 % 6 + 1 = 3.
    const expected = [[5, 3], [4, 4], [1, 2], [2, 2], [2, 6], [4, 6]];
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((k) => rollAt(SEED, SEEDS, k)), expected);
    const dice = createDice({ seed: SEED, clientSeeds: SEEDS });
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((k) => dice.roll(k)), expected);
  });

  it('is deterministic: the same seed, client seeds and k give the same roll', () => {
    const a = createDice({ seed: SEED, clientSeeds: SEEDS });
    const b = createDice({ seed: SEED.toUpperCase(), clientSeeds: { ...SEEDS } });
    for (let k = 0; k < 50; k++) assert.deepEqual(a.roll(k), b.roll(k));
    assert.equal(b.reveal(), SEED, 'revealed in lowercase hex');
  });

  it('skips bytes from 252 up, so every face keeps 42 byte values', () => {
    assert.deepEqual(diceFromBytes([252, 253, 254, 255, 251, 0]), [6, 1], '251 % 6 + 1 = 6, 0 % 6 + 1 = 1');
    assert.deepEqual(diceFromBytes([5, 255, 6]), [6, 1]);
    assert.throws(() => diceFromBytes([1, 255]), RangeError);
    // Real rolls that hit the rule: k = 10 starts fd 52 e3 (253 skipped), k = 1050 starts fc fc e8 78.
    assert.equal(hmacHex(rollMessage(SEEDS, 10, 0)).slice(0, 6), 'fd52e3');
    assert.deepEqual(rollAt(SEED, SEEDS, 10), [5, 6], '0x52 = 82 → 5, 0xe3 = 227 → 6');
    assert.equal(hmacHex(rollMessage(SEEDS, 1050, 0)).slice(0, 8), 'fcfce878');
    assert.deepEqual(rollAt(SEED, SEEDS, 1050), [5, 1], '0xe8 = 232 → 5, 0x78 = 120 → 1');
  });

  it('continues into block 1, 2, … when a block runs out', () => {
    const stream = rollBytes(SEED, SEEDS, 3);
    const first64 = Buffer.from(Array.from({ length: 64 }, () => stream.next().value as number)).toString('hex');
    assert.equal(first64, hmacHex(rollMessage(SEEDS, 3, 0)) + hmacHex(rollMessage(SEEDS, 3, 1)));
    const rejectedBlock = Array<number>(32).fill(255);
    assert.deepEqual(diceFromBytes([...rejectedBlock.slice(0, 31), 7, 255, 12]), [2, 1], 'two dice straddling blocks');
  });

  it('changes the rolls when either client seed changes', () => {
    const rolls = (clientSeeds: { white: string; black: string }) =>
      JSON.stringify(Array.from({ length: 20 }, (_, k) => rollAt(SEED, clientSeeds, k)));
    const base = rolls(SEEDS);
    assert.notEqual(rolls({ ...SEEDS, white: 'alice-seed2' }), base);
    assert.notEqual(rolls({ ...SEEDS, black: 'bob|43' }), base);
    assert.notEqual(rolls({ white: SEEDS.black, black: SEEDS.white }), base, 'the order of the seeds matters');
  });

  it('rolls fair dice: chi-square over 36,000 rolls of a fixed seed stays far below the bounds', () => {
    const faces = Array<number>(6).fill(0);
    const pairs = Array<number>(36).fill(0);
    const dice = createDice({ seed: SEED, clientSeeds: SEEDS });
    const n = 36_000;
    for (let k = 0; k < n; k++) {
      const [a, b] = dice.roll(k);
      faces[a - 1]! += 1;
      faces[b - 1]! += 1;
      pairs[(a - 1) * 6 + (b - 1)]! += 1;
    }
    const chiSquare = (counts: number[], expected: number) => counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // Bounds at p ≈ 1e-6: 5 degrees of freedom → 35.9, 35 → 87. Deterministic: it cannot flake.
    const facesChi = chiSquare(faces, (2 * n) / 6);
    const pairsChi = chiSquare(pairs, n / 36);
    assert.ok(facesChi < 35.9, `faces: χ² = ${facesChi}`);
    assert.ok(pairsChi < 87, `ordered pairs: χ² = ${pairsChi}`);
    const doubles = [0, 7, 14, 21, 28, 35].reduce((sum, i) => sum + pairs[i]!, 0);
    assert.ok(Math.abs(doubles / n - 1 / 6) < 0.01, `doubles: ${doubles / n}`);
  });

  it('accepts client seeds of 1–64 visible ASCII characters only', () => {
    for (const ok of ['x', 'alice-seed', 'bob|42', '~!@#$%^&*()_+{}:"<>?', 'a'.repeat(64)]) assert.equal(isClientSeed(ok), true, ok);
    for (const bad of ['', 'a'.repeat(65), 'with space', 'tab\t', 'line\n', 'héllo', '🎲', 42, null, undefined]) {
      assert.equal(isClientSeed(bad), false, String(bad));
    }
    assert.throws(() => createDice({ seed: SEED, clientSeeds: { white: 'ok', black: 'not ok' } }), RangeError);
    assert.throws(() => rollAt(SEED, { white: '', black: 'b' }, 0), RangeError);
  });

  it('refuses a malformed seed or roll index', () => {
    assert.throws(() => createDice({ seed: 'abc', clientSeeds: SEEDS }), RangeError);
    assert.throws(() => rollAt(SEED.slice(1), SEEDS, 0), RangeError);
    assert.throws(() => rollAt(SEED, SEEDS, -1), RangeError);
    assert.throws(() => rollAt(SEED, SEEDS, 1.5), RangeError);
  });

  it('draws the seed and any missing client seed from the random source', () => {
    const dice = createDice({ clientSeeds: { white: 'alice-seed' }, random: countingBytes() });
    assert.equal(dice.reveal(), SEED, 'the first 32 bytes are the seed');
    assert.equal(dice.commit, COMMIT);
    assert.deepEqual(dice.clientSeeds, { white: 'alice-seed', black: '202122232425262728292a2b2c2d2e2f' });
    assert.equal(isClientSeed(dice.clientSeeds.black), true);
    assert.match(generateClientSeed(), /^[0-9a-f]{32}$/);
    assert.equal(drawSeed(countingBytes()), SEED, 'a seed can be drawn (and committed) before the client seeds are known');
  });

  it('draws a fresh secret seed per match by default', () => {
    const a = createDice({ clientSeeds: SEEDS });
    const b = createDice({ clientSeeds: SEEDS });
    assert.match(a.reveal(), /^[0-9a-f]{64}$/);
    assert.notEqual(a.reveal(), b.reveal());
    assert.equal(verifyCommit(a.reveal(), a.commit), true);
    assert.equal(rollAt(a.reveal(), a.clientSeeds, 7).join(), a.roll(7).join(), 'a verifier recomputes the same roll');
  });
});
