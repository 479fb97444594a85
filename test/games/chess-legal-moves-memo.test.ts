import assert from 'node:assert/strict';
import { Chess } from 'chess.js';
import { memoizeLegalMoves } from '../../src/games/chess/legal-moves-memo.ts';
import { prng } from '../support/prng.ts';

/** Everything a game reads from chess.js about a position. */
function observe(chess: Chess) {
  return {
    fen: chess.fen(),
    moves: chess.moves(),
    check: chess.isCheck(),
    checkmate: chess.isCheckmate(),
    stalemate: chess.isStalemate(),
    insufficient: chess.isInsufficientMaterial(),
  };
}

describe('memoized legal moves', () => {
  it('answers exactly as plain chess.js over random games, takebacks, reloads and special moves', () => {
    const random = prng(20261125);
    const starts = [
      undefined,
      // en passant available after ...d5 (white pawn on e5), both castlings, promotions close by
      'rnbqkbnr/ppp1p1pp/8/3pPp2/8/8/PPPP1PPP/RNBQKBNR w KQkq f6 0 3',
      'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1',
      '8/2P5/8/8/8/8/5p2/K6k w - - 0 1',
    ];
    let plies = 0;
    for (let game = 0; game < 24; game++) {
      const fen = starts[game % starts.length];
      const plain = new Chess(fen);
      const memo = memoizeLegalMoves(new Chess(fen));
      let played = 0;
      for (let ply = 0; ply < 120 && !plain.isGameOver(); ply++, plies++) {
        assert.deepEqual(observe(memo), observe(plain), `game ${game} ply ${ply}`);
        const roll = random();
        if (roll < 0.05 && played > 0) {
          plain.undo();
          memo.undo();
          played--;
          continue;
        }
        if (roll < 0.08) {
          // What the game does every few plies: reload the same position from its FEN.
          plain.load(plain.fen());
          memo.load(memo.fen());
          played = 0;
        }
        const legal = plain.moves();
        const a = plain.move(legal[Math.floor(random() * legal.length)]!);
        const b = memo.move({ from: a.from, to: a.to, ...(a.promotion ? { promotion: a.promotion } : {}) });
        assert.deepEqual({ san: b.san, lan: b.lan, after: b.after, flags: b.flags }, { san: a.san, lan: a.lan, after: a.after, flags: a.flags });
        played++;
      }
      assert.deepEqual(observe(memo), observe(plain), `game ${game} end`);
    }
    assert.ok(plies > 1500, `only ${plies} plies were compared`);
  });

  it('distinguishes positions that differ only in an en-passant capture', () => {
    // The same pieces on the same squares, black to move; only the first allows exd3 en passant.
    const withCapture = memoizeLegalMoves(new Chess('4k3/8/8/8/3Pp3/8/8/4K3 b - d3 0 1'));
    const moves = withCapture.moves();
    assert.ok(moves.includes('exd3'));
    withCapture.load('4k3/8/8/8/3Pp3/8/8/4K3 b - - 0 1');
    assert.ok(!withCapture.moves().includes('exd3'));
    assert.equal(withCapture.moves().length, moves.length - 1);
  });
});
