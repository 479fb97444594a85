/**
 * Who picks next in a player draft. Snake and normal are fixed sequences of the pick index;
 * shuffle looks at the teams as they stand: the lowest total MMR (captain included) picks,
 * ties broken by d6 rolls among the tied teams, highest wins, re-rolling only those still tied
 * (kettleofketchup/dota_tournament `shuffle_draft.py`). Before the first pick a team's total is
 * its captain's MMR, so shuffle's first pick goes to the lowest captain MMR by the same rule.
 * Teams are indices into the organiser's list; the die is injected (`() => 1..6`).
 */

export type DraftStyle = 'snake' | 'normal' | 'shuffle';

export const DRAFT_STYLES: readonly DraftStyle[] = ['snake', 'normal', 'shuffle'];

/** A six-sided die: returns an integer 1..6. */
export type Die = () => number;

export interface TieRoll { team: number; roll: number }

/** Whose turn it is, and how that was decided (shuffle ties: every round of rolls). */
export interface TurnChoice { team: number; wasTie: boolean; tieRolls: TieRoll[][] }

/** Normal ("linear", "EU draft"): teams 1..N in the given order, every round. */
export function normalTeam(pickIndex: number, teamCount: number): number {
  return pickIndex % teamCount;
}

/** Snake: 1..N, then N..1, and so on (4 teams: the first team picks 1, 8, 9, 16). */
export function snakeTeam(pickIndex: number, teamCount: number): number {
  const round = Math.floor(pickIndex / teamCount);
  const slot = pickIndex % teamCount;
  return round % 2 === 0 ? slot : teamCount - 1 - slot;
}

function roll(die: Die): number {
  const value = die();
  if (!Number.isInteger(value) || value < 1 || value > 6) throw new RangeError(`the die rolled ${value}, not 1..6`);
  return value;
}

/**
 * Every team in `teams` rolls a d6; the highest rolls stay in; repeat until one is left. Each
 * round is recorded, in the order of `teams`, so the result can be replayed and shown.
 */
export function rollOff(teams: readonly number[], die: Die): { winner: number; rounds: TieRoll[][] } {
  if (teams.length === 0) throw new RangeError('no team to roll for');
  const rounds: TieRoll[][] = [];
  let still = [...teams];
  while (still.length > 1) {
    const rolls = still.map((team) => ({ team, roll: roll(die) }));
    rounds.push(rolls);
    const best = Math.max(...rolls.map((r) => r.roll));
    still = rolls.filter((r) => r.roll === best).map((r) => r.team);
  }
  return { winner: still[0]!, rounds };
}

/** Among the `eligible` teams, the one with the lowest total; a tie goes to a roll-off. */
export function lowestTotal(totals: readonly number[], eligible: readonly number[], die: Die): TurnChoice {
  const lowest = Math.min(...eligible.map((team) => totals[team]!));
  const tied = eligible.filter((team) => totals[team] === lowest);
  if (tied.length === 1) return { team: tied[0]!, wasTie: false, tieRolls: [] };
  const { winner, rounds } = rollOff(tied, die);
  return { team: winner, wasTie: true, tieRolls: rounds };
}

export interface OrderContext {
  /** 0-based index of the pick about to be made. */
  pickIndex: number;
  teamCount: number;
  /** Each team's total MMR now: captain plus the players it has drafted. */
  totals: readonly number[];
  /** Teams that may still pick (not yet full), in the given order. */
  eligible: readonly number[];
  die: Die;
}

/** The team that makes the pick at `ctx.pickIndex` under `style`. */
export function nextTurn(style: DraftStyle, ctx: OrderContext): TurnChoice {
  switch (style) {
    case 'snake': return { team: snakeTeam(ctx.pickIndex, ctx.teamCount), wasTie: false, tieRolls: [] };
    case 'normal': return { team: normalTeam(ctx.pickIndex, ctx.teamCount), wasTie: false, tieRolls: [] };
    case 'shuffle': return lowestTotal(ctx.totals, ctx.eligible, ctx.die);
  }
}
