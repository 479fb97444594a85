import assert from 'node:assert/strict';
import { Chess } from 'chess.js';
import { ChessGame, STANDARD_FEN, type MoveInput } from '../../src/games/chess/game.ts';
import { prng } from '../support/prng.ts';

function start(fen?: string): ChessGame {
  const game = ChessGame.start(fen);
  assert.ok(game instanceof ChessGame, JSON.stringify(game));
  return game;
}

function play(game: ChessGame, ...moves: string[]) {
  let last;
  for (const move of moves) {
    const input: MoveInput = /^[a-h][1-8][a-h][1-8][qrbn]?$/.test(move) ? { uci: move } : { san: move };
    const result = game.play(input);
    assert.ok(result.ok, `${move}: ${!result.ok && result.error.message}`);
    last = result.move;
  }
  return last!;
}

describe('chess rules', () => {
  describe('moves', () => {
    it('accepts UCI and SAN, and reports both', () => {
      const game = start();
      const first = play(game, 'e2e4');
      assert.deepEqual({ san: first.san, uci: first.uci, ply: first.ply, side: first.side }, { san: 'e4', uci: 'e2e4', ply: 1, side: 'white' });
      const second = play(game, 'Nc6');
      assert.deepEqual({ san: second.san, uci: second.uci, side: second.side }, { san: 'Nc6', uci: 'b8c6', side: 'black' });
      assert.equal(game.turn, 'white');
      assert.deepEqual(game.sans, ['e4', 'Nc6']);
      assert.deepEqual(game.ucis, ['e2e4', 'b8c6']);
    });

    it('promotes from UCI', () => {
      const game = start('8/4P3/8/8/8/8/k7/4K3 w - - 0 1');
      assert.equal(play(game, 'e7e8n').san, 'e8=N');
    });

    const refusals: Array<[string, string, MoveInput]> = [
      ['an illegal move', STANDARD_FEN, { uci: 'e2e5' }],
      ['a move of the side not to move', STANDARD_FEN, { san: 'e5' }],
      ['a promotion without its piece', '8/4P3/8/8/8/8/k7/4K3 w - - 0 1', { uci: 'e7e8' }],
      ['a UCI string that is not a move', STANDARD_FEN, { uci: 'castle' }],
      ['SAN that is not a move', STANDARD_FEN, { san: 'Qxh9' }],
    ];
    for (const [what, fen, input] of refusals) {
      it(`refuses ${what} with ILLEGAL_MOVE and changes nothing`, () => {
        const game = start(fen);
        const result = game.play(input);
        assert.equal(result.ok, false);
        assert.equal(!result.ok && result.error.code, 'ILLEGAL_MOVE');
        assert.equal(game.fen, fen);
        assert.equal(game.ply, 0);
      });
    }

    const notMoves: Array<[string, string, MoveInput, RegExp]> = [
      ['a null move (a pass)', STANDARD_FEN, { san: '--' }, /is not a move in SAN/],
      ['a null move with a check sign', STANDARD_FEN, { san: '--+' }, /is not a move in SAN/],
      ['a null move split by "="', STANDARD_FEN, { san: '-=-' }, /is not a move in SAN/],
      ['"0000" (UCI\'s null move) as SAN', STANDARD_FEN, { san: '0000' }, /is not a move in SAN/],
      ['"0000" as UCI', STANDARD_FEN, { uci: '0000' }, /is not a move in UCI/],
      ['"Z0"', STANDARD_FEN, { san: 'Z0' }, /is not a move in SAN/],
      ['a move with text after it', STANDARD_FEN, { san: 'e2e4 x' }, /is not a move in SAN/],
      ['a move with a space after it', STANDARD_FEN, { san: 'e4 ' }, /is not a move in SAN/],
      ['a piece letter in lower case', STANDARD_FEN, { san: 'ng1f3' }, /is not a move in SAN/],
      ['a dash after a file', STANDARD_FEN, { san: 'Ng-f3' }, /is not a move in SAN/],
      ['a UCI promotion letter on a move that promotes nothing', STANDARD_FEN, { uci: 'e2e4q' }, /promotes nothing/],
      ['a SAN promotion on a move that promotes nothing', STANDARD_FEN, { san: 'e2e4q' }, /not a legal move|promotes nothing/],
      ['a long-algebraic capture that captures nothing', STANDARD_FEN, { san: 'e2xe4' }, /written as a capture but captures nothing/],
      ['a UCI promotion without its piece', '3r3k/4P3/8/8/8/8/8/4K3 w - - 0 1', { uci: 'e7e8' }, /does not name the piece the pawn promotes to/],
      ['a UCI capture-promotion without its piece', '3r3k/4P3/8/8/8/8/8/4K3 w - - 0 1', { uci: 'e7d8' }, /does not name the piece/],
      ['a long-algebraic SAN promotion without its piece (chess.js makes a knight)', '3r3k/4P3/8/8/8/8/8/4K3 w - - 0 1', { san: 'e7e8' }, /does not name the piece/],
      ['a SAN pawn capture onto the last rank without its piece (chess.js makes a knight)', '3r3k/4P3/8/8/8/8/8/4K3 w - - 0 1', { san: 'exd8' }, /does not name the piece/],
      ['a SAN file-to-square promotion without its piece', '3r3k/4P3/8/8/8/8/8/4K3 w - - 0 1', { san: 'ed8' }, /does not name the piece/],
      ['a SAN promotion without its piece', '3r3k/4P3/8/8/8/8/8/4K3 w - - 0 1', { san: 'e8' }, /does not name the piece/],
      ['a black promotion without its piece', '4k3/8/8/8/8/8/4p3/K7 b - - 0 1', { uci: 'e2e1' }, /does not name the piece/],
    ];
    for (const [what, fen, input, message] of notMoves) {
      it(`refuses ${what} with ILLEGAL_MOVE and changes nothing`, () => {
        const game = start(fen);
        const result = game.play(input);
        assert.equal(result.ok, false);
        assert.equal(!result.ok && result.error.code, 'ILLEGAL_MOVE');
        assert.match(!result.ok ? result.error.message : '', message);
        assert.equal(game.fen, fen);
        assert.equal(game.ply, 0);
        assert.equal(game.turn, fen.split(' ')[1] === 'w' ? 'white' : 'black');
        // The position is whole: the same move is still playable in it.
        assert.ok(game.play(fen === STANDARD_FEN ? { uci: 'e2e4' } : { uci: fen.includes('4p3/K7') ? 'e2e1q' : 'e7e8q' }).ok);
      });
    }

    it('never lets a player pass, so a takeback has only real moves to replay', () => {
      const game = start();
      play(game, 'e4', 'e5');
      assert.equal(game.play({ san: '--' }).ok, false);
      play(game, 'Nf3', 'Nc6');
      game.undo(2);
      assert.deepEqual(game.sans, ['e4', 'e5']);
      assert.equal(game.fen, 'rnbqkbnr/pppp1ppp/8/4p3/4P3/8/PPPP1PPP/RNBQKBNR w KQkq - 0 2');
    });

    const kept: Array<[string, string, string, string]> = [
      ['SAN as chess.js writes it', STANDARD_FEN, 'Nf3', 'Nf3'],
      ['castling with zeros', 'r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1', '0-0-0', 'O-O-O'],
      ['castling with O', 'r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1', 'O-O', 'O-O'],
      ['a promotion without "="', '3r3k/4P3/8/8/8/8/8/4K3 w - - 0 1', 'e8Q', 'e8=Q+'],
      ['a capture-promotion', '3r3k/4P3/8/8/8/8/8/4K3 w - - 0 1', 'exd8=N', 'exd8=N'],
      ['a long-algebraic promotion', '3r3k/4P3/8/8/8/8/8/4K3 w - - 0 1', 'e7e8r', 'e8=R+'],
      ['a pawn capture without x', 'rnbqkbnr/ppp1pppp/8/3p4/4P3/8/PPPP1PPP/RNBQKBNR w KQkq - 0 2', 'ed5', 'exd5'],
      ['a piece capture without x', 'rnbqkbnr/ppp1pppp/8/3p4/8/2N5/PPPPPPPP/R1BQKBNR w KQkq - 0 2', 'Nd5', 'Nxd5'],
      ['an origin that is not needed', STANDARD_FEN, 'Ngf3', 'Nf3'],
      ['long algebraic', STANDARD_FEN, 'e2e4', 'e4'],
      ['long algebraic with a dash', STANDARD_FEN, 'Ng1-f3', 'Nf3'],
      ['a check sign and annotations', STANDARD_FEN, 'e4!?', 'e4'],
    ];
    for (const [what, fen, san, played] of kept) {
      it(`accepts ${what} (${san})`, () => {
        const result = start(fen).play({ san });
        assert.ok(result.ok, !result.ok ? result.error.message : '');
        assert.equal(result.move.san, played);
      });
    }

    it('refuses a position that is not valid FEN', () => {
      const result = ChessGame.start('not a fen');
      assert.ok(!(result instanceof ChessGame));
      assert.equal(result.code, 'INVALID_POSITION');
    });
  });

  describe('automatic endings', () => {
    it('ends by checkmate, the mover winning', () => {
      const last = play(start(), 'e4', 'e5', 'Bc4', 'Nc6', 'Qh5', 'Nf6', 'Qxf7#');
      assert.deepEqual(last.outcome, { result: '1-0', termination: 'checkmate', winner: 'white' });
    });

    it('ends by stalemate', () => {
      const last = play(start('k7/8/8/2Q5/8/8/8/7K w - - 0 1'), 'Qc7');
      assert.deepEqual(last.outcome, { result: '1/2-1/2', termination: 'stalemate', winner: undefined });
    });

    it('ends by stalemate when the king is boxed in by its own blocked pawn and attacked squares', () => {
      const last = play(start('7k/7p/5K1P/8/8/8/8/8 w - - 0 1'), 'Kf7');
      assert.equal(last.outcome?.termination, 'stalemate');
    });

    it('finds every stalemate chess.js finds, and no other, over random endgames', () => {
      const random = prng(7);
      const starts = ['7k/8/5K2/8/8/8/8/Q7 w - - 0 1', 'k7/8/1Q6/8/8/8/8/6K1 w - - 0 1', '6k1/5p2/6p1/8/8/8/1Q6/Q5K1 w - - 0 1', 'k7/8/8/8/8/8/1R6/1R4K1 w - - 0 1'];
      let stalemates = 0;
      let positions = 0;
      for (let round = 0; round < 200; round++) {
        const fen = starts[round % starts.length]!;
        const game = start(fen);
        const plain = new Chess(fen);
        for (let ply = 0; ply < 80 && !plain.isGameOver(); ply++) {
          const legal = plain.moves();
          const chosen = plain.move(legal[Math.floor(random() * legal.length)]!);
          const result = game.play({ uci: chosen.lan });
          assert.ok(result.ok);
          positions++;
          assert.equal(result.move.outcome?.termination === 'stalemate', plain.isStalemate(), `${plain.fen()} after ${chosen.lan}`);
          if (plain.isStalemate()) stalemates++;
          if (result.move.outcome) break;
        }
      }
      assert.ok(stalemates >= 10, `only ${stalemates} stalemates in ${positions} positions`);
    });

    it('ends when neither side can mate', () => {
      const last = play(start('4k3/8/8/8/8/8/3n4/3BK3 w - - 0 1'), 'Kxd2');
      assert.equal(last.outcome?.termination, 'insufficient');
    });

    it('ends on the fifth occurrence of a position (fivefold)', () => {
      const game = start();
      const cycle = ['Nf3', 'Nf6', 'Ng1', 'Ng8'];
      play(game, ...cycle, ...cycle, ...cycle);
      const before = play(game, 'Nf3', 'Nf6', 'Ng1');
      assert.equal(before.outcome, undefined);
      assert.equal(play(game, 'Ng8').outcome?.termination, 'fivefold');
    });

    it('ends after seventy-five moves without capture or pawn move', () => {
      const game = start('4k3/8/8/8/8/8/8/R3K3 w - - 149 80');
      assert.equal(play(game, 'Ra2').outcome?.termination, 'seventyfive');
    });

    it('lets a mate on the seventy-fifth move stand as a mate', () => {
      const game = start('k7/8/1K6/8/8/8/8/7R w - - 149 80');
      assert.equal(play(game, 'Rh8#').outcome?.termination, 'checkmate');
    });

    it('does not end the game for a draw that must be claimed', () => {
      const game = start();
      const last = play(game, 'Nf3', 'Nf6', 'Ng1', 'Ng8', 'Nf3', 'Nf6', 'Ng1', 'Ng8');
      assert.equal(last.outcome, undefined);
    });
  });

  describe('claimable draws', () => {
    it('offers threefold repetition to the player to move', () => {
      const game = start();
      play(game, 'Nf3', 'Nf6', 'Ng1', 'Ng8', 'Nf3', 'Nf6', 'Ng1');
      assert.equal(game.drawClaim(), undefined);
      play(game, 'Ng8');
      assert.equal(game.drawClaim(), 'threefold');
    });

    describe('en passant (FIDE 9.2: the same possible moves)', () => {
      const shuffle = ['Nf3', 'Kb8', 'Ng1', 'Ka8'];

      it('does not count an en-passant square whose capture is illegal (the pawn is pinned)', () => {
        // After ...d5 the e5 pawn stands beside it, but exd6 would open the e-file to the rook.
        const game = start('k3r3/3p4/8/4P3/8/8/8/4K1N1 b - - 0 1');
        play(game, 'd5');
        assert.ok(!game.play({ san: 'exd6' }).ok, 'the capture is illegal');
        play(game, ...shuffle);
        assert.equal(game.drawClaim(), undefined);
        play(game, ...shuffle);
        assert.equal(game.drawClaim(), 'threefold', 'the position after ...d5 is the same as after each ...Ka8');
      });

      it('counts an en-passant square whose capture is legal: that position differs', () => {
        const game = start('k6r/3p4/8/4P3/8/8/8/4K1N1 b - - 0 1');
        play(game, 'd5', ...shuffle, ...shuffle);
        assert.equal(game.drawClaim(), undefined, 'exd6 was possible only the first time');
        play(game, ...shuffle);
        assert.equal(game.drawClaim(), 'threefold');
      });

      it('does not count the en-passant square of a start position that no pawn can take', () => {
        const game = start('rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq e3 0 1');
        play(game, 'Nf6', 'Nf3', 'Ng8', 'Ng1');
        assert.equal(game.drawClaim(), undefined);
        play(game, 'Nf6', 'Nf3', 'Ng8', 'Ng1');
        assert.equal(game.drawClaim(), 'threefold');
      });

      it('counts a pinned pawn\'s en-passant square the same across a takeback', () => {
        const game = start('k3r3/3p4/8/4P3/8/8/8/4K1N1 b - - 0 1');
        play(game, 'd5', ...shuffle, ...shuffle, 'Nf3');
        game.undo(1);
        assert.equal(game.drawClaim(), 'threefold');
      });
    });

    it('offers the fifty-move rule after 100 plies without capture or pawn move', () => {
      const game = start('4k3/8/8/8/8/8/8/R3K3 w - - 98 60');
      play(game, 'Ra2');
      assert.equal(game.drawClaim(), undefined);
      play(game, 'Kd7');
      assert.equal(game.drawClaim(), 'fifty');
    });
  });

  describe('long games (chess.js is reloaded every 16 plies)', () => {
    const opening = ['Nf3', 'Nf6', 'Nc3', 'Nc6', 'e3', 'e6', 'Be2', 'Be7', 'O-O', 'O-O', 'd3', 'd6'];
    const shuffle = ['Nb1', 'Nb8', 'Nc3', 'Nc6'];

    it('counts repetitions across a reload', () => {
      const game = start();
      play(game, ...opening, ...shuffle, ...shuffle.slice(0, 3));
      assert.equal(game.drawClaim(), undefined);
      play(game, 'Nc6');
      assert.equal(game.ply, 20);
      assert.equal(game.drawClaim(), 'threefold');
    });

    it('takes back across a reload, to the same position and history', () => {
      const game = start();
      play(game, ...opening, ...shuffle, 'a3', 'a6', 'b3');
      const reference = start();
      play(reference, ...opening, ...shuffle, 'a3');
      game.undo(2);
      assert.equal(game.fen, reference.fen);
      assert.deepEqual(game.sans, reference.sans);
      assert.equal(play(game, 'a6').san, 'a6');
      assert.equal(game.ply, 18);
    });
  });

  describe('takebacks', () => {
    it('undoes plies and the repetition count with them', () => {
      const game = start();
      play(game, 'Nf3', 'Nf6', 'Ng1', 'Ng8', 'Nf3', 'Nf6', 'Ng1', 'Ng8');
      assert.equal(game.drawClaim(), 'threefold');
      game.undo(2);
      assert.equal(game.ply, 6);
      assert.equal(game.turn, 'white');
      assert.equal(game.drawClaim(), undefined);
      game.undo(1);
      assert.deepEqual(game.sans, ['Nf3', 'Nf6', 'Ng1', 'Ng8', 'Nf3']);
      play(game, 'e5');
      assert.equal(game.ply, 6);
    });
  });

  describe('mating material (the flag rule)', () => {
    const cases: Array<[string, string, 'white' | 'black', boolean]> = [
      ['a lone king', '4k3/8/8/8/8/8/8/4K2q w - - 0 1', 'white', false],
      ['king and bishop against a lone king', '4k3/8/8/8/8/8/8/3BK3 w - - 0 1', 'white', false],
      ['king and knight against a lone king', '4k3/8/8/8/8/8/8/3NK3 w - - 0 1', 'white', false],
      ['king and knight against king and queen', '3qk3/8/8/8/8/8/8/3NK3 w - - 0 1', 'white', false],
      ['king and knight against king and rook', '3rk3/8/8/8/8/8/8/3NK3 w - - 0 1', 'white', true],
      ['two knights', '4k3/8/8/8/8/8/8/2NNK3 w - - 0 1', 'white', true],
      ['king and bishop against king and pawn', '4k3/4p3/8/8/8/8/8/3BK3 w - - 0 1', 'white', true],
      ['bishops all on one colour against a lone king', '4k3/8/8/8/8/8/4B3/3BK3 w - - 0 1', 'white', false],
      ['bishops on both colours', '4k3/8/8/8/8/8/3B4/3BK3 w - - 0 1', 'white', true],
      ['a pawn', '4k3/8/8/8/8/8/4P3/4K3 w - - 0 1', 'white', true],
      ['a rook', '4k3/8/8/8/8/8/8/R3K3 w - - 0 1', 'white', true],
    ];
    for (const [what, fen, side, can] of cases) {
      it(`${can ? 'can' : 'cannot'} mate with ${what}`, () => {
        assert.equal(start(fen).hasMatingMaterial(side), can);
      });
    }

    it('scores a flag as a loss, or a draw when the opponent cannot mate', () => {
      assert.deepEqual(start('4k3/8/8/8/8/8/8/R3K3 w - - 0 1').timeoutOutcome('black'), { result: '1-0', termination: 'timeout', winner: 'white' });
      assert.deepEqual(start('4k3/8/8/8/8/8/8/3NK2q w - - 0 1').timeoutOutcome('black'), { result: '1/2-1/2', termination: 'timeout', winner: undefined });
    });
  });
});
