/**
 * One long legal game, computed once: the load generator replays it in every room, so it spends
 * no chess.js time per move. Random legal moves from a fixed seed, keeping a line that runs
 * `length` plies without ending (no mate, stalemate, repetition or fifty-move draw).
 */
import { Chess } from 'chess.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function longGame(length = 300, seed = 7): string[] {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const random = mulberry32(seed + attempt);
    const chess = new Chess();
    const line: string[] = [];
    while (line.length < length) {
      const moves = chess.moves({ verbose: true });
      // Prefer quiet moves, so material lasts and the game does not run into a draw.
      const quiet = moves.filter((move) => !move.captured);
      const pool = quiet.length > 0 && random() < 0.9 ? quiet : moves;
      const move = pool[Math.floor(random() * pool.length)]!;
      chess.move(move);
      if (chess.isGameOver()) break;
      line.push(move.lan);
    }
    if (line.length === length) return line;
  }
  throw new Error(`no line of ${length} plies found`);
}
