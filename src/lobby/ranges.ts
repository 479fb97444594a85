/** Rating ranges as players give them: `[min, max]`, inclusive. */
export type RatingRange = readonly [number, number];

export function holds(range: RatingRange | undefined, rating: number): boolean {
  return range === undefined || (rating >= range[0] && rating <= range[1]);
}
