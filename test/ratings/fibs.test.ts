import assert from 'node:assert/strict';
import {
  experienceFactor, FIBS_INITIAL, fibsRatingChange, MONEY_GAME_RATED_LENGTH, ratedLength, winProbability,
} from '../../src/ratings/fibs.ts';

const close = (actual: number, expected: number, what: string, tolerance = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

/** Experience past 400: K = 1 for both, so the arithmetic is the bare formula. */
const veteran = (rating: number) => ({ rating, experience: 1000 });

describe('FIBS ratings', () => {
  it('starts everyone at 1500 with no experience', () => {
    assert.deepEqual(FIBS_INITIAL, { rating: 1500, experience: 0 });
  });

  it("matches the favourite's break-even table (rgb archive): 100 → .529 at 1 point, 400 → .772 at 7, 700 → .935 at 11", () => {
    // 1 / (1 + 10^(−100·√1/2000)) = 1 / (1 + 0.891251) = 0.528751
    close(winProbability(1600, 1500, 1), 0.5287505638922686, '100, 1 point');
    close(winProbability(1900, 1500, 7), 0.7717842354024986, '400, 7 points');
    close(winProbability(2200, 1500, 11), 0.9354074892585885, '700, 11 points');
    close(winProbability(1500, 1600, 1) + winProbability(1600, 1500, 1), 1, 'the two sides add up to 1');
    assert.equal(winProbability(1500, 1500, 25), 0.5);
  });

  it('moves two newcomers by 9.98 after a 1-point match', () => {
    // P = 1/(1 + 10^0) = 0.5; K = 5 − (0 + 1)/100 = 4.99; change = 4 · 4.99 · √1 · 0.5 = 9.98.
    const after = fibsRatingChange({ winner: FIBS_INITIAL, loser: FIBS_INITIAL, matchLength: 1 });
    close(after.winnerGain, 9.98, 'gain');
    close(after.loserLoss, 9.98, 'loss');
    close(after.winner.rating, 1509.98, 'winner');
    close(after.loser.rating, 1490.02, 'loser');
    assert.equal(after.winner.experience, 1);
    assert.equal(after.loser.experience, 1);
  });

  it('pays a favourite less for winning than an underdog for the upset', () => {
    // 1700 vs 1500 in a 4-point match: D·√N/2000 = 200 · 2 / 2000 = 0.2; 10^0.2 = 1.584893;
    // P_underdog = 1 / 2.584893 = 0.386863. K = 1, so the stake is 4 · 1 · √4 · P = 8P.
    const favourite = fibsRatingChange({ winner: veteran(1700), loser: veteran(1500), matchLength: 4 });
    close(favourite.winnerGain, 8 * 0.3868631798468569, 'expected win: 8 × 0.386863 = 3.094905');
    close(favourite.winner.rating, 1703.0949054387749, 'favourite after');
    close(favourite.loser.rating, 1496.9050945612251, 'underdog after');
    const upset = fibsRatingChange({ winner: veteran(1500), loser: veteran(1700), matchLength: 4 });
    close(upset.winnerGain, 8 * (1 - 0.3868631798468569), 'upset: 8 × 0.613137 = 4.905095');
    close(upset.winner.rating, 1504.905094561225, 'underdog after');
    close(upset.loser.rating, 1695.094905438775, 'favourite after');
    assert.equal(upset.winner.experience, 1004);
  });

  it('is symmetric: equal veterans swap the same points either way, and their sum is kept', () => {
    const a = fibsRatingChange({ winner: veteran(1620), loser: veteran(1580), matchLength: 7 });
    const b = fibsRatingChange({ winner: veteran(1580), loser: veteran(1620), matchLength: 7 });
    close(a.winner.rating + a.loser.rating, 3200, 'sum after a');
    close(b.winner.rating + b.loser.rating, 3200, 'sum after b');
    close(a.winnerGain + b.winnerGain, 4 * Math.sqrt(7), 'the two outcomes share the whole stake 4·√N');
    const even = fibsRatingChange({ winner: veteran(1500), loser: veteran(1500), matchLength: 9 });
    close(even.winnerGain, 6, '4 · 1 · √9 · 0.5 = 6');
  });

  it("uses each player's own K: a newcomer moves faster than the veteran they play", () => {
    // Equal ratings, 9 points: stake 4 · √9 · 0.5 = 6. Newcomer K = 5 − (0 + 9)/100 = 4.91 → 29.46.
    const after = fibsRatingChange({ winner: FIBS_INITIAL, loser: veteran(1500), matchLength: 9 });
    close(after.winnerGain, 29.46, 'newcomer gains 4.91 × 6');
    close(after.loserLoss, 6, 'veteran loses 1 × 6');
  });

  it('damps K from 5 down to 1 once experience + N reaches 400', () => {
    close(experienceFactor(0, 1), 4.99, 'first 1-point match');
    close(experienceFactor(100, 5), 3.95, '5 − 105/100');
    close(experienceFactor(395, 4), 1.01, '5 − 399/100');
    assert.equal(experienceFactor(396, 4), 1, '5 − 400/100');
    assert.equal(experienceFactor(5000, 1), 1, 'never below 1');
    let player = FIBS_INITIAL;
    const opponent = veteran(1500);
    const gains: number[] = [];
    for (let match = 0; match < 60; match++) {
      const after = fibsRatingChange({ winner: player, loser: opponent, matchLength: 7 });
      gains.push(after.winnerGain / (4 * Math.sqrt(7) * winProbability(opponent.rating, player.rating, 7)));
      player = { rating: 1500, experience: after.winner.experience };
    }
    close(gains[0]!, 4.93, 'K of the first 7-pointer');
    assert.ok(gains.every((k, i) => i === 0 || k <= gains[i - 1]!), 'K only falls');
    assert.equal(gains.at(-1), 1);
    assert.equal(player.experience, 420);
  });

  it('rates a money game as a 1-point match, the choice exposed as MONEY_GAME_RATED_LENGTH', () => {
    assert.equal(MONEY_GAME_RATED_LENGTH, 1);
    assert.equal(ratedLength(0), 1);
    assert.equal(ratedLength(11), 11);
    const money = fibsRatingChange({ winner: veteran(1800), loser: veteran(1500), matchLength: 0 });
    const onePoint = fibsRatingChange({ winner: veteran(1800), loser: veteran(1500), matchLength: 1 });
    assert.deepEqual(money, onePoint);
    assert.equal(money.winner.experience, 1001);
  });

  it('refuses a match length that is not an integer ≥ 0', () => {
    for (const bad of [-1, 1.5, Number.NaN, Infinity]) {
      assert.throws(() => fibsRatingChange({ winner: FIBS_INITIAL, loser: FIBS_INITIAL, matchLength: bad }), RangeError);
    }
  });
});
