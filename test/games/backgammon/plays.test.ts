import assert from 'node:assert/strict';
import { applySteps, checkPlay, legalPlays } from '../../../src/games/backgammon/plays.ts';
import { pipCount, positionKey, startingPosition, type Position } from '../../../src/games/backgammon/position.ts';
import type { Side } from '../../../src/games/side.ts';
import { board, prng } from './helpers.ts';
import { naiveKey, naivePlayKeys } from './naive-plays.ts';

/** The plays as sorted strings `from/to from/to`, in the mover's numbering (0 = off, 25 = bar). */
function plays(position: Position, side: Side, dice: [number, number]): string[] {
  return legalPlays(position, side, dice).map((p) => p.steps.map(([f, t]) => `${f}/${t}`).join(' ')).sort();
}

function assertSameAsNaive(position: Position, side: Side, dice: [number, number]): void {
  const found = new Set(legalPlays(position, side, dice).map((p) => naiveKey(p.position)));
  assert.deepEqual(found, naivePlayKeys(position, side, dice), `${positionKey(position)} ${side} ${dice.join('-')}`);
}

/** Distinct plays from the starting position as gnubg 1.07 lists them (`hint` at 0-ply, every candidate). */
const GNUBG_START_COUNTS: Record<string, number> = {
  21: 15, 31: 16, 41: 14, 51: 8, 61: 10, 32: 17, 42: 18, 52: 8, 62: 14, 43: 17, 53: 9, 63: 14,
  54: 9, 64: 14, 65: 7, 11: 42, 22: 75, 33: 73, 44: 52, 55: 4, 66: 11,
};

describe('backgammon legal plays', () => {
  describe('from the starting position', () => {
    for (const [roll, count] of Object.entries(GNUBG_START_COUNTS)) {
      const dice: [number, number] = [Number(roll[0]), Number(roll[1])];
      it(`${roll}: ${count} distinct plays (gnubg's count), the same set as a naive enumerator, for either side`, () => {
        for (const side of ['white', 'black'] as const) {
          assert.equal(legalPlays(startingPosition(), side, dice).length, count);
          assert.equal(legalPlays(startingPosition(), side, [dice[1], dice[0]]).length, count);
          assertSameAsNaive(startingPosition(), side, dice);
        }
      });
    }

    it('lists the opening 6-5 plays once each (13/7/2, 13/8/2 and 8/2 13/8 are one play)', () => {
      assert.deepEqual(plays(startingPosition(), 'white', [6, 5]), [
        '13/7 13/8', '13/7 7/2', '13/7 8/3', '24/18 13/8', '24/18 18/13', '24/18 8/3', '8/2 8/3',
      ]);
    });
  });

  it('must use both dice, in the one order that allows it', () => {
    // White: 13 and fourteen on its 1-point; black holds white's 7. 13/7 is blocked, 13/11/5 is not.
    const position = board({ 13: 1, 1: 14 }, { 18: 2, 1: 13 });
    assert.deepEqual(plays(position, 'white', [6, 2]), ['13/11 11/5']);
  });

  it('plays the larger die when either die can be played but not both', () => {
    // Black holds white's 2: after 13/7 the 5 is blocked, after 13/8 the 6 is blocked.
    const position = board({ 13: 1, 1: 14 }, { 23: 2, 1: 13 });
    assert.deepEqual(plays(position, 'white', [6, 5]), ['13/7']);
    assert.deepEqual(plays(position, 'white', [5, 6]), ['13/7']);
  });

  it('plays the smaller die when the larger cannot be played at all', () => {
    // Black also holds white's 7: only 13/8 is left, and 8/2 is blocked.
    const position = board({ 13: 1, 1: 14 }, { 23: 2, 18: 2, 1: 11 });
    assert.deepEqual(plays(position, 'white', [6, 5]), ['13/8']);
  });

  it('enters from the bar first, with one die or none', () => {
    // Black holds white's 19, 20, 22, 23 and 24: only a 4 enters.
    const black = { 6: 2, 5: 2, 3: 2, 2: 2, 1: 2, 8: 5 };
    assert.deepEqual(plays(board({ 25: 1, 13: 14 }, black), 'white', [6, 4]), ['25/21 13/7', '25/21 21/15']);
    // Two on the bar: one enters, and nothing else may move while the other stays there.
    assert.deepEqual(plays(board({ 25: 2, 13: 13 }, black), 'white', [6, 4]), ['25/21']);
    // A closed board: no play at all, not even with a double.
    const closed = board({ 25: 1, 13: 14 }, { 6: 2, 5: 2, 4: 2, 3: 2, 2: 2, 1: 2, 8: 3 });
    assert.deepEqual(plays(closed, 'white', [6, 4]), []);
    assert.deepEqual(plays(closed, 'white', [3, 3]), []);
    // Black enters the same way, in its own numbering.
    assert.deepEqual(plays(board({ 6: 2, 5: 2, 3: 2, 2: 2, 1: 2, 8: 5 }, { 25: 2, 13: 13 }), 'black', [6, 4]), ['25/21']);
  });

  it('bears off with a higher die only from the highest point', () => {
    const black = { 6: 5, 5: 5, 4: 5 };
    assert.deepEqual(plays(board({ 3: 2 }, black), 'white', [6, 5]), ['3/0 3/0']);
    // 6-4 with checkers on 5 and 2: the 4 may not bear off from 2 while 5 is occupied.
    assert.deepEqual(plays(board({ 5: 1, 2: 1 }, black), 'white', [6, 4]), ['5/0 2/0', '5/1 2/0']);
    assertSameAsNaive(board({ 5: 1, 2: 1 }, black), 'white', [6, 4]);
  });

  it('bears off only once every checker is home', () => {
    const position = board({ 7: 1, 3: 14 }, { 6: 5, 5: 5, 4: 5 });
    const found = plays(position, 'white', [6, 1]);
    assert.ok(found.includes('7/1 1/0'), 'the 7 goes home and off (the same play as 7/6 6/0)');
    assert.ok(found.includes('7/1 3/2'));
    assert.ok(!found.some((p) => p.startsWith('3/0')), 'no bearing off before 7 is home');
    assertSameAsNaive(position, 'white', [6, 1]);
  });

  it('hits during the bear-off; the hit checker goes to the bar', () => {
    // A black blot on white's 2 (black's 23).
    const position = board({ 6: 3, 5: 3, 1: 2 }, { 23: 1, 12: 14 });
    const hitting = legalPlays(position, 'white', [4, 1]).filter((p) => p.steps.some(([f, t]) => f === 6 && t === 2));
    assert.ok(hitting.length > 0);
    for (const play of hitting) assert.equal(play.position.bar.black, 1);
    assertSameAsNaive(position, 'white', [4, 1]);
  });

  it('plays as many moves of a double as it can', () => {
    // Black holds white's 5, 2 and 1: 17/13/9 and then nothing (9/5 and 6/2 are blocked).
    const twoMoves = board({ 17: 1, 6: 14 }, { 20: 2, 23: 2, 24: 2, 6: 9 });
    assert.deepEqual(plays(twoMoves, 'white', [4, 4]), ['17/13 13/9']);
    // Black holds white's 9 and 2: nothing moves at all.
    const none = board({ 13: 1, 6: 14 }, { 16: 2, 23: 2, 6: 11 });
    assert.deepEqual(plays(none, 'white', [4, 4]), []);
    // Three of four: enter, two more moves, then a wall (black holds white's 13 and 3).
    const three = board({ 25: 1, 6: 14 }, { 12: 2, 22: 2, 1: 11 });
    assert.deepEqual(plays(three, 'white', [3, 3]), ['25/22 22/19 19/16']);
    assertSameAsNaive(three, 'white', [3, 3]);
  });

  it('agrees with a naive enumerator over positions from random games', () => {
    const rand = prng(20261125);
    let checked = 0;
    for (let game = 0; game < 12; game++) {
      let position = startingPosition();
      let side: Side = game % 2 ? 'white' : 'black';
      for (let turn = 0; turn < 300; turn++) {
        const dice: [number, number] = [1 + Math.floor(rand() * 6), 1 + Math.floor(rand() * 6)];
        const found = legalPlays(position, side, dice);
        if (turn % 3 === 0) {
          assertSameAsNaive(position, side, dice);
          checked++;
        }
        if (found.length) position = found[Math.floor(rand() * found.length)]!.position;
        if (position.off[side] === 15) break;
        side = side === 'white' ? 'black' : 'white';
      }
    }
    assert.ok(checked > 300);
  });

  describe('checking a submitted play', () => {
    const start = startingPosition();

    it('accepts the steps of a legal play in either order, with the dice either way round', () => {
      for (const steps of [[[8, 5], [6, 5]], [[6, 5], [8, 5]]]) {
        const check = checkPlay(start, 'white', [3, 1], steps);
        assert.ok(check.ok);
        assert.deepEqual(check.play.steps, steps);
        assert.equal(check.play.position.points[4], 2);
        assert.ok(checkPlay(start, 'white', [1, 3], steps).ok);
      }
      assert.ok(checkPlay(start, 'white', [6, 5], [[24, 18], [18, 13]]).ok);
      assert.ok(checkPlay(start, 'black', [6, 5], [[24, 18], [18, 13]]).ok);
    });

    it('accepts steps given in an order that cannot be played as such, and records a playable order', () => {
      // 18/13 before 24/18 is not a move (nothing on 18 yet); the play is 24/13.
      const check = checkPlay(start, 'white', [6, 5], [[18, 13], [24, 18]]);
      assert.ok(check.ok);
      assert.deepEqual(check.play.steps, [[24, 18], [18, 13]]);
      // Bearing off from 2 with a 5 while 3 is occupied is not a move; in the other order it is.
      const bearOff = checkPlay(board({ 3: 1, 2: 1 }, { 6: 15 }), 'white', [6, 5], [[2, 0], [3, 0]]);
      assert.ok(bearOff.ok);
      assert.deepEqual(bearOff.play.steps, [[3, 0], [2, 0]]);
    });

    it('refuses one die of two, moves that were not rolled or are blocked, and garbage', () => {
      const refused: unknown[] = [
        [[8, 5]], [[8, 4], [6, 5]], [[24, 20], [20, 17]], [[24, 21], [24, 23], [13, 12]],
        [[6, 0], [6, 5]], [[25, 22], [6, 5]], [[13, 12], [12, 9]], [[8, 5], [8, 5]], [[8, 9], [6, 5]],
        [], 'x', null, 42, {}, [[1]], [[1, 2, 3]], [['8', '5'], [6, 5]], [[8.5, 5], [6, 5]], [[30, 27], [6, 5]],
        [[8, 5], [6, 5], [6, 5], [6, 5], [6, 5]],
      ];
      for (const steps of refused) {
        const check = checkPlay(start, 'white', [3, 1], steps);
        assert.equal(check.ok, false, JSON.stringify(steps));
        if (!check.ok) assert.ok(check.reason.length > 0);
      }
    });

    it('says which step is not a move', () => {
      const check = checkPlay(start, 'white', [3, 1], [[8, 4], [6, 5]]);
      assert.ok(!check.ok && check.reason.startsWith('8/4 is not a legal move'));
    });
  });

  it('applies recorded steps, hitting blots', () => {
    const position = board({ 6: 1, 13: 14 }, { 22: 1, 8: 14 }); // a black blot on white's 3
    const after = applySteps(position, 'white', [[6, 3]]);
    assert.equal(after.bar.black, 1);
    assert.equal(after.points[2], 1);
    assert.equal(pipCount(after, 'white'), pipCount(position, 'white') - 3);
    assert.equal(pipCount(after, 'black'), pipCount(position, 'black') + 3);
  });
});
