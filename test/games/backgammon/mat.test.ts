/**
 * The layout checked here is gnubg's (`export match mat`); files written by `toMat` were
 * imported into gnubg 1.07 (`import mat`) and exported again with the same lines, up to the
 * order of the moves inside a cell.
 */
import assert from 'node:assert/strict';
import { BackgammonMatch } from '../../../src/games/backgammon/match.ts';
import { toMat } from '../../../src/games/backgammon/mat.ts';
import { board, scripted } from './helpers.ts';

describe('backgammon .mat export', () => {
  it('writes games, cube actions, hits, a roll that could not be played and the points won', () => {
    const m = new BackgammonMatch({ matchLength: 3, jacoby: false }, scripted([[3, 1], [6, 4], [5, 2], [1, 2], [4, 1], [6, 6]]));
    m.start();
    m.roll('white');
    m.move('white', [[8, 5], [6, 5]]);
    m.roll('black');
    m.move('black', [[24, 18], [18, 14]]);
    m.double('white');
    m.take('black');
    m.roll('white');
    m.move('white', [[13, 8], [6, 4]]);
    m.double('black');
    m.drop('white');
    m.startNextGame();
    m.roll('white');
    m.move('black', [[13, 11], [6, 5]]);
    m.roll('white');
    m.move('white', [[24, 20], [6, 5]]);
    m.roll('black'); // 6-6 from the bar against white's 6 point: no play
    m.resign('white', 1);
    m.acceptResignation('black');
    assert.equal(m.status, 'ended');

    const text = toMat(m.options, m.events, {
      players: { white: 'alice', black: 'bob smith' }, event: 'Club "night"', date: new Date('2026-03-04T20:00:00Z'),
    });
    assert.equal(text, [
      '; [Event "Club \'night\'"]',
      '; [EventDate "2026.03.04"]',
      '',
      ' 3 point match',
      '',
      ' Game 1',
      ' alice : 0                      bob_smith : 0',
      '  1) 31: 8/5 6/5                 64: 24/18 18/14',
      '  2)  Doubles => 2                Takes',
      '  3) 52: 13/8 6/4                 Doubles => 4',
      '  4)  Drops                       Wins 2 points',
      '',
      ' Game 2',
      ' alice : 0                      bob_smith : 2',
      '  1)                             21: 13/11 6/5',
      '  2) 41: 24/20* 6/5              66:',
      '                                  Wins 1 point',
      '',
      '',
    ].join('\n'));
  });

  it('puts the last bear-off and its points in the left column for white', () => {
    const m = new BackgammonMatch({ matchLength: 0, jacoby: false, start: board({ 1: 1 }, { 6: 15 }) }, scripted([[2, 1]]));
    m.start();
    m.roll('white');
    m.move('white', [[1, 0]]);
    assert.equal(toMat(m.options, m.events, { players: { white: 'a', black: 'b' } }), [
      ' 0 point match',
      '',
      ' Game 1',
      ' a : 0                          b : 0',
      '  1) 21: 1/0',
      '      Wins 2 points',
      '',
      '',
    ].join('\n'));
  });
});
