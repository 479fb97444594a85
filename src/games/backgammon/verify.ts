/**
 * Checking a finished match's dice from its public record (docs/dice.md §3): the revealed seed
 * must hash to the commit, and every roll in the log must be the roll the derivation gives for
 * its index k. k counts every roll event of the match in log order, across games: each
 * `opening-roll` event (a tie is its own event, read as [white's die, black's die]) and each
 * `roll` event (its dice in the order derived). Nothing else consumes a k. Pure: the record
 * comes in as plain (possibly untrusted JSON) data and the findings go out.
 */
import type { BySide } from '../side.ts';
import { DICE_DERIVATION, isClientSeed, rollAt, verifyCommit, type Roll } from './dice.ts';

/** The part of `GET /api/games/:id` the check reads. */
export interface MatchDiceRecord {
  readonly backgammon: {
    readonly dice: {
      readonly derivation: string;
      readonly commit: string;
      readonly seed: string | null;
      readonly clientSeeds: Readonly<BySide<string>>;
    };
    readonly events: ReadonlyArray<{ readonly n?: number; readonly type: string; readonly [field: string]: unknown }>;
  };
}

export interface DiceMismatch {
  /** The event's number in the log (1 = first), as the API gives it. */
  readonly n: number;
  /** The roll index of the event. */
  readonly k: number;
  readonly type: 'opening-roll' | 'roll';
  /** What the seed gives for k. */
  readonly expected: Roll;
  /** What the record says was rolled. */
  readonly recorded: readonly unknown[];
}

export interface DiceVerification {
  readonly ok: boolean;
  /** sha-256 of the seed equals the commit. */
  readonly commitOk: boolean;
  /** Roll events checked. */
  readonly rolls: number;
  readonly mismatches: readonly DiceMismatch[];
  /** What kept the record from being checked at all, or made it fail besides the rolls. */
  readonly problems: readonly string[];
}

const SEED_HEX = /^[0-9a-f]{64}$/i;

function sameRoll(expected: Roll, recorded: readonly unknown[]): boolean {
  return recorded.length === 2 && recorded[0] === expected[0] && recorded[1] === expected[1];
}

/** Checks the commit and recomputes every roll of the match, in order. */
export function verifyMatchDice(record: MatchDiceRecord): DiceVerification {
  const problems: string[] = [];
  const section = record?.backgammon;
  const dice = section?.dice;
  const events = section?.events;
  if (!dice || !Array.isArray(events)) {
    return { ok: false, commitOk: false, rolls: 0, mismatches: [], problems: ['the record has no backgammon dice and events'] };
  }
  // Without a known derivation, a revealed seed and valid client seeds no roll can be recomputed.
  if (dice.derivation !== DICE_DERIVATION) problems.push(`unknown dice derivation "${dice.derivation}" (this checker knows ${DICE_DERIVATION})`);
  const seed = typeof dice.seed === 'string' && SEED_HEX.test(dice.seed) ? dice.seed.toLowerCase() : undefined;
  if (!seed) problems.push('the server seed is not revealed (or is not 64 hex digits)');
  const clientSeeds = dice.clientSeeds;
  if (!isClientSeed(clientSeeds?.white) || !isClientSeed(clientSeeds?.black)) problems.push('the client seeds are not 1–64 visible ASCII characters each');
  const commitOk = seed !== undefined && verifyCommit(seed, dice.commit);
  if (problems.length > 0 || !seed) return { ok: false, commitOk, rolls: 0, mismatches: [], problems };
  // A seed that is not the committed one fails the match, but its rolls are still compared.
  if (!commitOk) problems.push(`sha256(seed) is not the commit ${dice.commit}`);

  const mismatches: DiceMismatch[] = [];
  let k = 0;
  events.forEach((event, index) => {
    if (event.type !== 'opening-roll' && event.type !== 'roll') return;
    const expected = rollAt(seed, clientSeeds, k);
    const recorded = event.type === 'opening-roll'
      ? [event.white, event.black]
      : Array.isArray(event.dice) ? event.dice as unknown[] : [];
    if (!sameRoll(expected, recorded)) mismatches.push({ n: event.n ?? index + 1, k, type: event.type, expected, recorded });
    k++;
  });
  return { ok: problems.length === 0 && mismatches.length === 0, commitOk, rolls: k, mismatches, problems };
}

/** One line per problem and per mismatch, then a summary line. */
export function describeVerification(result: DiceVerification, matchName = 'the match'): string[] {
  const lines = [...result.problems.map((problem) => `problem: ${problem}`)];
  for (const { n, k, type, expected, recorded } of result.mismatches) {
    const what = type === 'opening-roll' ? 'opening roll [white, black]' : 'roll';
    lines.push(`mismatch: event ${n}, ${what} k=${k}: recorded ${recorded.map(String).join('-')}, the seed gives ${expected.join('-')}`);
  }
  if (result.ok) lines.push(`OK: the commit matches the seed and all ${result.rolls} rolls of ${matchName} match`);
  else if (result.rolls === 0 && result.mismatches.length === 0 && !result.commitOk) lines.push(`FAILED: ${matchName} could not be checked`);
  else lines.push(`FAILED: ${result.mismatches.length} of ${result.rolls} rolls of ${matchName} differ${result.commitOk ? '' : '; the seed does not match the commit'}`);
  return lines;
}
