import assert from 'node:assert/strict';
import { Chess, validateFen, type Move, type Square } from 'chess.js';
import { memoizeLegalMoves } from '../../src/games/chess/legal-moves-memo.ts';
import { hasMatingMaterial as materialTsMating, type BoardPiece } from '../../src/games/chess/material.ts';
import { disagreement, promotesUnnamed, readSan, readUci, type WrittenMove } from '../../src/games/chess/move-text.ts';
import {
  isCheckmate, isStalemate, legalMoves, makeMove, playMove, unmakeMove,
} from '../../src/games/chess/move-generation.ts';
import { findSanMove, moveFromSan, moveFromUci, sanOf, uciOf } from '../../src/games/chess/move-notation.ts';
import { hasMatingMaterial, isInsufficientMaterial } from '../../src/games/chess/position-material.ts';
import { readFen, setFen } from '../../src/games/chess/position-fen.ts';
import {
  BLACK, CASTLE_KINGSIDE, CASTLE_QUEENSIDE, EN_PASSANT, Position, WHITE, fenOf, inCheck, movePromotion, moveSpecial, positionKey,
} from '../../src/games/chess/position.ts';
import { illegalPosition } from '../../src/games/chess/position-check.ts';
import { prng } from '../support/prng.ts';

const STANDARD_FEN = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';
const STARTS: readonly string[] = [
  STANDARD_FEN,
  'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1',
  '8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1',
  'r3k2r/Pppp1ppp/1b3nbN/nP6/BBP1P3/q4N2/Pp1P2PP/R2Q1RK1 w kq - 0 1',
  'rnbq1k1r/pp1Pbppp/2p5/8/2B5/8/PPP1NnPP/RNBQK2R w KQ - 1 8',
  'r4rk1/1pp1qppp/p1np1n2/2b1p1B1/2B1P1b1/P1NP1N2/1PP1QPPP/R4RK1 w - - 0 10',
  'rnbqkbnr/ppp1p1pp/8/3pPp2/8/8/PPPP1PPP/RNBQKBNR w KQkq f6 0 3',
  '4k3/pppppppp/8/8/8/8/PPPPPPPP/4K3 w - - 0 1',
  'r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1',
  'N3k2N/8/8/8/3R4/8/8/N3K2N w - - 0 1',
];

function position(fen: string): Position {
  const read = readFen(fen);
  assert.ok(read instanceof Position, `${fen}: ${'error' in read ? read.error : ''}`);
  return read;
}

function listOf(start: Position): number[] {
  return Array.from(start.moves.subarray(0, legalMoves(start)));
}

/** chess.js's legal moves as "uci san", sorted: its private list (the one moves() writes as SAN, in the same order). */
function chessJsMoves(chess: Chess): string[] {
  const internal = (chess as unknown as { _moves(): { from: number; to: number; promotion?: string }[] })._moves();
  const sans = chess.moves();
  const name = (square: number) => 'abcdefgh'[square & 15]! + '87654321'[square >> 4]!;
  return internal.map((move, i) => `${name(move.from)}${name(move.to)}${move.promotion ?? ''} ${sans[i]}`).sort();
}

function ownMoves(start: Position): string[] {
  const list = listOf(start);
  return list.map((move) => `${uciOf(move)} ${sanOf(start, move)}`).sort();
}

/** Whether a "uci san" entry is castling or an en-passant capture (a pawn taking onto an empty square). */
function isRare(chess: Chess, entry: string): boolean {
  return entry.includes('O-O') || chess.get(entry.slice(2, 4) as Square) === undefined;
}

function boardPieces(chess: Chess): BoardPiece[] {
  return chess.board().flat().flatMap((square) => square
    ? [{ side: square.color === 'w' ? 'white' : 'black', type: square.type, light: (square.square.charCodeAt(0) - 97 + Number(square.square[1]) - 1) % 2 === 1 } as const]
    : []);
}

/** What game.ts plays for a SAN text today (chess.js behind move-text.ts): the move's UCI, or the refusal. */
function servedSan(chess: Chess, text: string): string {
  const written = readSan(text);
  if (!written) return 'malformed';
  let move: Move;
  try {
    move = chess.move(text);
  } catch {
    return refusedUnfound(chess, written);
  }
  chess.undo();
  return refusalOf(disagreement(move, written)) ?? move.lan;
}

/** What game.ts plays for a UCI text today. */
function servedUci(chess: Chess, text: string): string {
  const written = readUci(text);
  if (!written) return 'malformed';
  let move: Move;
  try {
    move = chess.move({ from: written.from, to: written.to, ...(written.promotion ? { promotion: written.promotion } : {}) });
  } catch {
    return refusedUnfound(chess, written);
  }
  chess.undo();
  return refusalOf(disagreement(move, written)) ?? move.lan;
}

function refusedUnfound(chess: Chess, written: WrittenMove): string {
  const pawnOn = (square: Square) => chess.get(square)?.type === 'p' && chess.get(square)?.color === chess.turn();
  return promotesUnnamed(written, chess.turn(), pawnOn) ? 'promotion-unnamed' : 'illegal';
}

function refusalOf(differs: string | undefined): string | undefined {
  if (differs === undefined) return undefined;
  if (differs.startsWith('promotes nothing')) return 'promotion-needless';
  if (differs.startsWith('does not name')) return 'promotion-unnamed';
  return 'capture-nothing';
}

function shown(result: number | string): string {
  return typeof result === 'number' ? uciOf(result) : result;
}

/** Texts a player might send for `san` (a legal move from `uci`): the usual variants and wrong ones. */
function variants(san: string, uci: string): string[] {
  const base = san.replace(/[+#]$/, '');
  const [from, to, promotion = ''] = [uci.slice(0, 2), uci.slice(2, 4), uci.slice(4)];
  const letter = /^[NBRQK]/.test(base) ? base[0]! : '';
  const texts = [
    san, base, `${base}+`, `${base}#`, `${base}!?`, `${base}??`, base.replace('x', ''), base.replace('=', ''),
    base.replace(/=([NBRQ])/, (_, piece: string) => piece.toLowerCase()), base.replace(/=[NBRQ]/, ''), `${base}=Q`, `${base}q`,
    uci, uci.slice(0, 4), `${from}-${to}${promotion}`, `${from}x${to}${promotion}`, `${letter}${from}${to}`, `${letter}${from}-${to}`,
    `${letter}${from}x${to}`, `${letter}${from[0]}${to}`, `${letter}${from[1]}${to}`, `${letter}${from[0]}x${to}`, `${letter}x${to}`,
    base.replace(/^([NBRQK]?)([a-h]?[1-8]?)(x?)([a-h][1-8])/, '$1$2x$4'), base.replace(/^([NBRQK])/, '$1$1'),
    base.replace('O-O', '0-0'), base.replace('O-O-O', '0-0-0'), `${base} `, ` ${base}`, `${base}x`, base.toLowerCase(),
  ];
  return [...new Set(texts)];
}

const JUNK = [
  '', ' ', '--', 'e', 'e9', 'i4', 'Zf3', 'Pe4', 'pe4', 'nf3', 'O-O-O-O', 'OO', '00', '0-0-0-0', 'e2e4 junk', 'e4=', 'e8=K', 'e8=P',
  'a1a1', 'e2e2', 'Ke1g1', 'Ke1c1', 'e1g1', 'e1c1', 'e8=Q+', 'exd8=N#', 'K', 'x', 'xe4', '1e4', 'e2-e4-e5', 'Nf3xx', '__proto__',
  'constructor', 'toString', 'e2e4q', 'e7e8', 'e7e8Q', 'e7e8k', 'e7e8p', '\u0000', 'é4', 'e4\n', 'Q'.repeat(10_000),
];

describe('chess move generator', () => {
  describe('FEN', () => {
    it('writes the en-passant square after a double step only when a pawn may take, as chess.js 1.4 does', () => {
      const cases: [string, string, string][] = [
        [STANDARD_FEN, 'e2e4', '-'],
        ['rnbqkbnr/ppp1pppp/8/8/3p4/8/PPPPPPPP/RNBQKBNR w KQkq - 0 3', 'e2e4', 'e3'],
        // the pawn on d4 may not take: both pawns would leave the 4th rank and uncover the rook's check
        ['8/8/8/8/k2p3R/8/4P3/4K3 w - - 0 1', 'e2e4', '-'],
        ['8/8/8/8/3p4/8/4P3/K6k w - - 0 1', 'e2e4', 'e3'],
        // pinned on a diagonal: taking leaves it, or stays on it
        ['7k/8/8/8/3p4/8/4P3/B3K3 w - - 0 1', 'e2e4', '-'],
        ['8/8/1k6/8/3p4/8/4P3/4K1B1 w - - 0 1', 'e2e4', 'e3'],
        ['rnbqkbnr/pppppppp/8/4P3/8/8/PPPP1PPP/RNBQKBNR b KQkq - 0 2', 'd7d5', 'd6'],
        ['rnbqkbnr/pppppppp/8/4P3/8/8/PPPP1PPP/RNBQKBNR b KQkq - 0 2', 'a7a5', '-'],
      ];
      for (const [fen, uci, square] of cases) {
        const chess = new Chess(fen);
        chess.move(uci);
        const start = position(fen);
        const move = moveFromUci(start, uci);
        assert.equal(typeof move, 'number', `${fen} ${uci}: ${move}`);
        playMove(start, move as number);
        assert.equal(fenOf(start), chess.fen(), fen);
        assert.equal(fenOf(start).split(' ')[3], square, fen);
      }
    });

    it('refuses a malformed FEN with chess.js\'s reason, and never throws', () => {
      const bad = [
        '', 'x', STANDARD_FEN.replace(' w ', ' x '), STANDARD_FEN.replace('KQkq', 'KQxq'), STANDARD_FEN.replace(' - ', ' e4 '),
        STANDARD_FEN.replace(' 0 1', ' -1 1'), STANDARD_FEN.replace(' 0 1', ' 0 0'), STANDARD_FEN.replace(' 0 1', ' 0 1x'),
        STANDARD_FEN.replace('8/8/8/8', '8/8/8'), STANDARD_FEN.replace('8/8/8/8', '8/8/9/8'), STANDARD_FEN.replace('8/8/8/8', '8/8/44/8'),
        STANDARD_FEN.replace('8/8/8/8', '8/8/7/8'), STANDARD_FEN.replace('8/8/8/8', '8/8/X7/8'), STANDARD_FEN.replace('RNBQKBNR', 'RNBQQBNR'),
        STANDARD_FEN.replace('rnbqkbnr', 'rnbqkknr'), STANDARD_FEN.replace('rnbqkbnr', 'pnbqkbnr'), `${STANDARD_FEN} extra`, ` ${STANDARD_FEN}`,
        'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq', '8/8/8/8/8/8/8/8 w - - 0 1', STANDARD_FEN.replace(' 0 1', ` 0 ${'9'.repeat(300)}`),
      ];
      for (const fen of bad) {
        const read = readFen(fen);
        assert.ok(!(read instanceof Position) && typeof read.error === 'string' && read.error.length > 0, fen);
      }
      for (const value of [undefined, null, 42, {}, [], { toString: () => STANDARD_FEN }]) {
        const read = readFen(value as unknown as string);
        assert.ok(!(read instanceof Position), String(value));
      }
    });

    it('refuses what the generator cannot play from (chess.js loads these; position-check.ts refuses them too)', () => {
      const refused: [string, RegExp][] = [
        ['r3k2r/8/8/8/8/8/8/R3K1R1 w KQkq - 0 1', /castling right K/],
        ['r3k2r/8/8/8/8/8/8/R4K1R w Q - 0 1', /castling right Q/],
        ['rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq e6 0 1', /no pawn can have just passed e6/],
        ['4k2R/8/8/8/8/8/8/4K3 w - - 0 1', /side not to move is in check/],
        ['4k3/8/8/8/8/8/4r3/4K3 b - - 0 1', /side not to move is in check/],
        ['8/8/8/3kK3/8/8/8/8 w - - 0 1', /side not to move is in check/],
        ['3k4/8/8/8/8/N7/NNNNNNNN/NNNNNNNK w - - 0 1', /more than 16 pieces/],
      ];
      for (const [fen, reason] of refused) {
        new Chess(fen); // chess.js loads it (it would throw otherwise)
        const read = readFen(fen);
        assert.ok(!(read instanceof Position), fen);
        assert.match(read.error, reason, fen);
        assert.notEqual(illegalPosition(fen), undefined, fen);
      }
      // The side to move may be in check.
      assert.ok(readFen('4k3/8/8/8/8/8/8/4K2r w - - 0 1') instanceof Position);
    });

    it('accepts every FEN chess.js and position-check.ts accept, and writes it as chess.js does (mutated FENs)', () => {
      const random = prng(15);
      const alphabet = 'pnbrqkPNBRQK123456780/ -wbKQkqacdefgh36x';
      let accepted = 0;
      for (let i = 0; i < 4000; i++) {
        let fen = STARTS[i % STARTS.length]!;
        for (let edits = random() < 0.7 ? 1 : 2; edits > 0; edits--) {
          const at = Math.floor(random() * fen.length);
          const char = alphabet[Math.floor(random() * alphabet.length)]!;
          const kind = random();
          fen = kind < 0.6 ? fen.slice(0, at) + char + fen.slice(at + 1) : kind < 0.8 ? fen.slice(0, at) + fen.slice(at + 1) : fen.slice(0, at) + char + fen.slice(at);
        }
        const read = readFen(fen);
        const serverAccepts = validateFen(fen).ok && illegalPosition(fen) === undefined;
        if (serverAccepts) assert.ok(read instanceof Position, `${fen}: ${'error' in read ? read.error : ''}`);
        if (!(read instanceof Position)) continue;
        accepted++;
        assert.ok(validateFen(fen).ok, fen);
        const chess = new Chess(fen);
        assert.equal(fenOf(read), chess.fen(), fen);
        assert.deepEqual(ownMoves(read), chessJsMoves(chess), fen);
      }
      assert.ok(accepted > 200, `only ${accepted} mutated FENs were positions`);
    });

    it('setFen changes the position only when the FEN is one', () => {
      const start = position(STARTS[1]!);
      assert.equal(setFen(start, STANDARD_FEN.replace('KQkq', 'KQkqx')), 'Invalid FEN: castling availability is invalid');
      assert.equal(fenOf(start), STARTS[1]);
      assert.equal(setFen(start, STARTS[3]!), undefined);
      assert.equal(fenOf(start), STARTS[3]);
      assert.equal(legalMoves(start), 6);
    });
  });

  describe('against chess.js', () => {
    it('agrees at every ply of 200 random games: moves, SAN, FEN, check, mate, stalemate, material', function () {
      this.timeout(60_000);
      const random = prng(20261201);
      let plies = 0;
      const seen = { castlings: 0, enPassants: 0, promotions: 0, checkmates: 0, stalemates: 0, insufficient: 0 };
      for (let game = 0; game < 200; game++) {
        const fen = STARTS[game % STARTS.length]!;
        const chess = memoizeLegalMoves(new Chess(fen));
        const own = position(fen);
        for (let ply = 0; ply < 200; ply++, plies++) {
          const where = `game ${game} ply ${ply} ${chess.fen()}`;
          assert.equal(fenOf(own), chess.fen(), where);
          assert.equal(positionKey(own), chess.fen().split(' ').slice(0, 4).join(' '), where);
          const moves = chessJsMoves(chess);
          assert.deepEqual(ownMoves(own), moves, where);
          assert.deepEqual(
            [inCheck(own), isCheckmate(own), isStalemate(own), isInsufficientMaterial(own)],
            [chess.isCheck(), chess.isCheckmate(), chess.isStalemate(), chess.isInsufficientMaterial()], where);
          const pieces = boardPieces(chess);
          assert.deepEqual([hasMatingMaterial(own, WHITE), hasMatingMaterial(own, BLACK)],
            [materialTsMating(pieces, 'white'), materialTsMating(pieces, 'black')], where);
          for (const move of listOf(own)) {
            assert.equal(moveFromUci(own, uciOf(move)), move, where);
            assert.equal(moveFromSan(own, sanOf(own, move)), move, `${where} ${sanOf(own, move)}`);
          }
          if (moves.length === 0 || chess.isInsufficientMaterial()) {
            if (chess.isCheckmate()) seen.checkmates++;
            else if (chess.isStalemate()) seen.stalemates++;
            else seen.insufficient++;
            break;
          }
          // Random, but en passant and castling are taken half the time they are there (random play hardly finds them).
          const rare = moves.filter((entry) => / O-O|^(\S{4}) [a-h]x/.test(entry) && isRare(chess, entry));
          const pool = rare.length > 0 && random() < 0.5 ? rare : moves;
          const [uci] = pool[Math.floor(random() * pool.length)]!.split(' ') as [string];
          chess.move({ from: uci.slice(0, 2), to: uci.slice(2, 4), ...(uci[4] ? { promotion: uci[4] } : {}) });
          const move = moveFromUci(own, uci);
          assert.equal(typeof move, 'number', `${where} ${uci}`);
          const special = moveSpecial(move as number);
          if (special === CASTLE_KINGSIDE || special === CASTLE_QUEENSIDE) seen.castlings++;
          if (special === EN_PASSANT) seen.enPassants++;
          if (movePromotion(move as number) !== 0) seen.promotions++;
          if (random() < 0.2) {
            makeMove(own, move as number);
            unmakeMove(own);
          }
          playMove(own, move as number);
          if (random() < 0.05) assert.equal(setFen(own, chess.fen()), undefined);
        }
      }
      assert.ok(plies > 20_000, `only ${plies} plies were compared`);
      for (const [what, count] of Object.entries(seen)) assert.ok(count >= 3, `only ${count} ${what} in ${plies} plies`);
    });

    it('reads SAN as game.ts does through chess.js: variants, captures without x, origins not needed, wrong promotions and captures', () => {
      const random = prng(99);
      const positions = [
        'r1bqkbnr/ppp2ppp/2n5/1B1pP3/4P3/8/PPPP2PP/RNBQK1NR b KQkq - 2 4',
        '1n2k3/2P5/8/8/8/8/7p/4K1N1 w - - 0 1',
        '1n2k3/2P5/8/8/8/8/7p/4K1N1 b - - 0 1',
        'N3k2N/8/8/8/3R4/8/8/N3K2N w - - 0 1',
        'r3k2r/8/8/8/8/8/8/R3K2R b KQkq - 0 1',
        'rnbqkbnr/ppp1p1pp/8/3pPp2/8/8/PPPP1PPP/RNBQKBNR w KQkq f6 0 3',
        '3k4/8/8/8/8/8/1R5R/3K4 w - - 0 1',
      ];
      for (let game = 0; game < STARTS.length; game++) {
        const chess = new Chess(STARTS[game]);
        for (let ply = 0; ply < 100 && chess.moves().length > 0; ply++) {
          if (ply % 12 === 4) positions.push(chess.fen());
          const moves = chess.moves();
          chess.move(moves[Math.floor(random() * moves.length)]!);
        }
      }
      let texts = 0;
      for (const fen of positions) {
        const chess = memoizeLegalMoves(new Chess(fen));
        const own = position(fen);
        const tried = new Set<string>(JUNK);
        // Every variant of a few moves each (chess.js reads a SAN text by writing the SAN of each candidate: slow).
        const moves = chess.moves({ verbose: true });
        for (let i = 0; i < 6 && moves.length > 0; i++) {
          const [move] = moves.splice(Math.floor(random() * moves.length), 1) as [Move];
          for (const text of variants(move.san, move.lan)) tried.add(text);
        }
        for (const move of moves) tried.add(move.san);
        for (const text of tried) {
          texts++;
          assert.equal(shown(moveFromSan(own, text)), servedSan(chess, text), `${fen} "${text.slice(0, 20)}"`);
          if (readSan(text)) {
            let played: string;
            try { played = chess.move(text).lan; chess.undo(); } catch { played = 'throws'; }
            const found = findSanMove(own, text);
            assert.equal(found < 0 ? 'throws' : uciOf(found), played, `${fen} "${text}" as chess.js reads it`);
          }
        }
        assert.equal(fenOf(own), chess.fen());
      }
      assert.ok(texts > 8000, `only ${texts} texts were read`);
    });

    it('reads UCI as game.ts does through chess.js, promotion piece required exactly when promoting', () => {
      const files = 'abcdefgh';
      for (const fen of ['1n2k3/2P5/8/8/8/8/7p/4K1N1 w - - 0 1', '1n2k3/2P5/8/8/8/8/7p/4K1N1 b - - 0 1', STARTS[3]!, STARTS[4]!, STARTS[8]!]) {
        const chess = memoizeLegalMoves(new Chess(fen));
        const own = position(fen);
        const texts = new Set<string>(JUNK);
        for (const move of chess.moves({ verbose: true })) {
          for (const suffix of ['', 'q', 'n', 'Q', 'k', 'x']) texts.add(move.from + move.to + suffix);
          for (let file = 0; file < 8; file++) texts.add(`${move.from}${files[file]}${move.to[1]}`);
        }
        for (const text of texts) assert.equal(shown(moveFromUci(own, text)), servedUci(chess, text), `${fen} "${text.slice(0, 20)}"`);
      }
    });
  });

  describe('hostile input', () => {
    it('refuses non-strings and junk with a code, without throwing', () => {
      const start = position(STANDARD_FEN);
      for (const value of [undefined, null, 42, {}, [], ['e2e4'], { uci: 'e2e4' }, Symbol.iterator, 1n]) {
        assert.equal(moveFromUci(start, value), 'malformed');
        assert.equal(moveFromSan(start, value), 'malformed');
      }
      for (const text of JUNK) {
        assert.equal(typeof moveFromUci(start, text), 'string', text.slice(0, 20));
        assert.ok(['string', 'number'].includes(typeof moveFromSan(start, text)), text.slice(0, 20));
      }
      assert.equal(moveFromSan(start, 'e2e4 junk'), 'malformed');
      assert.equal(moveFromSan(start, '--'), 'malformed');
      assert.equal(moveFromUci(start, 'e2e5'), 'illegal');
      assert.equal(fenOf(start), STANDARD_FEN);
    });
  });

  describe('position key and material', () => {
    it('keys a position as FIDE compares them: an en-passant square counts only when the capture is legal', () => {
      const afterPinned = position('8/8/8/8/k2p3R/8/4P3/4K3 w - - 0 1');
      playMove(afterPinned, moveFromUci(afterPinned, 'e2e4') as number);
      assert.equal(positionKey(afterPinned), positionKey(position('8/8/8/8/k2pP2R/8/8/4K3 b - - 0 1')));
      const afterFree = position('4k3/8/8/8/3p4/8/4P3/4K3 w - - 0 1');
      playMove(afterFree, moveFromUci(afterFree, 'e2e4') as number);
      assert.notEqual(positionKey(afterFree), positionKey(position('4k3/8/8/8/3pP3/8/8/4K3 b - - 0 1')));
      assert.equal(positionKey(afterFree), positionKey(position('4k3/8/8/8/3pP3/8/8/4K3 b - e3 0 1')));
      // the counters are not part of it
      assert.equal(positionKey(position('4k3/8/8/8/8/8/8/4K2R w K - 7 30')), positionKey(position('4k3/8/8/8/8/8/8/4K2R w K - 0 1')));
    });

    it('calls material insufficient as chess.js does, and mating material as material.ts does', () => {
      const cases: [string, boolean][] = [
        ['4k3/8/8/8/8/8/8/4K3 w - - 0 1', true],
        ['4k3/8/8/8/8/8/8/4KB2 w - - 0 1', true],
        ['4k3/8/8/8/8/8/8/4KN2 w - - 0 1', true],
        ['4k3/8/8/8/8/8/8/3NKN2 w - - 0 1', false],
        ['4kb2/8/8/8/8/8/8/4KB2 w - - 0 1', false],
        ['4k1b1/8/8/8/8/8/8/4KB2 w - - 0 1', true],
        ['4k1b1/8/8/8/8/8/B7/4KB2 w - - 0 1', true],
        ['4k3/8/8/8/8/8/7P/4K3 w - - 0 1', false],
        ['4kn2/8/8/8/8/8/8/4KB2 w - - 0 1', false],
      ];
      for (const [fen, insufficient] of cases) {
        const chess = new Chess(fen);
        const own = position(fen);
        assert.equal(chess.isInsufficientMaterial(), insufficient, fen);
        assert.equal(isInsufficientMaterial(own), insufficient, fen);
        const pieces = boardPieces(chess);
        assert.deepEqual([hasMatingMaterial(own, WHITE), hasMatingMaterial(own, BLACK)], [materialTsMating(pieces, 'white'), materialTsMating(pieces, 'black')], fen);
      }
    });
  });
});
