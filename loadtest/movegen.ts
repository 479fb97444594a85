/**
 * The server's own move generator against chess.js 1.4: perft speed, the per-move cycle, and what
 * each cycle allocates. Run it alone, on a quiet machine:
 *
 *   npm run bench:movegen
 *
 * The semi-space is made large so that the allocation loop (200 calls after a full collection)
 * runs without a scavenge: the heap's growth over it is then what it allocated. Add --trace-gc to
 * see that no collection falls inside it.
 */
import { Chess } from 'chess.js';
import { memoizeLegalMoves } from '../src/games/chess/legal-moves-memo.ts';
import {
  generateMoves, isCheckmate, isStalemate, legalMoves, makeMove, perft, unmakeMove,
} from '../src/games/chess/move-generation.ts';
import { moveFromUci, sanOf, uciOf } from '../src/games/chess/move-notation.ts';
import { readFen } from '../src/games/chess/position-fen.ts';
import { isInsufficientMaterial } from '../src/games/chess/position-material.ts';
import { MAX_MOVES, Position, doMove, fenOf, undoMove } from '../src/games/chess/position.ts';

const INITIAL = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';
const KIWIPETE = 'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1';
/** Middlegames: Kiwipete, perft position 6, and three from master games. */
const MIDDLEGAMES = [
  KIWIPETE,
  'r4rk1/1pp1qppp/p1np1n2/2b1p1B1/2B1P1b1/P1NP1N2/1PP1QPPP/R4RK1 w - - 0 10',
  'r1bq1rk1/pp2bppp/2n1pn2/3p4/2PP4/2N2N2/PP2BPPP/R2QKB1R w KQ - 0 9',
  'r2q1rk1/1b2bppp/p2ppn2/1p6/3NP3/1BN1B3/PPP1QPPP/2KR3R b - - 3 12',
  '2rq1rk1/pb1nbppp/1p2pn2/2pp4/2PP4/1PNBPN2/PB1Q1PPP/2R2RK1 w - - 4 12',
];

function position(fen: string): Position {
  const read = readFen(fen);
  if (!(read instanceof Position)) throw new Error(read.error);
  return read;
}

const gc = (globalThis as { gc?: () => void }).gc;
const ALLOCATION_CALLS = 200;

/** Runs `step` `times` times after a warm-up: µs per call; then bytes allocated per call over 200 calls. */
function measure(name: string, times: number, step: (i: number) => void): void {
  for (let i = 0; i < Math.min(times, 20_000); i++) step(i);
  const started = performance.now();
  for (let i = 0; i < times; i++) step(i);
  const ms = performance.now() - started;
  let bytes = 'allocation: run with --expose-gc';
  if (gc) {
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < ALLOCATION_CALLS; i++) step(i);
    bytes = `${((process.memoryUsage().heapUsed - before) / ALLOCATION_CALLS).toFixed(0)} B/call`;
    console.error(`-- end of allocation loop: ${name}`);
  }
  console.log(`${name.padEnd(58)} ${(ms * 1000 / times).toFixed(2).padStart(8)} µs  ${bytes}`);
}

function timePerft(name: string, nodes: () => number): void {
  const started = performance.now();
  const count = nodes();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${name.padEnd(58)} ${count.toString().padStart(11)} nodes ${seconds.toFixed(2).padStart(6)} s ${(count / seconds / 1e6).toFixed(2).padStart(7)} M nodes/s`);
}

/** Perft that plays every leaf too (no bulk counting): comparable with chess.js's perft. */
function perftPlayed(start: Position, depth: number, lists: Int32Array, from = 0): number {
  const count = generateMoves(start, lists, from);
  let nodes = 0;
  for (let i = from; i < from + count; i++) {
    doMove(start, lists[i]!);
    nodes += depth === 1 ? 1 : perftPlayed(start, depth - 1, lists, from + MAX_MOVES);
    undoMove(start);
  }
  return nodes;
}

console.log('perft');
timePerft('chess.js perft, initial position, depth 4', () => new Chess(INITIAL).perft(4));
timePerft('chess.js perft, Kiwipete, depth 3', () => new Chess(KIWIPETE).perft(3));
timePerft('chess.js perft, Kiwipete, depth 4', () => new Chess(KIWIPETE).perft(4));
const lists = new Int32Array(8 * MAX_MOVES);
timePerft('own, leaves played, initial position, depth 5', () => perftPlayed(position(INITIAL), 5, lists));
timePerft('own, leaves played, Kiwipete, depth 4', () => perftPlayed(position(KIWIPETE), 4, lists));
timePerft('own, leaves counted, initial position, depth 5', () => perft(position(INITIAL), 5));
timePerft('own, leaves counted, Kiwipete, depth 5', () => perft(position(KIWIPETE), 5));

/** Every legal move of every middlegame position, as UCI, with its position. */
const cases: { fen: string; uci: string }[] = [];
for (const fen of MIDDLEGAMES) {
  const start = position(fen);
  for (const move of Array.from(start.moves.subarray(0, legalMoves(start)))) cases.push({ fen, uci: uciOf(move) });
}
const own = new Map(MIDDLEGAMES.map((fen) => [fen, position(fen)]));
const plain = new Map(MIDDLEGAMES.map((fen) => [fen, new Chess(fen)]));
const memo = new Map(MIDDLEGAMES.map((fen) => [fen, memoizeLegalMoves(new Chess(fen))]));
const square = (uci: string) => ({ from: uci.slice(0, 2), to: uci.slice(2, 4), ...(uci[4] ? { promotion: uci[4] } : {}) });
const objects = cases.map(({ uci }) => square(uci));
let sink = 0;

console.log(`\nper move, over the ${cases.length} legal moves of ${MIDDLEGAMES.length} middlegame positions`);
measure('chess.js: move({from,to}) (legal moves, make, SAN) + undo', 100_000, (i) => {
  const { fen } = cases[i % cases.length]!;
  const chess = plain.get(fen)!;
  sink += chess.move(objects[i % cases.length]!).san.length;
  chess.undo();
});
measure('own: moveFromUci (legal moves) + sanOf + makeMove + unmake', 100_000, (i) => {
  const { fen, uci } = cases[i % cases.length]!;
  const start = own.get(fen)!;
  start.listed = -1;
  const move = moveFromUci(start, uci) as number;
  sink += sanOf(start, move).length;
  makeMove(start, move);
  unmakeMove(start);
});
measure('chess.js as game.ts: memo, move, stalemate?, material, hash', 100_000, (i) => {
  const { fen } = cases[i % cases.length]!;
  const chess = memo.get(fen)!;
  const move = chess.move(objects[i % cases.length]!);
  sink += move.after.length + (chess.isStalemate() ? 1 : 0) + (chess.isInsufficientMaterial() ? 1 : 0) + chess.hash().length;
  chess.undo();
});
measure('own, the same: + FEN, mate/stalemate (next list), material', 100_000, (i) => {
  const { fen, uci } = cases[i % cases.length]!;
  const start = own.get(fen)!;
  start.listed = -1;
  const move = moveFromUci(start, uci) as number;
  sink += sanOf(start, move).length;
  makeMove(start, move);
  sink += fenOf(start).length + (isCheckmate(start) || isStalemate(start) ? 1 : 0) + (isInsufficientMaterial(start) ? 1 : 0);
  unmakeMove(start);
});
measure('own: legal moves only (generateMoves)', 200_000, (i) => {
  const start = own.get(cases[i % cases.length]!.fen)!;
  sink += generateMoves(start, lists, 0);
});
measure('chess.js: moves() (legal moves, with SAN strings)', 20_000, (i) => {
  sink += plain.get(cases[i % cases.length]!.fen)!.moves().length;
});
if (sink === 0) console.log('');
