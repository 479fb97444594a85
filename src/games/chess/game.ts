/**
 * A chess game's position and history: what a server needs around the rules. No start from a
 * position no game can reach (position-check.ts), moves as UCI or SAN held to what their text
 * says (move-notation.ts), the automatic endings (checkmate, stalemate, insufficient material,
 * fivefold repetition, seventy-five moves), the claimable draws (threefold, fifty moves,
 * positions compared as FIDE does), takebacks, and mating material for the flag rule. No I/O, no
 * clock, no randomness.
 *
 * The position is one `Position` per game (position.ts), changed in place by the server's own
 * move generator (move-generation.ts): a move played is read from its text against the legal
 * moves, written as SAN and UCI, played, and the position after it written as its FEN; besides
 * the result returned, those strings are all a move allocates. The stalemate test after a move
 * that gives no check lists the next position's legal moves, and the next move is looked up in
 * that list. chess.js is not on this path: it validates a non-standard start position
 * (position-check.ts), and it is the reference the tests hold this class to, move for move
 * (perft, random games against chess.js and against this class as it was on chess.js,
 * test/support/chess-game-reference.ts).
 *
 * Repetitions are counted on `positionKey` (the FEN without its counters, with the en-passant
 * square only when the capture is legal: FIDE 9.2). A position can only repeat one reached since
 * the last capture, pawn move or loss of a castling right (each changes the position for good), so
 * only the keys since then are kept; a takeback replays the game from its start and rebuilds them
 * (rare). A kept key is a slice of the FEN it comes from, which is then one flat string: a string
 * written piece by piece stays, in V8, a tree of its pieces (about 800 bytes for a FEN) until
 * something reads it whole.
 */
import { DEFAULT_POSITION } from 'chess.js';
import { opposite, type Side } from '../side.ts';
import { inCheck, fenOf, Position, WHITE, BLACK } from './position.ts';
import { setFen, readFen } from './position-fen.ts';
import { legalMoves, playMove } from './move-generation.ts';
import { moveFromSan, moveFromUci, sanOf, uciOf, type MoveRefusal } from './move-notation.ts';
import { hasMatingMaterial, isInsufficientMaterial } from './position-material.ts';
import { illegalPosition } from './position-check.ts';
import { draw, win, type Outcome } from './outcome.ts';

export type MoveInput = { uci: string } | { san: string };

export interface RuleError {
  readonly code: 'ILLEGAL_MOVE' | 'INVALID_POSITION';
  readonly message: string;
}

export interface PlayedMove {
  readonly ply: number;
  readonly side: Side;
  readonly san: string;
  readonly uci: string;
  readonly fen: string;
  /** Set when this move ended the game by itself. */
  readonly outcome: Outcome | undefined;
}

export type DrawClaim = 'threefold' | 'fifty';

export const STANDARD_FEN = DEFAULT_POSITION;

export class ChessGame {
  readonly initialFen: string;
  readonly #position: Position;
  readonly #sans: string[] = [];
  readonly #ucis: string[] = [];
  /**
   * The keys (positionKey) of the positions since the last irreversible move, the current one
   * last: the first #window are in use, the slots after them hold '' (kept for the next ones).
   */
  readonly #keys: string[] = [];
  #window = 0;
  /** How many times the current position has occurred, counting this time. */
  #occurrences = 1;
  #fen: string;

  private constructor(position: Position) {
    this.#position = position;
    this.#fen = this.#count(true);
    this.initialFen = this.#fen;
  }

  /**
   * A game from `fen`, or INVALID_POSITION with the reason the position cannot start a game
   * (position-check.ts). The start is written as chess.js writes it (initialFen): the en-passant
   * square only when the capture is legal, so that it counts for repetitions like the same
   * position reached later.
   */
  static start(fen: string = STANDARD_FEN): ChessGame | RuleError {
    const problem = fen === STANDARD_FEN ? undefined : illegalPosition(fen);
    if (problem) return { code: 'INVALID_POSITION', message: problem };
    // What position-check.ts lets through, readFen reads, but for a FEN over 200 characters
    // (padded counters or spaces; the room takes at most 100): refused here.
    const position = readFen(fen);
    if (!(position instanceof Position)) return { code: 'INVALID_POSITION', message: position.error.replace(/^Invalid FEN: /, '') };
    return new ChessGame(position);
  }

  get fen(): string { return this.#fen; }
  get turn(): Side { return this.#position.turn === WHITE ? 'white' : 'black'; }
  /** Plies played in this game (not counting the moves before a custom start position). */
  get ply(): number { return this.#sans.length; }
  get sans(): readonly string[] { return this.#sans; }
  get ucis(): readonly string[] { return this.#ucis; }

  play(input: MoveInput): { ok: true; move: PlayedMove } | { ok: false; error: RuleError } {
    const position = this.#position;
    const uci = 'uci' in input;
    const shown = uci ? input.uci : input.san;
    const move = uci ? moveFromUci(position, shown) : moveFromSan(position, shown);
    if (typeof move !== 'number') return { ok: false, error: { code: 'ILLEGAL_MOVE', message: refusalMessage(move, shown, uci) } };
    const side = this.turn;
    const san = sanOf(position, move);
    const played = uciOf(move);
    const castling = position.castling;
    playMove(position, move);
    const fen = this.#count(position.halfmoves === 0 || position.castling !== castling);
    this.#sans.push(san);
    this.#ucis.push(played);
    this.#fen = fen;
    const outcome = this.#endingAfter(san, side);
    return { ok: true, move: { ply: this.ply, side, san, uci: played, fen, outcome } };
  }

  /**
   * A move this game played before, played again as it was kept (a restart replays a journal):
   * its SAN and the position after it are trusted, and the position is loaded from its FEN
   * (setFen), not found by reading the move against the legal moves. It is counted for
   * repetitions by its key, computed from the position loaded, exactly as when it was played.
   */
  replay(kept: { uci: string; san: string; fen: string }): PlayedMove {
    const position = this.#position;
    const side = this.turn;
    const castling = position.castling;
    const problem = setFen(position, kept.fen);
    if (problem !== undefined) throw new Error(`the position kept after ${kept.uci} does not load: ${problem}`);
    this.#count(position.halfmoves === 0 || position.castling !== castling);
    this.#sans.push(kept.san);
    this.#ucis.push(kept.uci);
    this.#fen = kept.fen;
    const outcome = this.#endingAfter(kept.san, side);
    return { ply: this.ply, side, san: kept.san, uci: kept.uci, fen: kept.fen, outcome };
  }

  /**
   * Counts the current position for repetitions and returns its FEN. After an irreversible move
   * (`irreversible`: a capture or pawn move, which resets the halfmove clock, or a castling right
   * lost) no earlier position can occur again, so the keys kept are dropped. A position repeats
   * only with the same side to move, so every other key is compared.
   */
  #count(irreversible: boolean): string {
    const fen = fenOf(this.#position);
    // lastIndexOf reads the FEN whole (flattening it); the key is a slice of that one string.
    const key = fen.slice(0, fen.lastIndexOf(' ', fen.lastIndexOf(' ') - 1));
    const keys = this.#keys;
    let window = this.#window;
    if (irreversible) {
      keys.fill('', 0, window);
      window = 0;
    }
    let occurrences = 1;
    for (let i = window - 2; i >= 0; i -= 2) if (keys[i] === key) occurrences++;
    keys[window] = key;
    this.#window = window + 1;
    this.#occurrences = occurrences;
    return fen;
  }

  /**
   * Endings that need no claim, checked after each move: the SAN marks a mate with # and a check
   * with +. Listing the moves for the stalemate test lists them for the next move too.
   */
  #endingAfter(san: string, mover: Side): Outcome | undefined {
    const position = this.#position;
    if (san.endsWith('#')) return win(mover, 'checkmate');
    if (!san.endsWith('+') && legalMoves(position) === 0 && !inCheck(position)) return draw('stalemate');
    if (isInsufficientMaterial(position)) return draw('insufficient');
    if (this.#occurrences >= 5) return draw('fivefold');
    if (position.halfmoves >= 150) return draw('seventyfive');
    return undefined;
  }

  /** The draw the player to move may claim now: the position occurred three times, or fifty moves passed. */
  drawClaim(): DrawClaim | undefined {
    if (this.#occurrences >= 3) return 'threefold';
    if (this.#position.halfmoves >= 100) return 'fifty';
    return undefined;
  }

  /** Takes back the last `plies` moves (a takeback): the game is replayed up to before them. */
  undo(plies: number): void {
    for (let i = 0; i < plies && this.#sans.length > 0; i++) {
      this.#sans.pop();
      this.#ucis.pop();
    }
    const position = this.#position;
    const problem = setFen(position, this.initialFen);
    if (problem !== undefined) throw new Error(`the start position does not load: ${problem}`);
    let fen = this.#count(true);
    for (const uci of this.#ucis) {
      const move = moveFromUci(position, uci);
      if (typeof move !== 'number') throw new Error(`${uci}, played in this game, does not replay: ${move}`);
      const castling = position.castling;
      playMove(position, move);
      fen = this.#count(position.halfmoves === 0 || position.castling !== castling);
    }
    this.#fen = fen;
  }

  hasMatingMaterial(side: Side): boolean {
    return hasMatingMaterial(this.#position, side === 'white' ? WHITE : BLACK);
  }

  /** The outcome when `flagged` runs out of time: a loss, or a draw if the opponent cannot mate. */
  timeoutOutcome(flagged: Side): Outcome {
    const opponent = opposite(flagged);
    return this.hasMatingMaterial(opponent) ? win(opponent, 'timeout') : draw('timeout');
  }
}

/** The words a refused move gets (`shown`: the text as the player sent it). */
function refusalMessage(refusal: MoveRefusal, shown: string, uci: boolean): string {
  switch (refusal) {
    case 'malformed': return uci ? `"${shown}" is not a move in UCI notation (e2e4, e7e8q)` : `"${shown}" is not a move in SAN (e4, Nf3, exd5, O-O, e8=Q)`;
    case 'promotion-unnamed': return `${shown} does not name the piece the pawn promotes to (q, r, b or n)`;
    case 'promotion-needless': return `${shown} promotes nothing: only a pawn reaching the last rank promotes`;
    case 'capture-nothing': return `${shown} is written as a capture but captures nothing`;
    case 'illegal': return `${shown} is not a legal move in this position`;
  }
}
