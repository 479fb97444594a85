import assert from 'node:assert/strict';
import { lowestTotal, normalTeam, rollOff, snakeTeam } from '../../../src/games/draft/order.ts';
import { scriptedDie, seededDie } from './fakes.ts';

const sequence = (f: (i: number, n: number) => number, teams: number, picks: number) =>
  Array.from({ length: picks }, (_, i) => f(i, teams) + 1).join(' ');

describe('player draft orders', () => {
  describe('snake: 1..N then N..1', () => {
    const cases: Array<[number, string]> = [
      [2, '1 2 2 1 1 2 2 1'],
      [3, '1 2 3 3 2 1 1 2 3 3 2 1'],
      [4, '1 2 3 4 4 3 2 1 1 2 3 4 4 3 2 1'],
    ];
    for (const [teams, expected] of cases) {
      it(`${teams} teams: ${expected}`, () => assert.equal(sequence(snakeTeam, teams, expected.split(' ').length), expected));
    }
    it('gives the first of 4 teams picks 1, 8, 9 and 16 (reference docs)', () => {
      const firsts = Array.from({ length: 16 }, (_, i) => i).filter((i) => snakeTeam(i, 4) === 0).map((i) => i + 1);
      assert.deepEqual(firsts, [1, 8, 9, 16]);
    });
  });

  describe('normal: 1..N every round', () => {
    const cases: Array<[number, string]> = [
      [2, '1 2 1 2 1 2 1 2'],
      [3, '1 2 3 1 2 3 1 2 3 1 2 3'],
      [4, '1 2 3 4 1 2 3 4 1 2 3 4 1 2 3 4'],
    ];
    for (const [teams, expected] of cases) {
      it(`${teams} teams: ${expected}`, () => assert.equal(sequence(normalTeam, teams, expected.split(' ').length), expected));
    }
  });

  describe('roll-off', () => {
    it('re-rolls only the teams still tied (reference example: 4 4 2, then 3 5)', () => {
      const die = scriptedDie(4, 4, 2, 3, 5);
      const { winner, rounds } = rollOff([0, 1, 2], die);
      assert.equal(winner, 1);
      assert.deepEqual(rounds, [
        [{ team: 0, roll: 4 }, { team: 1, roll: 4 }, { team: 2, roll: 2 }],
        [{ team: 0, roll: 3 }, { team: 1, roll: 5 }],
      ]);
      assert.equal(die.left(), 0);
    });

    it('rolls again when every team rolls the same', () => {
      const { winner, rounds } = rollOff([1, 3], scriptedDie(6, 6, 2, 2, 1, 4));
      assert.equal(winner, 3);
      assert.equal(rounds.length, 3);
    });

    it('always ends with one of the tied teams (seeded die, 200 roll-offs)', () => {
      const die = seededDie(42);
      for (let k = 0; k < 200; k++) {
        const { winner, rounds } = rollOff([0, 2, 3], die);
        assert.ok([0, 2, 3].includes(winner));
        const last = rounds.at(-1)!;
        assert.equal(last.filter((r) => r.roll === Math.max(...last.map((x) => x.roll))).length, 1);
      }
    });

    it('refuses a die that is not a d6', () => {
      assert.throws(() => rollOff([0, 1], () => 7), RangeError);
    });
  });

  describe('shuffle: lowest total picks', () => {
    it('picks the single lowest without rolling', () => {
      assert.deepEqual(lowestTotal([3000, 2000, 2500], [0, 1, 2], scriptedDie()), { team: 1, wasTie: false, tieRolls: [] });
    });

    it('ignores teams that are not eligible (full)', () => {
      assert.equal(lowestTotal([3000, 2000, 2500], [0, 2], scriptedDie()).team, 2);
    });

    it('rolls among the tied lowest only', () => {
      const turn = lowestTotal([1000, 2000, 1000, 1000], [0, 1, 2, 3], scriptedDie(2, 5, 3));
      assert.equal(turn.team, 2);
      assert.equal(turn.wasTie, true);
      assert.deepEqual(turn.tieRolls, [[{ team: 0, roll: 2 }, { team: 2, roll: 5 }, { team: 3, roll: 3 }]]);
    });
  });
});
