import assert from 'node:assert/strict';
import {
  createDelayClock, delayLeftAt, flagAt, isOutOfTime, recordAction, reserveAt, resumeDelayClock, startAction, stopDelayClock,
  suspendDelayClock,
} from '../../src/games/clock/delay-clock.ts';

const T0 = 1_700_000_000_000;
/** 12 s per action, 60 s of reserve per side. */
const control = { delayMs: 12_000, reserveMs: 60_000 };
const started = (side: 'white' | 'black' = 'white') => startAction(createDelayClock(control, T0), side, T0);

describe('delay + reserve clock (backgammon)', () => {
  it('runs nobody until an action is asked for', () => {
    const clock = createDelayClock(control, T0);
    assert.equal(clock.running, undefined);
    assert.equal(flagAt(clock), undefined);
    assert.equal(isOutOfTime(clock, T0 + 10 * 60_000), false);
    assert.equal(reserveAt(clock, 'white', T0 + 99_000), 60_000);
    assert.deepEqual(recordAction(clock, 'white', T0 + 5000), { clock, reserveSpentMs: 0, flagged: false });
  });

  it('costs nothing for an action within the delay', () => {
    const clock = started();
    assert.equal(delayLeftAt(clock, 'white', T0 + 4000), 8000);
    assert.equal(reserveAt(clock, 'white', T0 + 4000), 60_000);
    const step = recordAction(clock, 'white', T0 + 12_000);
    assert.deepEqual(step.clock.reserve, { white: 60_000, black: 60_000 }, 'exactly the whole delay is still free');
    assert.equal(step.reserveSpentMs, 0);
    assert.equal(step.flagged, false);
    assert.equal(step.clock.running, undefined);
  });

  it('drains the reserve by the overshoot only', () => {
    const clock = started();
    assert.equal(delayLeftAt(clock, 'white', T0 + 15_000), 0);
    assert.equal(reserveAt(clock, 'white', T0 + 15_000), 57_000);
    const step = recordAction(clock, 'white', T0 + 19_500);
    // 19.5 s used − 12 s delay = 7.5 s from the reserve.
    assert.equal(step.reserveSpentMs, 7500);
    assert.equal(step.clock.reserve.white, 52_500);
    assert.equal(step.clock.reserve.black, 60_000, 'the waiting side loses nothing');
  });

  it('does not bank unused delay: a fresh, full delay per action, never more', () => {
    let clock = started();
    clock = startAction(clock, 'white', T0 + 1000); // rolled after 1 s: 11 s of delay unused and lost
    assert.equal(delayLeftAt(clock, 'white', T0 + 1000), 12_000);
    assert.equal(reserveAt(clock, 'white', T0 + 1000), 60_000);
    // The play takes 20 s: 8 s beyond its own delay, the unused 11 s do not help.
    clock = startAction(clock, 'black', T0 + 21_000);
    assert.equal(clock.reserve.white, 52_000);
    assert.equal(clock.running, 'black');
    assert.equal(delayLeftAt(clock, 'black', T0 + 21_000), 12_000);
    assert.equal(delayLeftAt(clock, 'white', T0 + 21_000), 0, 'no delay while waiting');
  });

  it('gives a cube answer its own delay', () => {
    let clock = started('white');
    clock = startAction(clock, 'black', T0 + 3000); // white doubles after 3 s
    clock = startAction(clock, 'white', T0 + 3000 + 14_000); // black takes after 14 s: 2 s overshoot
    assert.deepEqual(clock.reserve, { white: 60_000, black: 58_000 });
  });

  it('puts the flag exactly where delay and reserve run out', () => {
    let clock = started();
    assert.equal(flagAt(clock), T0 + 12_000 + 60_000);
    assert.equal(isOutOfTime(clock, T0 + 71_999), false);
    assert.equal(isOutOfTime(clock, T0 + 72_000), true);
    clock = startAction(clock, 'black', T0 + 30_000); // white used 18 s of its reserve
    clock = startAction(clock, 'white', T0 + 31_000);
    assert.equal(clock.reserve.white, 42_000);
    assert.equal(flagAt(clock), T0 + 31_000 + 12_000 + 42_000);
    assert.equal(reserveAt(clock, 'white', flagAt(clock)! - 1), 1);
    assert.equal(reserveAt(clock, 'white', flagAt(clock)!), 0);
  });

  it('flags an action at or after the flag, stopping the clock at zero', () => {
    const clock = started();
    const late = recordAction(clock, 'white', T0 + 72_000);
    assert.equal(late.flagged, true);
    assert.equal(late.clock.reserve.white, 0);
    assert.equal(late.clock.running, undefined);
    assert.equal(late.reserveSpentMs, 60_000);
    const wayLate = recordAction(clock, 'white', T0 + 500_000);
    assert.equal(wayLate.flagged, true);
    assert.equal(wayLate.clock.reserve.white, 0, 'never below zero');
    assert.equal(recordAction(clock, 'white', T0 + 71_999).flagged, false);
  });

  it('runs a reserve out over many slow actions', () => {
    let clock = started();
    let now = T0;
    for (let action = 0; action < 3; action++) {
      now += 12_000 + 20_000;
      clock = startAction(clock, 'white', now);
    }
    assert.equal(clock.reserve.white, 0);
    assert.equal(flagAt(clock), now + 12_000, 'only the fresh delay is left');
    assert.equal(isOutOfTime(clock, now + 11_999), false);
    assert.equal(isOutOfTime(clock, now + 12_000), true);
  });

  it('stops between games without losing the reserve, and charges what was used', () => {
    const clock = started('black');
    const stopped = stopDelayClock(clock, T0 + 15_000);
    assert.equal(stopped.running, undefined);
    assert.equal(stopped.reserve.black, 57_000);
    assert.equal(flagAt(stopped), undefined);
    assert.equal(reserveAt(stopped, 'black', T0 + 600_000), 57_000, 'nothing runs while stopped');
    assert.equal(stopDelayClock(stopped, T0 + 900_000), stopped);
    const nextGame = startAction(stopped, 'white', T0 + 600_000);
    assert.equal(flagAt(nextGame), T0 + 600_000 + 12_000 + 60_000);
  });

  it('ignores time before `since` rather than granting it', () => {
    const clock = started();
    assert.equal(reserveAt(clock, 'white', T0 - 5000), 60_000);
    assert.equal(delayLeftAt(clock, 'white', T0 - 5000), 12_000);
  });

  describe('suspended (a restart)', () => {
    it('charges nothing within the delay, runs nothing meanwhile, and gives the rest of the delay back', () => {
      const suspended = suspendDelayClock(started(), T0 + 5000);
      assert.deepEqual([suspended.running, suspended.reserve.white, suspended.suspended], [undefined, 60_000, { side: 'white', delayLeftMs: 7000 }]);
      assert.equal(flagAt(suspended), undefined, 'no flag while suspended');
      assert.equal(suspendDelayClock(suspended, T0 + 9000), suspended, 'suspending again changes nothing');
      const resumed = resumeDelayClock(suspended, 'white', T0 + 3_600_000);
      assert.equal(resumed.running, 'white');
      assert.equal(resumed.suspended, undefined);
      assert.equal(delayLeftAt(resumed, 'white', T0 + 3_600_000), 7000);
      assert.equal(reserveAt(resumed, 'white', T0 + 3_600_000 + 7000), 60_000);
      assert.equal(flagAt(resumed), T0 + 3_600_000 + 7000 + 60_000);
      assert.equal(resumed.since, T0 + 3_600_000 - 5000, '`since` set back by the delay used, so the synced clock reads right');
    });

    it('charges the overshoot up to the suspension, and only that', () => {
      const suspended = suspendDelayClock(started('black'), T0 + 20_000);
      assert.deepEqual([suspended.reserve.black, suspended.suspended?.delayLeftMs], [52_000, 0]);
      const resumed = resumeDelayClock(suspended, 'black', T0 + 100_000);
      assert.equal(reserveAt(resumed, 'black', T0 + 100_000), 52_000);
      assert.equal(flagAt(resumed), T0 + 100_000 + 52_000);
      const acted = startAction(resumed, 'white', T0 + 101_000);
      assert.deepEqual(acted.reserve, { white: 60_000, black: 51_000 }, 'one more second after the resumption');
    });

    it('starts a fresh action for another side, and stays stopped with nobody to act', () => {
      const suspended = suspendDelayClock(started('white'), T0 + 10_000);
      const other = resumeDelayClock(suspended, 'black', T0 + 50_000);
      assert.deepEqual([other.running, other.since, other.suspended], ['black', T0 + 50_000, undefined]);
      assert.deepEqual(other.reserve, { white: 60_000, black: 60_000 });
      const nobody = resumeDelayClock(suspended, undefined, T0 + 50_000);
      assert.deepEqual([nobody.running, nobody.suspended, flagAt(nobody)], [undefined, undefined, undefined]);
    });

    it('leaves a stopped clock as it is', () => {
      const stopped = stopDelayClock(started(), T0 + 1000);
      assert.equal(suspendDelayClock(stopped, T0 + 2000), stopped);
      const resumed = resumeDelayClock(stopped, 'black', T0 + 9000);
      assert.deepEqual([resumed.running, resumed.since, flagAt(resumed)], ['black', T0 + 9000, T0 + 9000 + 72_000]);
    });
  });
});
