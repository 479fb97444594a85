/**
 * ChessGame as it was before it ran on the server's own move generator (src/games/chess/game.ts
 * at commit 826eeca): one chess.js instance per game, moves read through move-text.ts's forms and
 * held to what their text says, chess.js's legal-move list memoized for the length of a move.
 * Test-only: test/games/chess-game-vs-chessjs.test.ts plays the same moves and texts through it
 * and through ChessGame and expects the same answers (SAN, UCI, FEN, endings, draw claims,
 * refusals and their messages).
 *
 * Self-contained but for chess.js and the plain types and helpers the two share (sides, outcomes,
 * the start-position check): move-text.ts's readers, legal-moves-memo.ts and material.ts's rule
 * are copied here as they were, so that a later change to them shows as a disagreement.
 */
import { Chess, DEFAULT_POSITION, type Move, type Square } from 'chess.js';
import { opposite, type Side } from '../../src/games/side.ts';
import { illegalPosition } from '../../src/games/chess/position-check.ts';
import { draw, win, type Outcome } from '../../src/games/chess/outcome.ts';

// --- move-text.ts, as it was ---

type PromotionPiece = 'q' | 'r' | 'b' | 'n';

interface WrittenMove {
  readonly piece: string | undefined;
  readonly from: string;
  readonly to: Square | undefined;
  readonly capture: boolean;
  readonly promotion: PromotionPiece | undefined;
}

const SAN = /^(?:(?:O-O(?:-O)?|0-0(?:-0)?)|([NBRQK])?([a-h]?[1-8]?)([x-])?([a-h][1-8])(?:=?([NBRQ])|([nbrq]))?)[+#]?[!?]{0,2}$/;

function readUci(text: string): (WrittenMove & { from: Square; to: Square }) | undefined {
  const parts = UCI.exec(text);
  if (!parts) return undefined;
  return { piece: undefined, from: parts[1] as Square, to: parts[2] as Square, capture: false, promotion: parts[3] as PromotionPiece | undefined };
}

function readSan(text: string): WrittenMove | undefined {
  const parts = SAN.exec(text);
  if (!parts) return undefined;
  const [, piece, from = '', separator, to, promotion, lowerPromotion] = parts;
  if (separator === '-' && from.length !== 2) return undefined;
  return {
    piece, from, to: to as Square | undefined, capture: separator === 'x',
    promotion: (promotion?.toLowerCase() ?? lowerPromotion) as PromotionPiece | undefined,
  };
}

function disagreement(move: Move, written: WrittenMove): string | undefined {
  if (written.promotion && !move.promotion) return 'promotes nothing: only a pawn reaching the last rank promotes';
  if (!written.promotion && move.promotion) return 'does not name the piece the pawn promotes to (q, r, b or n)';
  if (written.capture && !move.captured) return 'is written as a capture but captures nothing';
  return undefined;
}

function promotesUnnamed(written: WrittenMove, turn: 'w' | 'b', pawnOn: (square: Square) => boolean): boolean {
  if (written.promotion || written.piece || !written.to) return false;
  if (written.to[1] !== (turn === 'w' ? '8' : '1')) return false;
  return written.from.length !== 2 || pawnOn(written.from as Square);
}

// --- legal-moves-memo.ts, as it was ---

interface GenerateOptions { legal?: boolean; piece?: string; square?: string }
interface Internals { _moves(options?: GenerateOptions): unknown[]; _hash: bigint }
interface Memo { position: bigint | undefined; list: unknown[] }
const memos = new WeakMap<Chess, Memo>();

function memoizeLegalMoves<T extends Chess>(chess: T): T {
  const internals = chess as unknown as Internals;
  const generate = internals._moves;
  if (typeof generate !== 'function' || typeof internals._hash !== 'bigint') throw new Error('chess.js no longer has the private _moves() and _hash');
  const memo: Memo = { position: undefined, list: [] };
  memos.set(chess, memo);
  internals._moves = function memoized(this: Internals, options: GenerateOptions = {}) {
    if (options.legal === false || options.piece !== undefined || options.square !== undefined) return generate.call(this, options);
    if (memo.position !== this._hash) {
      memo.list = generate.call(this, options);
      memo.position = this._hash;
    }
    return memo.list;
  };
  return chess;
}

function forgetLegalMoves(chess: Chess): void {
  const memo = memos.get(chess);
  if (!memo) return;
  memo.position = undefined;
  memo.list = [];
}

// --- material.ts, as it was ---

interface BoardPiece { side: Side; type: 'p' | 'n' | 'b' | 'r' | 'q' | 'k'; light: boolean }

function hasMatingMaterial(pieces: readonly BoardPiece[], side: Side): boolean {
  const own = pieces.filter((piece) => piece.side === side && piece.type !== 'k');
  const theirs = pieces.filter((piece) => piece.side !== side && piece.type !== 'k');
  if (own.length === 0) return false;
  if (own.every((piece) => piece.type === 'n')) {
    return own.length > 1 || theirs.some((piece) => piece.type !== 'q');
  }
  if (own.every((piece) => piece.type === 'b')) {
    const bishops = pieces.filter((piece) => piece.type === 'b');
    const bothColours = bishops.some((b) => b.light) && bishops.some((b) => !b.light);
    return bothColours || theirs.some((piece) => piece.type === 'n' || piece.type === 'p');
  }
  return true;
}

// --- game.ts, as it was ---

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

const UCI = /^([a-h][1-8])([a-h][1-8])([qrbn])?$/;
const EN_PASSANT = 3;
const HISTORY_BOUND = 16;
export const STANDARD_FEN = DEFAULT_POSITION;

function sideOf(color: 'w' | 'b'): Side {
  return color === 'w' ? 'white' : 'black';
}

function fenField(fen: string, index: number): string {
  return fen.split(/\s+/)[index] ?? '';
}

function halfmoveClock(fen: string): number {
  return Number(fen.split(' ')[4] ?? 0);
}

export class ReferenceChessGame {
  readonly initialFen: string;
  #chess: Chess;
  #sinceReload = 0;
  readonly #sans: string[] = [];
  readonly #ucis: string[] = [];
  /** The position after each ply (index 0: the start) as counted for repetitions (#positionKey). */
  readonly #hashes: string[];
  readonly #seen = new Map<string, number>();
  #fen: string;

  private constructor(chess: Chess) {
    this.#chess = chess;
    this.initialFen = chess.fen();
    this.#fen = this.initialFen;
    const start = chess.hash();
    this.#hashes = [start];
    this.#seen.set(start, 1);
  }

  /**
   * A game from `fen`, or INVALID_POSITION with the reason the position cannot start a game
   * (position-check.ts). chess.js loads a FEN's en-passant square as written; it is loaded again
   * from chess.js's own FEN, which keeps the square only when the capture is legal, so that the
   * start counts for repetitions like the same position reached later (see #positionKey).
   */
  static start(fen: string = STANDARD_FEN): ReferenceChessGame | RuleError {
    const problem = fen === STANDARD_FEN ? undefined : illegalPosition(fen);
    if (problem) return { code: 'INVALID_POSITION', message: problem };
    const chess = new Chess(fen);
    const canonical = chess.fen();
    if (fenField(canonical, EN_PASSANT) !== fenField(fen, EN_PASSANT)) chess.load(canonical);
    return new ReferenceChessGame(memoizeLegalMoves(chess));
  }

  get fen(): string { return this.#fen; }
  get turn(): Side { return sideOf(this.#chess.turn()); }
  /** Plies played in this game (not counting the moves before a custom start position). */
  get ply(): number { return this.#sans.length; }
  get sans(): readonly string[] { return this.#sans; }
  get ucis(): readonly string[] { return this.#ucis; }

  play(input: MoveInput): { ok: true; move: PlayedMove } | { ok: false; error: RuleError } {
    const uci = 'uci' in input;
    const shown = uci ? input.uci : input.san;
    const written = uci ? readUci(input.uci) : readSan(input.san);
    if (!written) return illegal(uci ? `"${shown}" is not a move in UCI notation (e2e4, e7e8q)` : `"${shown}" is not a move in SAN (e4, Nf3, exd5, O-O, e8=Q)`);
    let move: Move;
    try {
      move = uci
        ? this.#chess.move({ from: written.from, to: written.to!, ...(written.promotion ? { promotion: written.promotion } : {}) })
        : this.#chess.move(input.san);
    } catch {
      forgetLegalMoves(this.#chess);
      const unnamed = promotesUnnamed(written, this.#chess.turn(), (square) => this.#ownPawnOn(square));
      return illegal(unnamed ? `${shown} does not name the piece the pawn promotes to (q, r, b or n)` : `${shown} is not a legal move in this position`);
    }
    const differs = disagreement(move, written);
    if (differs) {
      this.#chess.undo();
      forgetLegalMoves(this.#chess);
      return illegal(`${shown} ${differs}`);
    }
    const side = sideOf(move.color);
    const hash = this.#positionKey(move);
    this.#sans.push(move.san);
    this.#ucis.push(move.lan);
    this.#hashes.push(hash);
    this.#seen.set(hash, (this.#seen.get(hash) ?? 0) + 1);
    this.#fen = move.after;
    const outcome = this.#endingAfter(move.san, side);
    forgetLegalMoves(this.#chess);
    if (++this.#sinceReload >= HISTORY_BOUND) this.#reload(move.after);
    return { ok: true, move: { ply: this.ply, side, san: move.san, uci: move.lan, fen: move.after, outcome } };
  }

  /**
   * A move this game played before, played again as it was kept (a restart replays a journal):
   * its SAN and the position after it are trusted, so the position is loaded from its FEN instead
   * of generating the legal moves (a 40-ply game replays in under half the time). The FEN
   * chess.js writes after a move has an en-passant square only when the capture is legal, so the
   * position counts for repetitions exactly as it did when played (see #positionKey).
   */
  replay(kept: { uci: string; san: string; fen: string }): PlayedMove {
    const side = this.turn;
    this.#chess.load(kept.fen, { skipValidation: true });
    this.#sinceReload = 0;
    const hash = this.#chess.hash();
    this.#sans.push(kept.san);
    this.#ucis.push(kept.uci);
    this.#hashes.push(hash);
    this.#seen.set(hash, (this.#seen.get(hash) ?? 0) + 1);
    this.#fen = kept.fen;
    const outcome = this.#endingAfter(kept.san, side);
    forgetLegalMoves(this.#chess);
    return { ply: this.ply, side, san: kept.san, uci: kept.uci, fen: kept.fen, outcome };
  }

  /**
   * The position after `move` for counting repetitions: chess.js's Zobrist hash of the board,
   * side to move, castling rights and en-passant square. FIDE 9.2 counts an en-passant square
   * only when the capture is legal; chess.js sets it after a double step whenever an enemy pawn
   * stands beside the pawn, and writes it in its FEN (move.after) only when the capture is legal
   * (not when that pawn is pinned or the capture uncovers its king). When the two disagree (rare:
   * a double step beside an enemy pawn that may not take) the position is reloaded from its FEN,
   * which drops the square from the hash. Other moves cost a flag test.
   */
  #positionKey(move: Move): string {
    if (move.isBigPawn() && fenField(move.after, EN_PASSANT) === '-') {
      const enemyPawnBeside = [-1, 1].some((step) => {
        const file = String.fromCharCode(move.to.charCodeAt(0) + step);
        const piece = file >= 'a' && file <= 'h' ? this.#chess.get(`${file}${move.to[1]}` as Square) : undefined;
        return piece?.type === 'p' && piece.color !== move.color;
      });
      if (enemyPawnBeside) this.#reload(move.after);
    }
    return this.#chess.hash();
  }

  #ownPawnOn(square: Square): boolean {
    const piece = this.#chess.get(square);
    return piece?.type === 'p' && piece.color === this.#chess.turn();
  }

  /** Loads `fen` into the chess.js instance, which drops the history chess.js keeps for undo. */
  #reload(fen: string): void {
    this.#chess.load(fen);
    this.#sinceReload = 0;
  }

  /** Endings that need no claim, checked after each move (chess.js's SAN marks a mate with #). */
  #endingAfter(san: string, mover: Side): Outcome | undefined {
    if (san.endsWith('#')) return win(mover, 'checkmate');
    if (!san.endsWith('+') && !this.#kingCanStep() && this.#chess.isStalemate()) return draw('stalemate');
    if (this.#chess.isInsufficientMaterial()) return draw('insufficient');
    if ((this.#seen.get(this.#hashes.at(-1)!) ?? 0) >= 5) return draw('fivefold');
    if (halfmoveClock(this.#fen) >= 150) return draw('seventyfive');
    return undefined;
  }

  /**
   * Whether the king of the side to move, which is not in check, has a legal step: a square next
   * to it that holds no piece of its own and that no enemy piece attacks. Such a step is legal:
   * the king leaving its square cannot open a line onto the new one, since a slider on that line
   * behind the king would be giving check. When it has one, the position is no stalemate, and
   * chess.js need not generate every move to say so (most positions: a few attack tests instead).
   */
  #kingCanStep(): boolean {
    const side = this.#chess.turn();
    const enemy = side === 'w' ? 'b' : 'w';
    const [king] = this.#chess.findPiece({ type: 'k', color: side });
    if (!king) return false;
    const file = king.charCodeAt(0) - 97;
    const rank = king.charCodeAt(1) - 49;
    for (let df = -1; df <= 1; df++) {
      for (let dr = -1; dr <= 1; dr++) {
        const [f, r] = [file + df, rank + dr];
        if ((df === 0 && dr === 0) || f < 0 || f > 7 || r < 0 || r > 7) continue;
        const square = `${String.fromCharCode(97 + f)}${r + 1}` as Square;
        if (this.#chess.get(square)?.color === side) continue;
        if (!this.#chess.isAttacked(square, enemy)) return true;
      }
    }
    return false;
  }

  /** The draw the player to move may claim now: the position occurred three times, or fifty moves passed. */
  drawClaim(): DrawClaim | undefined {
    if ((this.#seen.get(this.#hashes.at(-1)!) ?? 0) >= 3) return 'threefold';
    if (halfmoveClock(this.#fen) >= 100) return 'fifty';
    return undefined;
  }

  /** Takes back the last `plies` moves (a takeback): the game is replayed up to before them. */
  undo(plies: number): void {
    for (let i = 0; i < plies && this.#sans.length > 0; i++) {
      const hash = this.#hashes.pop()!;
      const count = (this.#seen.get(hash) ?? 1) - 1;
      if (count > 0) this.#seen.set(hash, count);
      else this.#seen.delete(hash);
      this.#sans.pop();
      this.#ucis.pop();
    }
    const chess = memoizeLegalMoves(new Chess(this.initialFen));
    for (const uci of this.#ucis) {
      const [, from, to, promotion] = UCI.exec(uci)!;
      chess.move({ from: from!, to: to!, ...(promotion ? { promotion } : {}) });
    }
    this.#fen = chess.fen();
    chess.load(this.#fen);
    this.#chess = chess;
    this.#sinceReload = 0;
  }

  hasMatingMaterial(side: Side): boolean {
    const pieces: BoardPiece[] = [];
    for (const row of this.#chess.board()) {
      for (const square of row) {
        if (!square) continue;
        const file = square.square.charCodeAt(0) - 97;
        const rank = Number(square.square[1]) - 1;
        pieces.push({ side: sideOf(square.color), type: square.type, light: (file + rank) % 2 === 1 });
      }
    }
    return hasMatingMaterial(pieces, side);
  }

  /** The outcome when `flagged` runs out of time: a loss, or a draw if the opponent cannot mate. */
  timeoutOutcome(flagged: Side): Outcome {
    const opponent = opposite(flagged);
    return this.hasMatingMaterial(opponent) ? win(opponent, 'timeout') : draw('timeout');
  }
}

function illegal(message: string): { ok: false; error: RuleError } {
  return { ok: false, error: { code: 'ILLEGAL_MOVE', message } };
}
