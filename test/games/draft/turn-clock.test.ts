import assert from 'node:assert/strict';
import {
  countdownLeftMs, elapsedMs, exhaustedAt, graceLeftMs, isExhausted, nextDeadline, pauseTurn,
  reserveChargeMs, reserveLeftMs, resumeTurn, startTurn,
} from '../../../src/games/draft/turn-clock.ts';
import { T0 } from './fakes.ts';

const GRACE = 30_000;
const BANK = 130_000;

describe('draft turn clock (grace, then reserve)', () => {
  it('runs the grace first and leaves the bank alone within it', () => {
    const c = startTurn(T0);
    assert.equal(graceLeftMs(c, GRACE, T0 + 12_000), 18_000);
    assert.equal(reserveLeftMs(c, GRACE, BANK, T0 + 30_000), BANK);
    assert.equal(reserveChargeMs(c, GRACE, BANK, T0 + 30_000), 0);
  });

  describe('charges overrun in whole seconds, rounded down', () => {
    const cases: Array<[number, number]> = [
      [1, 0], [999, 0], [1000, 1000], [1999, 1000], [2000, 2000], [45_500, 45_000], [129_999, 129_000],
    ];
    for (const [overrun, charge] of cases) {
      it(`${overrun} ms over → ${charge} ms`, () => {
        assert.equal(reserveChargeMs(startTurn(T0), GRACE, BANK, T0 + GRACE + overrun), charge);
      });
    }
    it('never charges more than the bank', () => {
      assert.equal(reserveChargeMs(startTurn(T0), GRACE, 5000, T0 + GRACE + 9_700), 5000);
    });
  });

  it('shows the bank counting down continuously (the fraction is given back at the action)', () => {
    const c = startTurn(T0);
    assert.equal(reserveLeftMs(c, GRACE, BANK, T0 + GRACE + 1_400), 128_600);
    assert.equal(reserveChargeMs(c, GRACE, BANK, T0 + GRACE + 1_400), 1000);
  });

  it('has the grace end, then the bank end, as its next deadline', () => {
    const c = startTurn(T0);
    assert.equal(nextDeadline(c, GRACE, BANK, T0), T0 + GRACE);
    assert.equal(nextDeadline(c, GRACE, BANK, T0 + GRACE), T0 + GRACE + BANK);
    assert.equal(nextDeadline(c, GRACE, 0, T0), T0 + GRACE, 'an empty bank: one deadline');
    assert.equal(exhaustedAt(c, GRACE, BANK), T0 + 160_000);
    assert.equal(isExhausted(c, GRACE, BANK, T0 + 159_999), false);
    assert.equal(isExhausted(c, GRACE, BANK, T0 + 160_000), true);
  });

  it('freezes on pause and resumes with the elapsed time kept, after a 3 s countdown', () => {
    // 10 s into the turn, paused for 50 s, then resumed: the start moves by 50 s + 3 s.
    const paused = pauseTurn(startTurn(T0), T0 + 10_000);
    assert.equal(elapsedMs(paused, T0 + 60_000), 10_000);
    assert.equal(nextDeadline(paused, GRACE, BANK, T0 + 60_000), undefined);
    assert.equal(isExhausted(paused, GRACE, BANK, T0 + 999_000), false);
    const resumed = resumeTurn(paused, T0 + 60_000);
    assert.equal(resumed.startedAt, T0 + 53_000);
    assert.equal(resumed.resumesAt, T0 + 63_000);
    assert.equal(countdownLeftMs(resumed, T0 + 61_000), 2000);
    assert.equal(elapsedMs(resumed, T0 + 61_000), 10_000, 'frozen during the countdown');
    assert.equal(elapsedMs(resumed, T0 + 63_000), 10_000);
    assert.equal(elapsedMs(resumed, T0 + 70_000), 17_000);
    assert.equal(nextDeadline(resumed, GRACE, BANK, T0 + 63_000), T0 + 83_000);
  });

  it('keeps the elapsed time when a pause cuts a countdown short', () => {
    const resumed = resumeTurn(pauseTurn(startTurn(T0), T0 + 10_000), T0 + 20_000); // countdown to T0+23 s
    const again = pauseTurn(resumed, T0 + 21_000);
    assert.equal(elapsedMs(again, T0 + 40_000), 10_000);
    const back = resumeTurn(again, T0 + 22_000); // a quick return, still before the first countdown's end
    assert.equal(back.resumesAt, T0 + 25_000);
    assert.equal(elapsedMs(back, T0 + 25_000), 10_000);
    assert.equal(elapsedMs(back, T0 + 26_000), 11_000);
  });

  it('ignores a pause while paused and a resume while running', () => {
    const paused = pauseTurn(startTurn(T0), T0 + 1000);
    assert.equal(pauseTurn(paused, T0 + 5000), paused);
    const running = startTurn(T0);
    assert.equal(resumeTurn(running, T0 + 5000), running);
  });
});
