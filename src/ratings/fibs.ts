/**
 * The FIBS rating formula, the common yardstick of online backgammon (fibs.com glossary,
 * "Ratings"; FIBS `help formula`). Everyone starts at 1500 with experience 0. For an N-point
 * match between ratings that differ by D, the underdog wins with probability
 *
 *   P_underdog = 1 / (1 + 10^(D·√N / 2000))
 *
 * so longer matches favour the stronger player, as skill tells more over more games. The winner
 * gains 4·K·√N·P and the loser loses 4·K·√N·P, where P is the probability of the result that
 * did not happen (an upset pays more than an expected win) and each player has their own
 *
 *   K = max(1, 5 − (experience + N) / 100)
 *
 * which lets newcomers reach their level quickly and is 1 from 400 experience on. Experience is
 * the sum of the lengths of the matches a player has finished. Because K is per player, the two
 * changes differ while either player is new: FIBS ratings are not zero-sum, by design.
 *
 * Sources differ on K: the FIBS `help formula` page has max(1, 5 − experience/100), the fibs.com
 * glossary (and its match calculator) max(1, 5 − (experience + N)/100). We follow the glossary.
 * Ratings are kept unrounded; FIBS shows two decimals, which is for display.
 */

export interface FibsRating {
  readonly rating: number;
  /** Sum of the (rated) lengths of the matches finished so far. */
  readonly experience: number;
}

export const FIBS_INITIAL: FibsRating = { rating: 1500, experience: 0 };

/**
 * A money game (match length 0) has no length for the formula; if money games are rated at all
 * they count as a 1-point match: √N = 1 in the change and 1 point of experience, the same as
 * winning a single game. Whether money games are rated is decided by the caller, not here.
 */
export const MONEY_GAME_RATED_LENGTH = 1;

/** The N the formula uses for a match of `matchLength` points (0 = a money game). */
export function ratedLength(matchLength: number): number {
  if (!Number.isSafeInteger(matchLength) || matchLength < 0) {
    throw new RangeError('a match length is an integer ≥ 0 (0 = money game)');
  }
  return matchLength === 0 ? MONEY_GAME_RATED_LENGTH : matchLength;
}

/** The probability that a player rated `rating` wins an N-point match against `opponentRating`. */
export function winProbability(rating: number, opponentRating: number, matchLength: number): number {
  const n = ratedLength(matchLength);
  return 1 / (1 + 10 ** (((opponentRating - rating) * Math.sqrt(n)) / 2000));
}

/** K, the newcomer's multiplier: 5 at the very start, 1 once experience + N reaches 400. */
export function experienceFactor(experience: number, matchLength: number): number {
  return Math.max(1, 5 - (experience + ratedLength(matchLength)) / 100);
}

export interface FibsRatingChange {
  readonly winner: FibsRating;
  readonly loser: FibsRating;
  /** Points the winner gained (positive). */
  readonly winnerGain: number;
  /** Points the loser lost (positive). */
  readonly loserLoss: number;
}

/** The ratings and experience of both players after `winner` won a match of `matchLength`. */
export function fibsRatingChange({ winner, loser, matchLength }: {
  winner: FibsRating;
  loser: FibsRating;
  matchLength: number;
}): FibsRatingChange {
  const n = ratedLength(matchLength);
  const upset = winProbability(loser.rating, winner.rating, n); // the result that did not happen
  const stake = 4 * Math.sqrt(n) * upset;
  const winnerGain = experienceFactor(winner.experience, n) * stake;
  const loserLoss = experienceFactor(loser.experience, n) * stake;
  return {
    winner: { rating: winner.rating + winnerGain, experience: winner.experience + n },
    loser: { rating: loser.rating - loserLoss, experience: loser.experience + n },
    winnerGain,
    loserLoss,
  };
}
