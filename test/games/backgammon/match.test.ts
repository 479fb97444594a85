import assert from 'node:assert/strict';
import type { MatchOptions } from '../../../src/games/backgammon/events.ts';
import { BackgammonMatch, type DiceSource } from '../../../src/games/backgammon/match.ts';
import { startingPosition, type Position } from '../../../src/games/backgammon/position.ts';
import { Refusal } from '../../../src/games/refusal.ts';
import { board, scripted } from './helpers.ts';

const MONEY: MatchOptions = { matchLength: 0, jacoby: false };

function started(options: MatchOptions, rolls: Array<[number, number]>, start?: Position): BackgammonMatch {
  const m = new BackgammonMatch(start ? { ...options, start } : options, scripted(rolls));
  m.start();
  return m;
}

/** Plays the first legal play of the player to move. */
function playFirst(m: BackgammonMatch): void {
  m.move(m.turn as 'white', m.legalPlays()[0]!.steps);
}

function refusedWith(code: string, action: () => unknown): void {
  assert.throws(action, (error: unknown) => error instanceof Refusal && error.code === code);
}

/** White 3-1 wins the opening and plays 8/5 6/5: black is on roll with the cube centred. */
function afterOpening(options: MatchOptions, rolls: Array<[number, number]> = []): BackgammonMatch {
  const m = started(options, [[3, 1], ...rolls]);
  m.roll('white');
  m.move('white', [[8, 5], [6, 5]]);
  return m;
}

describe('backgammon match', () => {
  describe('opening roll and turns', () => {
    it('re-rolls ties and lets the higher die move first with both values', () => {
      const m = started(MONEY, [[3, 3], [4, 4], [1, 5]]);
      assert.equal(m.phase, 'opening');
      assert.equal(m.mustRollAutomatically, true);
      const events = m.roll('white');
      assert.deepEqual(events, [
        { type: 'opening-roll', white: 3, black: 3 },
        { type: 'opening-roll', white: 4, black: 4 },
        { type: 'opening-roll', white: 1, black: 5 },
      ]);
      assert.equal(m.turn, 'black');
      assert.equal(m.phase, 'move');
      assert.deepEqual(m.state.dice, [5, 1]);
      assert.deepEqual(m.state.diceLeft, [5, 1]);
      assert.equal(m.state.rolls, 3);
      assert.equal(m.legalPlays().length, 8);
    });

    it('alternates turns: roll, play, then the opponent is on roll', () => {
      const m = afterOpening(MONEY, [[6, 4]]);
      assert.equal(m.turn, 'black');
      assert.equal(m.phase, 'roll');
      assert.deepEqual(m.state.diceLeft, []);
      assert.equal(m.mustRollAutomatically, false, 'black may double first');
      const events = m.roll('black');
      assert.deepEqual(events, [{ type: 'roll', side: 'black', dice: [6, 4] }]);
      assert.deepEqual(m.state.diceLeft, [6, 4]);
      playFirst(m);
      assert.equal(m.turn, 'white');
    });

    it('gives four moves for a double', () => {
      const m = afterOpening(MONEY, [[4, 4]]);
      m.roll('black');
      assert.deepEqual(m.state.diceLeft, [4, 4, 4, 4]);
      assert.equal(m.legalPlays()[0]!.steps.length, 4);
    });

    it('passes the turn by itself when a roll has no legal play, leaving the dice visible', () => {
      // White on the bar against black's closed board.
      const closed = board({ 25: 1, 13: 14 }, { 1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 8: 3 });
      const m = started(MONEY, [[3, 1], [6, 5]], closed);
      assert.deepEqual(m.roll('white'), [{ type: 'opening-roll', white: 3, black: 1 }, { type: 'pass', side: 'white' }]);
      assert.equal(m.turn, 'black');
      assert.equal(m.phase, 'roll');
      assert.deepEqual(m.state.dice, [3, 1]);
      assert.deepEqual(m.state.diceLeft, []);
      assert.deepEqual(m.legalPlays(), []);
    });
  });

  describe('game end and scoring', () => {
    const whiteLastChecker = (black: Record<number, number>) => board({ 1: 1 }, black);

    function bearOffLast(options: MatchOptions, black: Record<number, number>) {
      const m = started(options, [[2, 1]], whiteLastChecker(black));
      m.roll('white');
      const events = m.move('white', [[1, 0]]);
      return { m, events };
    }

    it('scores a single when the loser has borne off', () => {
      const { m, events } = bearOffLast(MONEY, { 6: 14 });
      assert.deepEqual(events.slice(1), [
        { type: 'game-end', game: 1, winner: 'white', points: 1, kind: 'single', termination: 'normal', score: { white: 1, black: 0 } },
        { type: 'match-end', winner: 'white', termination: 'normal', score: { white: 1, black: 0 } },
      ]);
      assert.equal(m.status, 'ended');
      assert.equal(m.state.winner, 'white');
    });

    it('scores a gammon when the loser has borne off none', () => {
      const { m } = bearOffLast(MONEY, { 6: 15 });
      assert.deepEqual(m.state.lastGame, { game: 1, winner: 'white', points: 2, kind: 'gammon', termination: 'normal' });
    });

    it('scores a backgammon for a loser still in the winner\'s home board or on the bar', () => {
      assert.equal(bearOffLast(MONEY, { 19: 1, 6: 14 }).m.state.lastGame?.kind, 'backgammon');
      assert.equal(bearOffLast(MONEY, { 25: 1, 6: 14 }).m.state.lastGame?.points, 3);
      assert.equal(bearOffLast(MONEY, { 18: 1, 6: 14 }).m.state.lastGame?.kind, 'gammon', 'black\'s 18 is outside white\'s home');
    });

    it('counts a gammon as a single under Jacoby while the cube is centred, and never in match play', () => {
      const jacoby = bearOffLast({ matchLength: 0, jacoby: true }, { 6: 15 }).m.state.lastGame;
      assert.deepEqual([jacoby?.kind, jacoby?.points], ['gammon', 1]);
      const match = bearOffLast({ matchLength: 3, jacoby: true }, { 6: 15 }).m;
      assert.equal(match.options.jacoby, false);
      assert.equal(match.state.lastGame?.points, 2);
    });

    it('counts the gammon under Jacoby once the cube has been turned, times the cube', () => {
      // Black wins the opening (2 against 1); white doubles, black takes, white rolls 2-1 and bears off both.
      const m = started({ matchLength: 0, jacoby: true }, [[1, 2], [2, 1]], board({ 2: 1, 1: 1 }, { 6: 5, 5: 5, 4: 5 }));
      m.roll('white');
      playFirst(m);
      assert.equal(m.canDouble('white'), true);
      m.double('white');
      m.take('black');
      assert.equal(m.mustRollAutomatically, true, 'white no longer has the cube');
      m.roll('white');
      m.move('white', [[2, 0], [1, 0]]);
      assert.deepEqual(m.state.lastGame, { game: 1, winner: 'white', points: 4, kind: 'gammon', termination: 'normal' });
    });
  });

  describe('the cube', () => {
    it('doubles before the roll; a take gives the cube to the taker at twice the value', () => {
      const m = afterOpening(MONEY);
      assert.equal(m.canDouble('black'), true);
      assert.equal(m.canDouble('white'), false, 'not on roll');
      assert.deepEqual(m.double('black'), [{ type: 'double', side: 'black', value: 2 }]);
      assert.equal(m.phase, 'cube');
      assert.equal(m.toAct, 'white');
      assert.equal(m.mustRollAutomatically, false);
      assert.deepEqual(m.take('white'), [{ type: 'take', side: 'white', value: 2 }]);
      assert.deepEqual(m.cube, { value: 2, owner: 'white', offeredBy: '' });
      assert.equal(m.phase, 'roll');
      assert.equal(m.turn, 'black');
      assert.equal(m.canDouble('black'), false);
      assert.equal(m.mustRollAutomatically, true);
    });

    it('a drop gives the doubler the cube value before the double', () => {
      const first = afterOpening(MONEY);
      first.double('black');
      first.drop('white');
      assert.deepEqual(first.state.lastGame, { game: 1, winner: 'black', points: 1, kind: 'single', termination: 'drop' });
      assert.equal(first.state.termination, 'drop');

      const redouble = afterOpening(MONEY, [[6, 4]]);
      redouble.double('black');
      redouble.take('white');
      redouble.roll('black');
      playFirst(redouble);
      assert.equal(redouble.canDouble('white'), true, 'the owner may redouble');
      assert.deepEqual(redouble.double('white'), [{ type: 'double', side: 'white', value: 4 }]);
      redouble.drop('black');
      assert.deepEqual(redouble.score, { white: 2, black: 0 });
    });

    it('refuses a double from the player without the cube', () => {
      const m = afterOpening(MONEY, [[6, 4], [5, 2]]);
      m.double('black');
      m.take('white');
      m.roll('black');
      playFirst(m);
      m.roll('white');
      playFirst(m);
      refusedWith('CANNOT_DOUBLE', () => m.double('black'));
    });
  });

  describe('match play and the Crawford rule', () => {
    it('plays the Crawford game without the cube and the games after it with the cube', () => {
      const m = afterOpening({ matchLength: 3, jacoby: false }, [[3, 1], [3, 1]]);
      assert.equal(m.state.crawford, false);
      m.resign('black', 2);
      m.acceptResignation('white');
      assert.deepEqual(m.score, { white: 2, black: 0 });
      assert.equal(m.phase, 'between-games');
      assert.equal(m.status, 'playing');

      m.startNextGame();
      assert.equal(m.state.gameNumber, 2);
      assert.equal(m.state.crawford, true, 'white has just reached match point');
      m.roll('white');
      m.move('white', [[8, 5], [6, 5]]);
      assert.equal(m.canDouble('black'), false);
      assert.equal(m.mustRollAutomatically, true);
      refusedWith('CANNOT_DOUBLE', () => m.double('black'));
      m.resign('white', 1);
      m.acceptResignation('black');
      assert.deepEqual(m.score, { white: 2, black: 1 });

      m.startNextGame();
      assert.equal(m.state.crawford, false, 'post-Crawford');
      m.roll('white');
      m.move('white', [[8, 5], [6, 5]]);
      assert.equal(m.canDouble('black'), true);
      m.double('black');
      m.take('white');
      m.resign('black', 1);
      const events = m.acceptResignation('white');
      assert.deepEqual(events.map((e) => e.type), ['resign-accept', 'game-end', 'match-end']);
      assert.deepEqual(m.score, { white: 4, black: 1 });
      assert.equal(m.status, 'ended');
      assert.equal(m.state.winner, 'white');
      assert.equal(m.state.termination, 'resign');
    });

    it('has no Crawford game in a 1-point match (as gnubg)', () => {
      const m = afterOpening({ matchLength: 1, jacoby: false });
      assert.equal(m.state.crawford, false);
      assert.equal(m.canDouble('black'), true);
    });

    it('ends a money game after one game', () => {
      const m = afterOpening(MONEY);
      m.resign('black', 1);
      m.acceptResignation('white');
      assert.equal(m.status, 'ended');
      refusedWith('GAME_OVER', () => m.startNextGame());
    });
  });

  describe('resignation', () => {
    for (const points of [1, 2, 3] as const) {
      it(`accepting a resignation of ${points} scores ${points} × the cube`, () => {
        const m = afterOpening({ matchLength: 25, jacoby: false }, [[6, 4]]);
        m.resign('black', points);
        m.acceptResignation('white');
        assert.deepEqual(m.state.lastGame, { game: 1, winner: 'white', points, kind: ['single', 'gammon', 'backgammon'][points - 1], termination: 'resign' });

        const doubled = afterOpening({ matchLength: 25, jacoby: false }, [[6, 4]]);
        doubled.double('black');
        doubled.take('white');
        doubled.resign('black', points);
        doubled.acceptResignation('white');
        assert.equal(doubled.state.lastGame?.points, points * 2);
      });
    }

    it('a resignation of a gammon counts single under Jacoby with the cube centred', () => {
      const m = afterOpening({ matchLength: 0, jacoby: true });
      m.resign('white', 2);
      m.acceptResignation('black');
      assert.equal(m.state.lastGame?.points, 1);
    });

    it('waits for the answer, and a declined resignation lets play go on', () => {
      const m = afterOpening(MONEY, [[6, 4]]);
      m.resign('white', 3);
      assert.deepEqual(m.state.resignation, { by: 'white', points: 3 });
      assert.equal(m.toAct, 'black');
      assert.equal(m.mustRollAutomatically, false);
      const before = structuredClone(m.state);
      refusedWith('WRONG_PHASE', () => m.roll('black'));
      refusedWith('NOT_YOUR_TURN', () => m.roll('white'));
      refusedWith('WRONG_PHASE', () => m.double('black'));
      refusedWith('NO_RESIGNATION', () => m.acceptResignation('white'));
      refusedWith('CANNOT_RESIGN', () => m.resign('black', 1));
      assert.deepEqual(m.state, before);
      assert.deepEqual(m.declineResignation('black'), [{ type: 'resign-decline', side: 'black' }]);
      assert.equal(m.state.resignation, null);
      assert.equal(m.phase, 'roll');
      m.roll('black');
      assert.equal(m.phase, 'move');
    });
  });

  describe('timeout, forfeit and abort', () => {
    it('a timeout loses the match: the winner is given the match length', () => {
      const m = afterOpening({ matchLength: 5, jacoby: false });
      const events = m.timeout('white');
      assert.deepEqual(events, [
        { type: 'game-end', game: 1, winner: 'black', points: 5, kind: 'single', termination: 'timeout', score: { white: 0, black: 5 } },
        { type: 'match-end', winner: 'black', termination: 'timeout', score: { white: 0, black: 5 } },
      ]);
      assert.equal(m.status, 'ended');
      assert.equal(m.state.winner, 'black');
      refusedWith('GAME_OVER', () => m.roll('black'));
      refusedWith('GAME_OVER', () => m.timeout('black'));
    });

    it('a timeout between games still loses the match', () => {
      const m = afterOpening({ matchLength: 5, jacoby: false });
      m.resign('black', 1);
      m.acceptResignation('white');
      assert.deepEqual(m.timeout('black'), [{ type: 'match-end', winner: 'white', termination: 'timeout', score: { white: 5, black: 0 } }]);
    });

    it('a timeout in money play costs a backgammon times the cube', () => {
      const m = afterOpening(MONEY);
      m.double('black');
      m.take('white');
      m.timeout('black');
      assert.deepEqual(m.state.lastGame, { game: 1, winner: 'white', points: 6, kind: 'backgammon', termination: 'timeout' });
    });

    it('a forfeit is recorded as abandoned; an abort has no winner', () => {
      const forfeit = afterOpening({ matchLength: 7, jacoby: false });
      forfeit.forfeit('black');
      assert.deepEqual([forfeit.state.winner, forfeit.state.termination, forfeit.score.white], ['white', 'abandoned', 7]);
      const aborted = afterOpening(MONEY);
      assert.deepEqual(aborted.abort(), [{ type: 'match-end', winner: '', termination: 'aborted', score: { white: 0, black: 0 } }]);
      assert.equal(aborted.status, 'ended');
    });
  });

  describe('refusals', () => {
    it('change nothing, and carry a stable code', () => {
      const m = afterOpening(MONEY, [[6, 4]]);
      m.roll('black');
      const before = structuredClone(m.state);
      const count = m.events.length;
      const cases: Array<[string, () => unknown]> = [
        ['NOT_YOUR_TURN', () => m.move('white', [[8, 2], [6, 2]])],
        ['ILLEGAL_PLAY', () => m.move('black', [[24, 20], [20, 17]])],
        ['ILLEGAL_PLAY', () => m.move('black', [[24, 18]])],
        ['ILLEGAL_PLAY', () => m.move('black', 'garbage')],
        ['WRONG_PHASE', () => m.roll('black')],
        ['NOT_YOUR_TURN', () => m.roll('white')],
        ['WRONG_PHASE', () => m.double('black')],
        ['NOT_YOUR_TURN', () => m.double('white')],
        ['NO_CUBE_OFFER', () => m.take('white')],
        ['NO_CUBE_OFFER', () => m.drop('black')],
        ['NO_RESIGNATION', () => m.acceptResignation('white')],
        ['NO_RESIGNATION', () => m.declineResignation('black')],
        ['WRONG_PHASE', () => m.startNextGame()],
        ['WRONG_PHASE', () => m.start()],
        ['CANNOT_RESIGN', () => m.resign('white', 4 as never)],
      ];
      for (const [code, action] of cases) {
        refusedWith(code, action);
        assert.deepEqual(m.state, before, code);
        assert.equal(m.events.length, count, code);
      }
    });

    it('refuse every action before the start', () => {
      const m = new BackgammonMatch(MONEY, scripted([]));
      refusedWith('WRONG_PHASE', () => m.roll('white'));
      refusedWith('WRONG_PHASE', () => m.resign('white', 1));
      assert.equal(m.mustRollAutomatically, false);
      assert.equal(m.events.length, 0);
    });

    it('answers a broken dice source with an error, not a changed match', () => {
      const broken: DiceSource = () => [0, 7];
      const m = new BackgammonMatch(MONEY, broken);
      m.start();
      const before = structuredClone(m.state);
      assert.throws(() => m.roll('white'), /dice source/);
      assert.deepEqual(m.state, before);
      assert.equal(m.events.length, 1);
    });

    it('refuses options out of range', () => {
      assert.throws(() => new BackgammonMatch({ matchLength: 26, jacoby: false }, scripted([])), RangeError);
      assert.throws(() => new BackgammonMatch({ matchLength: 1.5, jacoby: false }, scripted([])), RangeError);
      const sixteen = { ...startingPosition(), off: { white: 1, black: 0 } };
      assert.throws(() => new BackgammonMatch({ ...MONEY, start: sixteen }, scripted([])), RangeError);
    });
  });

  it('rebuilds itself from its event log and plays on identically', () => {
    const rolls: Array<[number, number]> = [[3, 1], [6, 4], [5, 5], [2, 1]];
    const m = afterOpening(MONEY, rolls.slice(1));
    m.roll('black');
    playFirst(m);
    const copy = BackgammonMatch.fromEvents(MONEY, scripted(rolls), m.events);
    assert.deepEqual(copy.state, m.state);
    assert.deepEqual(copy.roll('white'), m.roll('white'));
    assert.deepEqual(copy.legalPlays(), m.legalPlays());
  });
});
