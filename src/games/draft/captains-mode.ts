/**
 * Dota 2 Captain's Mode as data (patch 7.34 and later): the 24-step order and the two choices
 * made after the coin flip. F is the first-pick team, S the second.
 *
 *   1–7 ban F F S S F S S | 8–9 pick F S | 10–12 ban F F S | 13–18 pick S F F S S F |
 *   19–22 ban F S F S | 23–24 pick F S
 *
 * → 14 bans and 10 picks, 7 bans and 5 picks per team (Liquipedia; Azzuarezh/dota-overlay
 * "Patch 7.40"). Note: kettleofketchup/dota_tournament's `CAPTAINS_MODE_SEQUENCE` has S F S
 * for the second bans and F S F S F S for the middle picks, which gives 6 and 8 bans; not used.
 */
import type { CaptainsChoice, DraftAction } from './events.ts';

export type CmSlot = 'first' | 'second';
export interface CmStep { readonly team: CmSlot; readonly action: DraftAction }

const F = 'first';
const S = 'second';
const ban = (team: CmSlot): CmStep => ({ team, action: 'ban' });
const pick = (team: CmSlot): CmStep => ({ team, action: 'pick' });

export const CAPTAINS_MODE: readonly CmStep[] = Object.freeze([
  ban(F), ban(F), ban(S), ban(S), ban(F), ban(S), ban(S),
  pick(F), pick(S),
  ban(F), ban(F), ban(S),
  pick(S), pick(F), pick(F), pick(S), pick(S), pick(F),
  ban(F), ban(S), ban(F), ban(S),
  pick(F), pick(S),
]);

export const PICK_ORDER_CHOICES: readonly CaptainsChoice[] = ['first-pick', 'second-pick'];
export const SIDE_CHOICES: readonly CaptainsChoice[] = ['radiant', 'dire'];
export const ALL_CHOICES: readonly CaptainsChoice[] = [...PICK_ORDER_CHOICES, ...SIDE_CHOICES];

/** What the second chooser may pick from: the category the coin-flip winner left. */
export function remainingChoices(first: CaptainsChoice): readonly CaptainsChoice[] {
  return PICK_ORDER_CHOICES.includes(first) ? SIDE_CHOICES : PICK_ORDER_CHOICES;
}

export type Side = 'radiant' | 'dire';

/** What two choices mean for the two teams: which one drafts first, and who plays which side. */
export function settleChoices(choices: readonly { team: 0 | 1; choice: CaptainsChoice }[]): { firstPick: 0 | 1; radiant: 0 | 1 } {
  let firstPick: 0 | 1 | undefined;
  let radiant: 0 | 1 | undefined;
  for (const { team, choice } of choices) {
    const other = team === 0 ? 1 : 0;
    if (choice === 'first-pick') firstPick = team;
    if (choice === 'second-pick') firstPick = other;
    if (choice === 'radiant') radiant = team;
    if (choice === 'dire') radiant = other;
  }
  if (firstPick === undefined || radiant === undefined) throw new RangeError('both a pick order and a side must be chosen');
  return { firstPick, radiant };
}
