/**
 * Known values from GNU Backgammon 1.07 (produced once with gnubg's own `positionid()` and
 * `matchid()` after setting the same state with its commands; gnubg is not needed to run these).
 */
import assert from 'node:assert/strict';
import { initialState, type MatchState } from '../../../src/games/backgammon/events.ts';
import { matchId, positionFromId, positionId } from '../../../src/games/backgammon/gnubg-id.ts';
import { BackgammonMatch } from '../../../src/games/backgammon/match.ts';
import { applySteps } from '../../../src/games/backgammon/plays.ts';
import { startingPosition } from '../../../src/games/backgammon/position.ts';
import { board, scripted } from './helpers.ts';

function state(overrides: Partial<MatchState> & Pick<MatchState, 'matchLength' | 'jacoby'>): MatchState {
  return { ...initialState(overrides), status: 'playing', phase: 'roll', gameNumber: 1, ...overrides };
}

describe('gnubg Position ID', () => {
  it('is 4HPwATDgc/ABMA for the starting position, whoever is on roll', () => {
    assert.equal(positionId(startingPosition(), 'white'), '4HPwATDgc/ABMA');
    assert.equal(positionId(startingPosition(), 'black'), '4HPwATDgc/ABMA');
  });

  it('matches gnubg for a middle-game position, seen by either side on roll', () => {
    // gnubg: positionfromid('g9vBASSYZ8wBBg') = (not on roll, on roll) per own point.
    const onRoll = { 4: 2, 6: 4, 8: 2, 11: 2, 13: 3, 21: 2 };
    const other = { 1: 2, 6: 3, 7: 2, 8: 3, 13: 3, 22: 1, 24: 1 };
    assert.equal(positionId(board(onRoll, other), 'white'), 'g9vBASSYZ8wBBg');
    assert.equal(positionId(board(other, onRoll), 'black'), 'g9vBASSYZ8wBBg');
  });

  it('matches gnubg with checkers on the bar and borne off', () => {
    const position = board({ 1: 2, 2: 3, 7: 1, 11: 1, 13: 2, 16: 1, 19: 1, 21: 2, 25: 2 }, { 1: 2, 2: 5, 3: 6, 5: 1 });
    assert.equal(positionId(position, 'white'), '+34CAIAdhIzIMA');
    assert.equal(positionId(board({ 1: 5 }, { 1: 5 }), 'white'), 'HwAAwAcAAAAAAA');
    assert.equal(positionId(board({ 1: 5 }, { 1: 1 }), 'white'), 'AQAAfAAAAAAAAA');
  });

  it('follows gnubg through white\'s opening 3-1 (8/5 6/5) and black\'s reply 6-4 (24/14)', () => {
    const afterWhite = applySteps(startingPosition(), 'white', [[8, 5], [6, 5]]);
    assert.equal(positionId(afterWhite, 'black'), 'sGfwATDgc/ABMA');
    const afterBlack = applySteps(afterWhite, 'black', [[24, 18], [18, 14]]);
    assert.equal(positionId(afterBlack, 'white'), '4HPwBSCwZ/ABMA');
    assert.deepEqual(positionFromId('4HPwBSCwZ/ABMA', 'white'), afterBlack);
  });

  it('decodes back to the same position', () => {
    for (const id of ['4HPwATDgc/ABMA', 'g9vBASSYZ8wBBg', '+34CAIAdhIzIMA', 'HwAAwAcAAAAAAA']) {
      for (const side of ['white', 'black'] as const) assert.equal(positionId(positionFromId(id, side), side), id);
    }
    assert.throws(() => positionFromId('not an id', 'white'), RangeError);
  });
});

describe('gnubg Match ID', () => {
  it('is cAkAAAAAAAAA for a money game with black (player 1) on roll before rolling, as gnubg shows', () => {
    assert.equal(matchId(state({ matchLength: 0, jacoby: true, turn: 'black' })), 'cAkAAAAAAAAA');
  });

  it('matches gnubg for match scores, cube value and owner', () => {
    // gnubg: new match 7; set score 3 5; set turn 0; set cube value 4; set cube owner 0.
    const s = state({ matchLength: 7, jacoby: false, turn: 'white', score: { white: 3, black: 5 }, cube: { value: 4, owner: 'white', offeredBy: '' } });
    assert.equal(matchId(s), 'AgHgADAAKAAE');
  });

  it('matches gnubg in the Crawford game with dice rolled', () => {
    // gnubg: new match 7; set score 6 2; set crawford on; set turn 1; set dice 6 6.
    const s = state({
      matchLength: 7, jacoby: false, turn: 'black', phase: 'move', dice: [6, 6], diceLeft: [6, 6, 6, 6],
      score: { white: 6, black: 2 }, crawford: true, crawfordPlayed: true,
    });
    assert.equal(matchId(s), '8An7AGAAEAAE');
  });

  it('matches gnubg through a real match: an opening roll, a double, a resignation, an owned cube', () => {
    // 5-point match, black wins the opening with 5-2 (gnubg: set turn 1; set dice 5 2).
    const opening = new BackgammonMatch({ matchLength: 5, jacoby: false }, scripted([[2, 5]]));
    opening.start();
    opening.roll('white');
    assert.equal(matchId(opening.state), 'cImqAAAAAAAE');
    assert.equal(positionId(opening.position, 'black'), '4HPwATDgc/ABMA');

    // Money game (gnubg's default: Jacoby on). White doubles: MBkAAAAAAAAA.
    const money = { matchLength: 0, jacoby: true };
    const doubled = new BackgammonMatch(money, scripted([[1, 3], [6, 4]]));
    doubled.start();
    doubled.roll('black');
    doubled.move('black', doubled.legalPlays()[0]!.steps);
    doubled.double('white');
    assert.equal(matchId(doubled.state), 'MBkAAAAAAAAA');

    // Black on roll resigns a gammon: cEEAAAAAAAAA.
    const resigned = new BackgammonMatch(money, scripted([[3, 1]]));
    resigned.start();
    resigned.roll('white');
    resigned.move('white', [[8, 5], [6, 5]]);
    resigned.resign('black', 2);
    assert.equal(matchId(resigned.state), 'cEEAAAAAAAAA');

    // Black owns a 2-cube and has rolled 3-1: UYkFAAAAAAAA.
    const owned = new BackgammonMatch(money, scripted([[3, 1], [6, 4], [5, 2], [3, 1]]));
    owned.start();
    owned.roll('white');
    owned.move('white', [[8, 5], [6, 5]]);
    owned.roll('black');
    owned.move('black', owned.legalPlays()[0]!.steps);
    owned.double('white');
    owned.take('black');
    owned.roll('white');
    owned.move('white', owned.legalPlays()[0]!.steps);
    owned.roll('black');
    assert.equal(matchId(owned.state), 'UYkFAAAAAAAA');
  });
});
