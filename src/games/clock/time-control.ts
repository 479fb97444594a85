/**
 * Time controls `initial+increment` and lichess's speed categories, decided by the estimated
 * game duration `initial + 40 × increment` (scalachess Speed).
 */
export interface TimeControl {
  initialMs: number;
  incrementMs: number;
}

export type Category = 'ultrabullet' | 'bullet' | 'blitz' | 'rapid' | 'classical' | 'untimed';

/** Upper bounds (exclusive) of each timed category, in estimated seconds. */
const CATEGORY_LIMITS: ReadonlyArray<readonly [Exclude<Category, 'untimed'>, number]> = [
  ['ultrabullet', 30],
  ['bullet', 180],
  ['blitz', 480],
  ['rapid', 1500],
  ['classical', Infinity],
];

export function estimatedSeconds(control: TimeControl): number {
  return (control.initialMs + 40 * control.incrementMs) / 1000;
}

export function categoryOf(control: TimeControl | null): Category {
  if (control === null) return 'untimed';
  const seconds = estimatedSeconds(control);
  return CATEGORY_LIMITS.find(([, limit]) => seconds < limit)![0];
}

/** How long each side has for its first move before the game is aborted (lichess, casual). */
const FIRST_MOVE_SECONDS: Record<Category, number> = {
  ultrabullet: 15, bullet: 20, blitz: 25, rapid: 30, classical: 35, untimed: 35,
};

export function firstMoveLimitMs(category: Category): number {
  return FIRST_MOVE_SECONDS[category] * 1000;
}

/** "3+2" (minutes + seconds), "0.5+0" for 30 s, "untimed". */
export function formatTimeControl(control: TimeControl | null): string {
  if (control === null) return 'untimed';
  return `${control.initialMs / 60_000}+${control.incrementMs / 1000}`;
}

/** The PGN `TimeControl` tag: "180+2" in seconds, "-" without a clock. */
export function pgnTimeControl(control: TimeControl | null): string {
  if (control === null) return '-';
  return `${control.initialMs / 1000}+${control.incrementMs / 1000}`;
}
