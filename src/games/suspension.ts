/**
 * The rule every game follows across a restart of its server: the game is suspended at the
 * moment the server stopped (or its last kept action, after a crash), no clock or limit runs
 * meanwhile, and play goes on when the player to act is back, or this long after the restart
 * if they are not. The time away is charged to nobody.
 */
export const RESUME_GRACE_MS = 30_000;
