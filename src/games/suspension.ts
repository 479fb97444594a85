/**
 * The rule every game follows across a restart of its server: the game is suspended at the
 * moment the server stopped (after a crash: the last moment it is known to have run, its
 * heartbeat or the game's last kept action), no clock or limit runs meanwhile, and play goes on
 * when the player to act is back, or this long after the restart if they are not. The time away
 * is charged to nobody.
 */
export const RESUME_GRACE_MS = 30_000;

/** A game suspended across a restart: since when, and once the server has it again, until when at most. */
export interface Suspension {
  at: number;
  resumeBy?: number;
}

/** The server has the game again at `now`: the suspension ends by RESUME_GRACE_MS from now at the latest. */
export function graceFrom<S extends Suspension>(suspended: S, now: number): S {
  return { ...suspended, resumeBy: now + RESUME_GRACE_MS };
}

/** Whether the grace after a restart is over at `now` (play goes on by itself then). */
export function graceOver(suspended: Suspension | undefined, now: number): boolean {
  return suspended?.resumeBy !== undefined && now >= suspended.resumeBy;
}
