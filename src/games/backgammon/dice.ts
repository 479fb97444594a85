/**
 * Provably fair dice (docs/dice.md has the full protocol and a worked example).
 *
 * Commit and reveal: at match start the server draws a secret 32-byte seed and publishes only
 * `commit = sha256(seed)`. Every roll of the match is then a pure function of that seed, both
 * players' client seeds and the roll's index k, so once the seed is revealed at the end anyone
 * can recompute every roll and check it against the commit. The server cannot change a roll
 * after committing (that would need another seed with the same sha-256), and the players cannot
 * predict one (HMAC-SHA256 under an unknown key looks random).
 *
 * Derivation `hmac-sha256-v1`, for roll k (0, 1, 2, … over the whole match, opening rolls
 * included) and block j (0, 1, 2, …):
 *
 *   message(k, j) = "hmac-sha256-v1|" + len(white) + ":" + white + "|" + len(black) + ":" + black
 *                   + "|" + k + "|" + j                        (decimal integers, ASCII)
 *   block(k, j)   = HMAC-SHA256(key = the 32 seed bytes, message(k, j))
 *
 * The length prefixes make the message unambiguous whatever the seeds contain ("ab"+"c" and
 * "a"+"bc" give different messages). The bytes of block 0, then block 1, … are read in order;
 * a byte ≥ 252 is skipped and any other byte b gives the die b % 6 + 1 (252 = 42 × 6, so each
 * face keeps exactly 42 of the accepted byte values: no modulo bias). The first two dice read
 * are the roll, in that order. Block 1 is needed only if 31 of block 0's 32 bytes are skipped,
 * which practically never happens, but it keeps the derivation total.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { BySide } from '../side.ts';

export const DICE_DERIVATION = 'hmac-sha256-v1';

/** Two dice in the order they were derived: [first, second], each 1–6. */
export type Roll = [number, number];

/** The players' contributions to the dice, known to both players from the start of the match. */
export type ClientSeeds = BySide<string>;

export const SEED_BYTES = 32;
export const CLIENT_SEED_MAX_LENGTH = 64;
/** Bytes from 252 up are skipped: 252 is the largest multiple of 6 that fits in a byte. */
export const FIRST_REJECTED_BYTE = 252;

/** Visible ASCII only (no spaces, no control characters): easy to copy into any verifier. */
const CLIENT_SEED = new RegExp(`^[\\x21-\\x7e]{1,${CLIENT_SEED_MAX_LENGTH}}$`);
const SEED_HEX = /^[0-9a-f]{64}$/i;

/** A client seed a player may choose: 1–64 visible ASCII characters (`!` to `~`). */
export function isClientSeed(value: unknown): value is string {
  return typeof value === 'string' && CLIENT_SEED.test(value);
}

/** A source of random bytes, injectable for tests (node:crypto's by default). */
export type RandomBytes = (size: number) => Uint8Array;

const cryptoBytes: RandomBytes = (size) => randomBytes(size);

/** A new secret server seed, 64 hex digits: draw it (and publish its commit) before play. */
export function drawSeed(random: RandomBytes = cryptoBytes): string {
  return Buffer.from(random(SEED_BYTES)).toString('hex');
}

/** The seed a player gets when they choose none: 16 random bytes in hex. */
export function generateClientSeed(random: RandomBytes = cryptoBytes): string {
  return Buffer.from(random(16)).toString('hex');
}

function seedBytes(seedHex: string): Buffer {
  if (!SEED_HEX.test(seedHex)) throw new RangeError('a dice seed is 64 hex digits (32 bytes)');
  return Buffer.from(seedHex, 'hex');
}

/** The public commitment to a seed: sha-256 of its 32 bytes, lowercase hex. */
export function commitOf(seedHex: string): string {
  return createHash('sha256').update(seedBytes(seedHex)).digest('hex');
}

/** Whether `seedHex` is the seed `commitHex` committed to. Malformed input is simply false. */
export function verifyCommit(seedHex: string, commitHex: string): boolean {
  if (!SEED_HEX.test(seedHex) || !SEED_HEX.test(commitHex)) return false;
  return timingSafeEqual(Buffer.from(commitOf(seedHex), 'hex'), Buffer.from(commitHex, 'hex'));
}

/** The exact text HMAC'd for block `block` of roll `k` (see the module comment). */
export function rollMessage(clientSeeds: ClientSeeds, k: number, block: number): string {
  const { white, black } = clientSeeds;
  return `${DICE_DERIVATION}|${white.length}:${white}|${black.length}:${black}|${k}|${block}`;
}

/**
 * The first two dice from a stream of bytes: bytes ≥ 252 are skipped, any other byte b is the
 * die b % 6 + 1. Exported so the rejection rule can be tested on chosen bytes.
 */
export function diceFromBytes(bytes: Iterable<number>): Roll {
  const dice: number[] = [];
  for (const byte of bytes) {
    if (byte >= FIRST_REJECTED_BYTE) continue;
    dice.push((byte % 6) + 1);
    if (dice.length === 2) return [dice[0]!, dice[1]!];
  }
  throw new RangeError('the byte stream ended before two dice were drawn');
}

function* blocks(key: Buffer, clientSeeds: ClientSeeds, k: number): Generator<number> {
  for (let block = 0; ; block++) {
    yield* createHmac('sha256', key).update(rollMessage(clientSeeds, k, block), 'utf8').digest();
  }
}

function checkInputs(clientSeeds: ClientSeeds, k: number): void {
  if (!isClientSeed(clientSeeds.white) || !isClientSeed(clientSeeds.black)) {
    throw new RangeError('client seeds are 1–64 visible ASCII characters');
  }
  if (!Number.isSafeInteger(k) || k < 0) throw new RangeError('the roll index k is an integer ≥ 0');
}

/** Roll k's bytes: block 0, then block 1, … as one endless stream (take what you need). */
export function rollBytes(seedHex: string, clientSeeds: ClientSeeds, k: number): Generator<number> {
  checkInputs(clientSeeds, k);
  return blocks(seedBytes(seedHex), clientSeeds, k);
}

/** Roll k of a match, from its revealed seed: what a verifier recomputes. */
export function rollAt(seedHex: string, clientSeeds: ClientSeeds, k: number): Roll {
  return diceFromBytes(rollBytes(seedHex, clientSeeds, k));
}

/** A match's dice. The seed stays inside until `reveal()` at the end of the match. */
export interface MatchDice {
  readonly derivation: typeof DICE_DERIVATION;
  /** sha-256 of the seed, hex: published as `diceCommit` before the first roll. */
  readonly commit: string;
  /** Both client seeds as used, the generated ones included: public from the start. */
  readonly clientSeeds: ClientSeeds;
  roll(k: number): Roll;
  /** The seed in hex, published as `diceSeed` once the match has ended. */
  reveal(): string;
}

/**
 * The dice of a match. `seed` (64 hex digits) is drawn from `random` when not given; pass one
 * drawn earlier with `drawSeed` (to publish the commit before the client seeds are chosen), or
 * the stored seed to carry on a match after a restart. A missing client seed is generated.
 * Client seeds are validated here as a last guard; rooms should refuse bad ones first.
 */
export function createDice({ seed, clientSeeds = {}, random = cryptoBytes }: {
  seed?: string;
  clientSeeds?: Partial<ClientSeeds>;
  random?: RandomBytes;
}): MatchDice {
  const seedHex = (seed ?? drawSeed(random)).toLowerCase();
  const key = seedBytes(seedHex);
  const seeds: ClientSeeds = {
    white: clientSeeds.white ?? generateClientSeed(random),
    black: clientSeeds.black ?? generateClientSeed(random),
  };
  checkInputs(seeds, 0);
  return {
    derivation: DICE_DERIVATION,
    commit: commitOf(seedHex),
    clientSeeds: seeds,
    roll(k) {
      checkInputs(seeds, k);
      return diceFromBytes(blocks(key, seeds, k));
    },
    reveal: () => seedHex,
  };
}
