/**
 * The event log of a draft (both kinds): plain JSON objects, appended in the order things
 * happened, each stamped with the server time `at` (epoch ms) it was applied. It is what a
 * service stores and what a replay or an audit reads; the synced state is only the latest view.
 * Teams are named by their index in the organiser's list (0-based); `n` counts turns from 1.
 */
import type { TieRoll } from './order.ts';

/** Pick-order and side: what the coin-flip winner, then the other captain, choose from. */
export type CaptainsChoice = 'first-pick' | 'second-pick' | 'radiant' | 'dire';

export type DraftAction = 'pick' | 'ban';

export type DraftEvent =
  | { type: 'connected'; at: number; team: number; captainId: string }
  | { type: 'disconnected'; at: number; team: number; captainId: string }
  /** The hero draft's coin flip: `winner` chooses first. */
  | { type: 'roll'; at: number; kind: 'coin'; winner: number }
  /** A shuffle tie on the lowest total: every round of d6 rolls until one team is left. */
  | { type: 'roll'; at: number; kind: 'tie'; n: number; tied: number[]; rounds: TieRoll[][]; winner: number }
  | { type: 'choice'; at: number; team: number; choice: CaptainsChoice }
  /** `deadline`: when the turn times out if nothing happens and nobody pauses it. */
  | { type: 'turn-started'; at: number; n: number; team: number; action: DraftAction; deadline: number }
  | { type: 'pick'; at: number; n: number; team: number; choice: string; auto: boolean }
  | { type: 'ban'; at: number; n: number; team: number; choice: string }
  /** The turn ran out: `choice` is the auto-pick, or null for a ban (nothing is banned). */
  | { type: 'timeout'; at: number; n: number; team: number; action: DraftAction; choice: string | null }
  /** A hero draft's captain left; or either draft stands still across a restart of its server. */
  | { type: 'paused'; at: number }
  /**
   * The turn runs again from `resumesAt`: a hero draft's after a 3 s countdown once both
   * captains are back, a player draft's at once after a restart (with the time it had left).
   */
  | { type: 'resumed'; at: number; resumesAt: number }
  | { type: 'completed'; at: number }
  | { type: 'abandoned'; at: number };

export type DraftStatus = 'waiting' | 'choosing' | 'drafting' | 'paused' | 'completed' | 'abandoned';

/** A draft that is over takes no more actions (refused with GAME_OVER). */
export function isOver(status: DraftStatus): boolean {
  return status === 'completed' || status === 'abandoned';
}
