import assert from 'node:assert/strict';
import { isProvisional, LICHESS, ratePeriod, rateGame, withInactivity } from '../../src/ratings/glicko2.ts';

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

describe('Glicko-2', () => {
  it("reproduces Glickman's worked example (1500/200 vs 1400/30 win, 1550/100 loss, 1700/300 loss, τ 0.5)", () => {
    const after = ratePeriod({ rating: 1500, rd: 200, volatility: 0.06 }, [
      { opponent: { rating: 1400, rd: 30, volatility: 0.06 }, score: 1 },
      { opponent: { rating: 1550, rd: 100, volatility: 0.06 }, score: 0 },
      { opponent: { rating: 1700, rd: 300, volatility: 0.06 }, score: 0 },
    ], 0.5);
    // The paper rounds its intermediate steps: 1464.06; exact arithmetic gives 1464.0507.
    close(after.rating, 1464.06, 0.011, 'rating');
    close(after.rd, 151.52, 0.005, 'RD');
    close(after.volatility, 0.05999, 0.00001, 'volatility');
  });

  it("matches lichess's calculator: two 1500/350/0.06 players, white wins → 1662.21 / 1337.79", () => {
    const player = { rating: 1500, rd: 350, volatility: 0.06 };
    const after = rateGame({ white: player, black: player, score: 1 });
    close(after.white.rating, 1662.21, 0.005, 'white');
    close(after.black.rating, 1337.79, 0.005, 'black');
  });

  it('moves ratings symmetrically for equal players and leaves them for a draw', () => {
    const after = rateGame({ white: LICHESS.initial, black: LICHESS.initial, score: 0.5 });
    close(after.white.rating, 1500, 1e-9, 'white');
    close(after.black.rating, 1500, 1e-9, 'black');
    assert.ok(after.white.rd < LICHESS.initial.rd, 'a game makes the rating surer');
  });

  it('rewards an upset more than an expected win', () => {
    const strong = { rating: 2000, rd: 60, volatility: 0.06 };
    const weak = { rating: 1600, rd: 60, volatility: 0.06 };
    const expected = rateGame({ white: strong, black: weak, score: 1 });
    const upset = rateGame({ white: strong, black: weak, score: 0 });
    assert.ok(upset.black.rating - weak.rating > expected.white.rating - strong.rating);
  });

  it('keeps the RD at or above 45 and the volatility at or below 0.1', () => {
    let white = { rating: 1800, rd: 46, volatility: 0.1 };
    let black = { rating: 1800, rd: 46, volatility: 0.1 };
    for (let i = 0; i < 50; i++) ({ white, black } = rateGame({ white, black, score: i % 2 === 0 ? 1 : 0 }));
    assert.ok(white.rd >= 45 && black.rd >= 45);
    assert.ok(white.volatility <= 0.1);
  });

  it('never takes a rating below the floor of 400', () => {
    const unsure = { rating: 420, rd: 350, volatility: 0.09 };
    const unbounded = ratePeriod(unsure, [{ opponent: { rating: 420, rd: 50, volatility: 0.06 }, score: 0 }], LICHESS.tau, 0);
    assert.ok(unbounded.rating < 400, `premise: the loss alone would take it to ${unbounded.rating}`);
    const after = rateGame({ white: unsure, black: { rating: 420, rd: 50, volatility: 0.06 }, score: 0 });
    assert.equal(after.white.rating, 400);
  });

  it('grows the RD with inactivity, a year taking a typical 60 to about 110', () => {
    const after = withInactivity({ rating: 1800, rd: 60, volatility: 0.06 }, 365);
    close(after.rd, 110, 2, 'RD after a year');
    assert.equal(withInactivity({ rating: 1800, rd: 480, volatility: 0.09 }, 10_000).rd, 500, 'capped at 500');
    assert.equal(withInactivity({ rating: 1800, rd: 60, volatility: 0.06 }, 0).rd, 60);
  });

  it('calls a rating provisional while its RD is 110 or more', () => {
    assert.equal(isProvisional({ rd: 110 }), true);
    assert.equal(isProvisional({ rd: 109.9 }), false);
    assert.equal(isProvisional(LICHESS.initial), true);
  });
});
