import assert from 'node:assert/strict';
import { ChessGame } from '../../src/games/chess/game.ts';
import { ChessRound, claimVictoryGraceMs } from '../../src/games/chess/round.ts';
import { Refusal } from '../../src/games/refusal.ts';

const T0 = 1_700_000_000_000;

function round(control = { initialMs: 180_000, incrementMs: 0 }, fen?: string) {
  const r = new ChessRound(ChessGame.start(fen) as ChessGame, control);
  r.start(T0);
  return r;
}

describe('chess round rules', () => {
  describe('claim-victory grace (lila)', () => {
    const cases: Array<[string, boolean, boolean, number]> = [
      ['bullet', false, false, 40_000], ['blitz', true, false, 10_000], ['rapid', false, false, 80_000],
      ['classical', false, false, 120_000], ['classical', true, false, 30_000], ['blitz', false, true, 20_000],
      ['untimed', false, false, 120_000],
    ];
    for (const [category, leftOnPurpose, guest, ms] of cases) {
      it(`is ${ms / 1000} s in ${category} after ${leftOnPurpose ? 'leaving' : 'a lost connection'}${guest ? ', for a guest' : ''}`, () => {
        assert.equal(claimVictoryGraceMs(category as never, { leftOnPurpose, guest }), ms);
      });
    }
  });

  it('takes back the requester\'s move from a custom position where Black moved first', () => {
    const r = round(undefined, '4k3/8/8/8/8/8/8/R3K3 b - - 0 40');
    r.move('black', { san: 'Kd7' }, T0, 0);
    r.move('white', { san: 'Ra7+' }, T0, 0);
    r.offerTakeback('black', T0);
    r.answerTakeback('white', true, T0);
    assert.equal(r.ply, 0);
    assert.equal(r.turn, 'black');
  });

  it('refuses with a typed code and changes nothing', () => {
    const r = round();
    const before = r.game.fen;
    assert.throws(() => r.move('black', { san: 'e5' }, T0, 0), (e: Refusal) => e.code === 'NOT_YOUR_TURN');
    assert.throws(() => r.answerDraw('white', true, T0), (e: Refusal) => e.code === 'NO_OFFER');
    assert.throws(() => r.claimDraw('white', T0), (e: Refusal) => e.code === 'CANNOT_CLAIM');
    assert.equal(r.game.fen, before);
    assert.equal(r.status, 'playing');
  });

  it('reports the next deadline: the first-move limit, then the running side\'s flag', () => {
    const r = round({ initialMs: 60_000, incrementMs: 0 });
    assert.equal(r.nextDeadline(() => 0), T0 + 20_000);
    r.move('white', { san: 'e4' }, T0 + 1000, 0);
    assert.equal(r.nextDeadline(() => 0), T0 + 21_000);
    r.move('black', { san: 'e5' }, T0 + 2000, 0);
    assert.equal(r.nextDeadline(() => 0), T0 + 2000 + 60_000);
    assert.equal(r.nextDeadline(() => 300), T0 + 2000 + 60_000 + 300);
  });

  it('has no deadline without a clock once both have moved', () => {
    const r = new ChessRound(ChessGame.start() as ChessGame, null);
    r.start(T0);
    r.move('white', { san: 'e4' }, T0, 0);
    r.move('black', { san: 'e5' }, T0, 0);
    assert.equal(r.nextDeadline(() => 0), undefined);
  });
});
