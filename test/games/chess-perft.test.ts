import assert from 'node:assert/strict';
import { Chess } from 'chess.js';
import { makeMove, perft, legalMoves, unmakeMove } from '../../src/games/chess/move-generation.ts';
import { uciOf } from '../../src/games/chess/move-notation.ts';
import { readFen } from '../../src/games/chess/position-fen.ts';
import { Position } from '../../src/games/chess/position.ts';

/**
 * The six positions of the Chess Programming Wiki's "Perft Results" page with their published
 * node counts (each FEN and the counts up to depth 3 or 4 also checked against chess.js 1.4).
 */
const STANDARD: readonly { name: string; fen: string; counts: readonly number[] }[] = [
  { name: 'the initial position', fen: 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1', counts: [20, 400, 8902, 197281, 4865609] },
  { name: 'Kiwipete (position 2)', fen: 'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1', counts: [48, 2039, 97862, 4085603, 193690690] },
  { name: 'position 3 (en passant, rook endgame)', fen: '8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1', counts: [14, 191, 2812, 43238, 674624] },
  { name: 'position 4 (promotions, castling under attack)', fen: 'r3k2r/Pppp1ppp/1b3nbN/nP6/BBP1P3/q4N2/Pp1P2PP/R2Q1RK1 w kq - 0 1', counts: [6, 264, 9467, 422333, 15833292] },
  { name: 'position 5', fen: 'rnbq1k1r/pp1Pbppp/2p5/8/2B5/8/PPP1NnPP/RNBQK2R w KQ - 1 8', counts: [44, 1486, 62379, 2103487, 89941194] },
  { name: 'position 6', fen: 'r4rk1/1pp1qppp/p1np1n2/2b1p1B1/2B1P1b1/P1NP1N2/1PP1QPPP/R4RK1 w - - 0 10', counts: [46, 2079, 89890, 3894594, 164075551] },
];

/**
 * Positions built around the rules most often got wrong, counted against chess.js: en passant
 * that would uncover a rank or a diagonal onto the king, en passant out of check, castling
 * through or out of an attack, promotions with capture and check, discovered double check.
 */
const TRICKY: readonly string[] = [
  '8/8/8/8/k2Pp2Q/8/8/3K4 b - d3 0 1',
  '8/8/8/2k5/2pP4/8/B7/4K3 b - d3 0 3',
  '8/8/1k6/2b5/2pP4/8/5K2/8 b - d3 0 1',
  '3k4/3p4/8/K1P4r/8/8/8/8 b - - 0 1',
  '8/8/4k3/8/2p5/8/B2P2K1/8 w - - 0 1',
  'r3k2r/1b4bq/8/8/8/8/7B/R3K2R w KQkq - 0 1',
  'r3k2r/8/3Q4/8/8/5q2/8/R3K2R b KQkq - 0 1',
  '2K2r2/4P3/8/8/8/8/8/3k4 w - - 0 1',
  '8/P1k5/K7/8/8/8/8/8 w - - 0 1',
  '8/k1P5/8/1K6/8/8/8/8 w - - 0 1',
  '4k3/1P6/8/8/8/8/K7/8 w - - 0 1',
  '5k2/8/8/8/8/8/8/4K2R w K - 0 1',
  '3k4/8/8/8/8/8/8/R3K3 w Q - 0 1',
  'r3k2r/p1pp1pb1/bn2Qnp1/2qPN3/1p2P3/2N5/PPPBBPPP/R3K2R b KQkq - 3 2',
  '8/3K4/2p5/p2b4/P7/1k6/8/8 b - - 0 1',
  '4k3/8/8/8/8/8/8/4K2R b K - 0 1',
  'rnb2k1r/pp1Pbppp/2p5/q7/2B5/8/PPPQNnPP/RNB1K2R w KQ - 3 9',
  '8/8/8/3k4/4pP2/8/8/4K2B b - f3 0 1',
];

function position(fen: string): Position {
  const read = readFen(fen);
  assert.ok(read instanceof Position, `${fen}: ${'error' in read ? read.error : ''}`);
  return read;
}

/** Leaves under each legal move, by UCI, from this generator. */
function divide(start: Position, depth: number): Map<string, number> {
  const counts = new Map<string, number>();
  const count = legalMoves(start);
  const moves = Array.from(start.moves.subarray(0, count));
  for (const move of moves) {
    makeMove(start, move);
    counts.set(uciOf(move), perft(start, depth - 1));
    unmakeMove(start);
  }
  return counts;
}

/** Leaves under each legal move, by UCI, from chess.js. */
function divideChessJs(fen: string, depth: number): Map<string, number> {
  const chess = new Chess(fen);
  const counts = new Map<string, number>();
  for (const move of chess.moves({ verbose: true })) {
    chess.move(move.lan);
    counts.set(move.lan, depth > 1 ? chess.perft(depth - 1) : 1);
    chess.undo();
  }
  return counts;
}

function sorted(counts: Map<string, number>): [string, number][] {
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('chess move generator: perft', function () {
  this.timeout(60_000);

  for (const { name, fen, counts } of STANDARD) {
    it(`counts the published nodes of ${name} to depth ${counts.length}`, () => {
      const start = position(fen);
      const started = performance.now();
      const found = counts.map((_, depth) => perft(start, depth + 1));
      const ms = performance.now() - started;
      assert.deepEqual(found, counts);
      // The position is as it was (every move made was unmade).
      assert.equal(perft(start, 1), counts[0]);
      if (counts.at(-1)! > 10_000_000) console.log(`      ${name}: ${counts.at(-1)} leaves in ${ms.toFixed(0)} ms`);
    });
  }

  for (const { name, fen } of STANDARD) {
    it(`divides ${name} at depth 3 as chess.js does`, () => {
      assert.deepEqual(sorted(divide(position(fen), 3)), sorted(divideChessJs(fen, 3)));
    });
  }

  it('counts positions built on the tricky rules as chess.js does (to depth 5, at most 60,000 leaves)', () => {
    for (const fen of TRICKY) {
      const chess = new Chess(fen);
      const start = position(fen);
      for (let depth = 1; depth <= 5; depth++) {
        const leaves = perft(start, depth);
        if (depth > 3 && leaves > 60_000) break;
        assert.equal(leaves, chess.perft(depth), `${fen} depth ${depth}`);
      }
    }
  });
});
