import assert from 'node:assert/strict';
import { compensate, graceMs, newLagTracker } from '../../src/games/clock/lag-tracker.ts';
import { createClock, flagAt, isOutOfTime, recordMove, remainingAt, startClock, stopClock, switchTo } from '../../src/games/clock/fischer-clock.ts';
import { categoryOf, firstMoveLimitMs, formatTimeControl, pgnTimeControl } from '../../src/games/clock/time-control.ts';

const tc = (initialSeconds: number, incrementSeconds: number) => ({ initialMs: initialSeconds * 1000, incrementMs: incrementSeconds * 1000 });
const T0 = 1_700_000_000_000;

describe('time controls', () => {
  const categories: Array<[number, number, string]> = [
    [15, 0, 'ultrabullet'], [29, 0, 'ultrabullet'], [30, 0, 'bullet'], [60, 2, 'bullet'], [120, 1, 'bullet'], [120, 2, 'blitz'],
    [180, 0, 'blitz'], [180, 2, 'blitz'], [300, 3, 'blitz'], [479, 0, 'blitz'], [480, 0, 'rapid'],
    [600, 5, 'rapid'], [900, 10, 'rapid'], [1500, 0, 'classical'], [1800, 20, 'classical'],
  ];
  for (const [initial, increment, category] of categories) {
    it(`puts ${initial}+${increment} s in ${category} (initial + 40 × increment)`, () => {
      assert.equal(categoryOf(tc(initial, increment)), category);
    });
  }

  it('has no category but untimed without a clock', () => {
    assert.equal(categoryOf(null), 'untimed');
  });

  it('gives lichess first-move limits: 15 s ultrabullet … 35 s classical', () => {
    assert.deepEqual(['ultrabullet', 'bullet', 'blitz', 'rapid', 'classical'].map((c) => firstMoveLimitMs(c as never) / 1000), [15, 20, 25, 30, 35]);
  });

  it('formats time controls for people and for PGN', () => {
    assert.equal(formatTimeControl(tc(180, 2)), '3+2');
    assert.equal(formatTimeControl(tc(30, 0)), '0.5+0');
    assert.equal(formatTimeControl(null), 'untimed');
    assert.equal(pgnTimeControl(tc(180, 2)), '180+2');
    assert.equal(pgnTimeControl(null), '-');
  });
});

describe('lag compensation (lichess quota)', () => {
  it('gains 0.39 s per move at 1+0, 0.87 s at 3+0, at most 1 s; starts at 3 and caps at 7 gains', () => {
    assert.deepEqual(newLagTracker(tc(60, 0)), { quotaGainMs: 390, quotaMs: 1170, quotaMaxMs: 2730 });
    assert.deepEqual(newLagTracker(tc(180, 0)), { quotaGainMs: 870, quotaMs: 2610, quotaMaxMs: 6090 });
    assert.deepEqual(newLagTracker(tc(600, 0)), { quotaGainMs: 1000, quotaMs: 3000, quotaMaxMs: 7000 });
  });

  it('refunds the measured lag while the quota lasts', () => {
    const { compMs, tracker } = compensate(newLagTracker(tc(180, 0)), 300);
    assert.equal(compMs, 300);
    assert.equal(tracker.quotaMs, 2610 + 870 - 300);
  });

  it('never refunds more than the quota, however large the lag', () => {
    let tracker = newLagTracker(tc(60, 0));
    const refunds: number[] = [];
    for (let move = 0; move < 10; move++) {
      const result = compensate(tracker, 5000);
      refunds.push(result.compMs);
      assert.ok(result.compMs <= tracker.quotaMs, `move ${move}: refund ${result.compMs} > quota ${tracker.quotaMs}`);
      tracker = result.tracker;
    }
    assert.equal(refunds[0], 1170, 'first move: the whole initial quota');
    assert.ok(refunds.slice(1).every((refund) => refund === 390), 'then only the gain per move');
    assert.ok(refunds.reduce((a, b) => a + b, 0) <= 1170 + 9 * 390);
  });

  it('lets the quota grow back to its cap, not beyond', () => {
    let tracker = newLagTracker(tc(60, 0));
    for (let move = 0; move < 20; move++) tracker = compensate(tracker, 0).tracker;
    assert.equal(tracker.quotaMs, 2730);
  });

  it('grants at most 2 s of grace at the flag', () => {
    assert.equal(graceMs({ quotaGainMs: 1000, quotaMs: 7000, quotaMaxMs: 7000 }, 9000), 2000);
    assert.equal(graceMs(newLagTracker(tc(60, 0)), 100), 100);
  });
});

describe('Fischer clock', () => {
  it('charges nothing until it is started', () => {
    const clock = createClock(tc(60, 1), T0);
    const step = recordMove(clock, 'white', T0 + 5000, 0);
    assert.equal(step.spentMs, 0);
    assert.equal(remainingAt(step.clock, 'white', T0 + 9000), 60_000);
  });

  it('charges the elapsed time, adds the increment, and switches sides', () => {
    let clock = startClock(createClock(tc(60, 2), T0), 'white', T0);
    const step = recordMove(clock, 'white', T0 + 7000, 0);
    assert.equal(step.spentMs, 7000);
    assert.equal(step.flagged, false);
    clock = step.clock;
    assert.equal(clock.remaining.white, 60_000 - 7000 + 2000);
    assert.equal(clock.running, 'black');
    assert.equal(remainingAt(clock, 'black', T0 + 10_000), 57_000);
    assert.equal(remainingAt(clock, 'white', T0 + 10_000), 55_000, 'the waiting side does not lose time');
  });

  it('subtracts the lag refund from the time charged', () => {
    const clock = startClock(createClock(tc(180, 0), T0), 'white', T0);
    const step = recordMove(clock, 'white', T0 + 2000, 500);
    assert.equal(step.compMs, 500);
    assert.equal(step.spentMs, 1500);
  });

  it('flags a move that comes after the time ran out, at zero and without increment', () => {
    const clock = startClock(createClock(tc(60, 5), T0), 'white', T0);
    const step = recordMove(clock, 'white', T0 + 60_001, 0);
    assert.equal(step.flagged, true);
    assert.equal(step.clock.remaining.white, 0);
    assert.equal(step.clock.running, undefined);
  });

  it('puts the flag at the exact moment the time runs out, plus only the lag a move could still be refunded', () => {
    const clock = startClock(createClock(tc(60, 0), T0), 'white', T0);
    assert.equal(flagAt(clock, 0), T0 + 60_000);
    assert.equal(flagAt(clock, 200), T0 + 60_200);
    assert.equal(flagAt(clock, 60_000), T0 + 60_000 + 1170, 'grace never exceeds the quota');
    assert.equal(isOutOfTime(clock, T0 + 59_999, 0), false);
    assert.equal(isOutOfTime(clock, T0 + 60_000, 0), true);
    assert.equal(flagAt(createClock(tc(60, 0), T0), 0), undefined, 'no flag while stopped');
  });

  it('accepts exactly the moves its flag would not have caught', () => {
    const clock = startClock(createClock(tc(60, 0), T0), 'white', T0);
    const lag = 300;
    const at = flagAt(clock, lag)!;
    assert.equal(recordMove(clock, 'white', at - 1, lag).flagged, false);
    assert.equal(recordMove(clock, 'white', at, lag).flagged, true);
  });

  it('stops and switches, charging the running side', () => {
    const clock = startClock(createClock(tc(60, 0), T0), 'black', T0);
    const stopped = stopClock(clock, T0 + 4000);
    assert.equal(stopped.remaining.black, 56_000);
    assert.equal(stopped.running, undefined);
    const switched = switchTo(clock, 'white', T0 + 4000);
    assert.equal(switched.remaining.black, 56_000);
    assert.equal(switched.running, 'white');
    assert.equal(switched.since, T0 + 4000);
  });
});
