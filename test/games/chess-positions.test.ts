import assert from 'node:assert/strict';
import { ChessGame, STANDARD_FEN } from '../../src/games/chess/game.ts';
import { illegalPosition } from '../../src/games/chess/position-check.ts';

/** Start positions no game can reach, each with (part of) the reason given. */
const IMPOSSIBLE_POSITIONS: ReadonlyArray<[string, string, RegExp]> = [
  ['the side not to move in check', '4k3/8/8/8/8/8/8/4RK2 w - - 0 1', /black is in check but it is white's move/],
  ['kings side by side', '8/8/8/3kK3/8/8/8/8 b - - 0 1', /white is in check but it is black's move/],
  ['white kingside castling without the rook', 'r3k2r/8/8/8/8/8/8/R3K3 w KQkq - 0 1', /white kingside castling needs a rook on h1/],
  ['black castling with the king moved', 'r4k1r/8/8/8/8/8/8/R3K2R w KQq - 0 1', /black queenside castling needs the king on e8/],
  ['castling rights with no rooks at all', '4k3/8/8/8/8/8/8/4K3 w KQkq - 0 1', /castling needs a rook on h1/],
  ['an en-passant square with no pawn in front of it', 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR b KQkq e3 0 1', /e4 holds no white pawn/],
  ['an en-passant square behind a pawn of the wrong colour', '4k3/8/8/8/4p3/8/8/4K3 b - e3 0 1', /e4 holds no white pawn/],
  ['an en-passant square that is occupied', '4k3/8/8/8/3pP3/4N3/8/4K3 b - e3 0 1', /e3 is not empty/],
  ['an en-passant square whose pawn could not have come from its start', '4k3/8/8/8/3pP3/8/4P3/4K3 b - e3 0 1', /e2 is not empty/],
  ['an en-passant square with a halfmove clock not reset', '4k3/8/8/8/3pP3/8/8/4K3 b - e3 5 40', /halfmove clock/],
  ['a position already checkmate', 'R5k1/5ppp/8/8/8/8/8/6K1 b - - 0 1', /already checkmate/],
  ['a position already stalemate', 'k7/2Q5/8/8/8/8/8/7K b - - 0 1', /already stalemate/],
  ['nine pawns of one side', '4k3/8/8/7P/8/8/PPPPPPPP/4K3 w - - 0 1', /white has 9 pawns/],
  ['seventeen pieces of one side', 'QQQQQQQQ/QQQQQQQQ/8/8/8/8/8/k3K3 w - - 0 1', /white has 17 pieces/],
  ['more promoted pieces than missing pawns', '4k3/8/8/8/8/8/PPPPPPPP/QQ2K3 w - - 0 1', /white has 1 promoted piece\(s\) and 8 pawns/],
  ['two bishops on light squares and eight pawns', '4k3/8/8/8/8/3B4/PPPPPPPP/4KB2 w - - 0 1', /promoted/],
  ['a check from more than two pieces', '4k3/8/3N1N2/1B5B/8/8/8/4K3 b - - 0 1', /black is in check from 4 pieces/],
  ['a double check by two knights', '4k3/8/3N1N2/8/8/8/8/4K3 b - - 0 1', /two pieces neither of which is a bishop, rook or queen/],
  ['pawns on the last rank', 'P3k3/8/8/8/8/8/8/4K3 w - - 0 1', /pawns are on the edge rows/],
  ['a missing king', '8/8/8/8/8/8/8/4K3 w - - 0 1', /missing black king/],
  ['two white kings', '4k3/8/8/8/8/8/8/3KK3 w - - 0 1', /too many white kings/],
  ['a halfmove clock that is not a number', '4k3/8/8/8/8/8/8/R3K3 w - - 1x 1', /halfmove clock must be a whole number/],
  ['castling rights out of order', 'r3k2r/8/8/8/8/8/8/R3K2R w kqKQ - 0 1', /KQkq, in that order/],
  ['text that is not FEN', 'not a fen', /six space-delimited fields/],
];

describe('chess start positions', () => {
  for (const [what, fen, reason] of IMPOSSIBLE_POSITIONS) {
    it(`refuses ${what} with INVALID_POSITION`, () => {
      assert.match(illegalPosition(fen) ?? '(accepted)', reason);
      const game = ChessGame.start(fen);
      assert.ok(!(game instanceof ChessGame), 'no game starts');
      assert.equal(game.code, 'INVALID_POSITION');
      assert.match(game.message, reason);
    });
  }

  const legal: Array<[string, string]> = [
    ['the standard position', STANDARD_FEN],
    ['an endgame', '4k3/8/8/8/8/8/8/R3K3 w - - 99 60'],
    ['a middlegame', 'r1bqkb1r/pppp1ppp/2n2n2/4p2Q/2B1P3/8/PPPP1PPP/RNB1K1NR w KQkq - 4 4'],
    ['an en-passant square after a double step that nobody can take', 'rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq e3 0 1'],
    ['an en-passant square after a double step that can be taken', 'rnbqkbnr/ppp1p1pp/8/3pPp2/8/8/PPPP1PPP/RNBQKBNR w KQkq f6 0 3'],
    ['an en-passant square for black', '4k3/8/8/8/3pP3/8/8/4K3 b - e3 0 1'],
    ['castling rights with the king and rooks in place', 'r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1'],
    ['some castling rights with others gone', 'r3k3/8/8/8/8/8/8/4K2R b Kq - 3 20'],
    ['the side to move in check', '4k3/8/8/8/8/8/8/4R1K1 b - - 0 1'],
    ['a double check with a slider', '4k3/8/3N4/8/8/8/8/4R1K1 b - - 0 1'],
    ['promoted pieces in place of missing pawns', '4k3/8/8/8/8/8/PPPPPP2/QQ2K3 w - - 0 1'],
  ];
  for (const [what, fen] of legal) {
    it(`accepts ${what}`, () => {
      assert.equal(illegalPosition(fen), undefined);
      assert.ok(ChessGame.start(fen) instanceof ChessGame);
    });
  }

  it('keeps the en-passant square of a start position only when the capture is legal', () => {
    const game = ChessGame.start('rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq e3 0 1') as ChessGame;
    assert.equal(game.initialFen, 'rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq - 0 1');
    const takeable = 'rnbqkbnr/ppp1p1pp/8/3pPp2/8/8/PPPP1PPP/RNBQKBNR w KQkq f6 0 3';
    assert.equal((ChessGame.start(takeable) as ChessGame).initialFen, takeable);
  });
});
