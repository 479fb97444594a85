/** The two sides of a two-player board game (chess, backgammon). */
export type Side = 'white' | 'black';

export const SIDES: readonly Side[] = ['white', 'black'];

export function opposite(side: Side): Side {
  return side === 'white' ? 'black' : 'white';
}

export type BySide<T> = { white: T; black: T };

export function bySide<T>(make: (side: Side) => T): BySide<T> {
  return { white: make('white'), black: make('black') };
}
