/**
 * ChessGame on the server's own move generator against chess.js and against ChessGame as it was
 * on chess.js (test/support/chess-game-reference.ts): random games, seeded, played through all
 * three side by side, every move compared (SAN, UCI, FEN, the ending, the draw claim), random
 * texts that are no move (or are one) refused or taken alike with the same words, takebacks,
 * replays of the kept moves, and start positions.
 */
import assert from 'node:assert/strict';
import { Chess } from 'chess.js';
import { ChessGame, STANDARD_FEN, type MoveInput, type PlayedMove } from '../../src/games/chess/game.ts';
import { memoizeLegalMoves } from '../../src/games/chess/legal-moves-memo.ts';
import { hasLegalMove, legalMoves, makeMove, playMove, unmakeMove } from '../../src/games/chess/move-generation.ts';
import { moveFromUci, sanOf, uciOf } from '../../src/games/chess/move-notation.ts';
import { draw, win, type Outcome } from '../../src/games/chess/outcome.ts';
import { readFen } from '../../src/games/chess/position-fen.ts';
import { PAWN, Position, SQUARE_NAMES, inCheck, moveCaptured, moveFrom, movePiece, movePromotion, moveTo } from '../../src/games/chess/position.ts';
import { ReferenceChessGame } from '../support/chess-game-reference.ts';
import { prng } from '../support/prng.ts';

const STARTS: readonly string[] = [
  STANDARD_FEN,
  'r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq - 0 1',
  '8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - - 0 1',
  'rnbqkbnr/ppp1p1pp/8/3pPp2/8/8/PPPP1PPP/RNBQKBNR w KQkq f6 0 3',
  // a double step beside a pawn pinned to its king: chess.js writes no en-passant square
  '8/8/8/8/k2p3R/8/4P3/4K3 w - - 0 1',
  // written with an en-passant square whose capture is illegal: the game starts without it
  '8/8/8/8/k2pP2R/8/8/4K3 b - e3 0 1',
  'r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1',
  '4k3/8/8/8/8/8/8/R3K2R w KQ - 95 60',
  '8/5k2/8/8/8/8/1Q6/K7 w - - 140 100',
  '7k/5Q2/8/8/8/8/8/K7 w - - 0 1',
  '6k1/5ppp/8/8/8/8/5PPP/R5K1 w - - 0 1',
  '8/P1P5/8/8/8/8/p1p5/K6k w - - 0 1',
  '3r3k/4P3/8/8/8/8/8/4K3 w - - 0 1',
  '4k3/8/8/8/2B5/8/3K1P2/5b2 w - - 0 1',
  'N3k2N/8/8/8/3R4/8/8/N3K2N w - - 0 1',
  '8/8/8/4k3/8/8/4P3/4K3 w - - 0 1',
  'k7/8/1K6/8/8/8/8/2R5 w - - 0 1',
];

const FILES = 'abcdefgh';

function start(fen: string): { game: ChessGame; reference: ReferenceChessGame } {
  const game = ChessGame.start(fen);
  const reference = ReferenceChessGame.start(fen);
  assert.ok(game instanceof ChessGame, `${fen}: ${JSON.stringify(game)}`);
  assert.ok(reference instanceof ReferenceChessGame, fen);
  assert.equal(game.initialFen, reference.initialFen, fen);
  return { game, reference };
}

/** The position a game's moves lead to, for picking moves (the test's own, apart from the games'). */
function positionAfter(fen: string, ucis: readonly string[]): Position {
  const position = readFen(fen);
  assert.ok(position instanceof Position);
  for (const uci of ucis) {
    const move = moveFromUci(position, uci);
    assert.equal(typeof move, 'number', uci);
    playMove(position, move as number);
  }
  return position;
}

/** Whether `move` stalemates the opponent. */
function stalemates(position: Position, move: number): boolean {
  makeMove(position, move);
  const stalemate = !inCheck(position) && !hasLegalMove(position);
  unmakeMove(position);
  return stalemate;
}

function key(fen: string): string {
  return fen.split(' ').slice(0, 4).join(' ');
}

/** The ending chess.js sees after a move by `mover`, in the order the server rules them. */
function expectedEnding(chess: Chess, mover: 'white' | 'black', occurrences: number): Outcome | undefined {
  if (chess.isCheckmate()) return win(mover, 'checkmate');
  if (chess.isStalemate()) return draw('stalemate');
  if (chess.isInsufficientMaterial()) return draw('insufficient');
  if (occurrences >= 5) return draw('fivefold');
  if (Number(chess.fen().split(' ')[4]) >= 150) return draw('seventyfive');
  return undefined;
}

/** A text for the legal move `move`: its UCI, its SAN, or another form of SAN the server reads. */
function writtenAs(random: () => number, san: string, uci: string, move: number): MoveInput {
  const roll = random();
  if (roll < 0.55) return { uci };
  if (roll < 0.8) return { san };
  const base = san.replace(/[+#]$/, '');
  const forms = [
    base, base.replace('x', ''), base.replace('=', ''), base.replace(/O/g, '0'), `${base}!?`,
    `${uci.slice(0, 2)}${moveCaptured(move) ? 'x' : '-'}${uci.slice(2)}`,
    movePiece(move) === PAWN ? uci : san.startsWith('O') ? base : `${san[0]}${uci}`,
  ];
  return { san: forms[Math.floor(random() * forms.length)]! };
}

/** A text that is most often no legal move: random, or a legal move's text bent (a capture that takes nothing, a missing or needless promotion piece...). */
function junk(random: () => number, sans: ReadonlyMap<number, string>, san: boolean): MoveInput {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const square = () => SQUARE_NAMES[Math.floor(random() * 8) * 16 + Math.floor(random() * 8)]!;
  const moves = [...sans.keys()];
  const move = pick(moves);
  const uci = uciOf(move);
  const promotions = moves.filter((m) => movePromotion(m) !== 0);
  if (!san) {
    return {
      uci: pick([
        () => square() + square(),
        () => square() + square() + pick(['q', 'r', 'b', 'n', 'k', 'p', 'Q', 'x']),
        () => uci.slice(0, 4),
        () => `${uci.slice(0, 4)}q`,
        () => `${uci.slice(0, 4)}n`,
        () => `${uci.slice(0, 2)}${FILES[Math.floor(random() * 8)]}${uci[3]}`,
        () => uci.slice(2, 4) + uci.slice(0, 2),
        () => (promotions.length > 0 ? uciOf(pick(promotions)).slice(0, 4) : `${uci} `),
        () => pick(['', ' ', '0000', 'e2e4 ', 'e7e8', 'e2e9', 'i2i4', 'a1a1', 'e1g1', 'e8c8', 'E2E4', 'e2-e4']),
      ])(),
    };
  }
  const written = sans.get(move)!;
  const base = written.replace(/[+#]$/, '');
  const promoting = promotions.length > 0 ? sans.get(pick(promotions))!.replace(/[+#]$/, '') : base;
  return {
    san: pick([
      () => base.replace(/([a-h][1-8])(=[NBRQ])?$/, 'x$1$2').replace('xx', 'x'),
      () => `${base}=Q`,
      () => `${base}q`,
      () => promoting.replace(/=?[NBRQ]$/, ''),
      () => promoting.replace(/^([a-h])x?([a-h][1-8])=?[NBRQ]$/, '$1$2'),
      () => `${uci.slice(0, 2)}x${uci.slice(2)}`,
      () => `${pick(['N', 'B', 'R', 'Q', 'K', ''])}${pick(['', 'x'])}${square()}`,
      () => `${FILES[Math.floor(random() * 8)]}x${square()}`,
      () => `${pick(['N', 'B', 'R', 'Q'])}${pick([...FILES, '1', '4', '8'])}${square()}`,
      () => base.toLowerCase(),
      () => `${base} `,
      () => pick(['--', 'O-O', 'O-O-O', '0-0', '0-0-0', 'Z0', 'e2xe4', 'e8', 'exd8', 'e1', 'Kxe2', 'e8=K', 'Pe4', 'e4+', 'Qh5#']),
    ])(),
  };
}

/** The refusals, by their words (each must come up). */
const REFUSALS = [
  'is not a move in UCI', 'is not a move in SAN', 'does not name the piece', 'promotes nothing', 'captures nothing', 'is not a legal move',
];

interface Seen { checkmate: number; stalemate: number; insufficient: number; fivefold: number; seventyfive: number; threefold: number; fifty: number; acceptedJunk: number; takebacks: number; chessJsFewerRepetitions: number }

describe('ChessGame on its own move generator', () => {
  it('plays random games as chess.js and ChessGame on chess.js did: moves, refusals, endings, draw claims, takebacks, replays', function () {
    this.timeout(60_000);
    const random = prng(20261207);
    const seen: Seen = { checkmate: 0, stalemate: 0, insufficient: 0, fivefold: 0, seventyfive: 0, threefold: 0, fifty: 0, acceptedJunk: 0, takebacks: 0, chessJsFewerRepetitions: 0 };
    const refusals = new Map<string, number>();
    let plies = 0;
    for (let index = 0; index < 300; index++) {
      const fen = STARTS[index % STARTS.length]!;
      const { game, reference } = start(fen);
      const chess = memoizeLegalMoves(new Chess(fen));
      // Whole-game counts of the positions as FIDE compares them (chess.js's FEN without its counters).
      const keys = [key(game.initialFen)];
      const counts = new Map([[keys[0]!, 1]]);
      const played: PlayedMove[] = [];
      let position = positionAfter(fen, []);
      const limit = index % 2 === 0 ? 16 : 44;
      for (let ply = 0; ply < limit; ply++, plies++) {
        const where = `game ${index} (${fen}) after ${game.ucis.join(' ')}`;
        const count = legalMoves(position);
        const list = Array.from(position.moves.subarray(0, count));
        assert.ok(count > 0, where);

        if (played.length > 0 && random() < 0.006) {
          const back = 1 + Math.floor(random() * Math.min(2, played.length));
          game.undo(back);
          reference.undo(back);
          for (let i = 0; i < back; i++) {
            chess.undo();
            played.pop();
            const gone = keys.pop()!;
            counts.set(gone, counts.get(gone)! - 1);
          }
          assert.deepEqual([game.fen, game.ply, game.turn, game.sans, game.ucis, game.drawClaim()],
            [reference.fen, reference.ply, reference.turn, reference.sans, reference.ucis, reference.drawClaim()], `${where} undo ${back}`);
          assert.equal(game.fen, chess.fen(), where);
          position = positionAfter(fen, game.ucis);
          seen.takebacks++;
          continue;
        }

        const mover = game.turn;
        // The candidates' SAN, for the texts (the SAN played is compared with chess.js's below).
        const sans = new Map(list.map((candidate) => [candidate, sanOf(position, candidate)]));

        let result: { ok: true; move: PlayedMove } | undefined;
        const tries = random() < 0.5 ? 2 : 0;
        for (let i = 0; i < tries + (random() < 0.08 ? 1 : 0) && !result; i++) {
          const bySan = i >= tries;
          const input = junk(random, sans, bySan);
          const ours = game.play(input);
          const theirs = reference.play(input);
          assert.deepEqual(ours, theirs, `${where}: ${JSON.stringify(input)}`);
          if (ours.ok) {
            result = ours;
            seen.acceptedJunk++;
          } else {
            const kind = REFUSALS.find((words) => ours.error.message.includes(words));
            assert.ok(kind, ours.error.message);
            refusals.set(kind, (refusals.get(kind) ?? 0) + 1);
            assert.equal(game.fen, reference.fen, where);
          }
        }
        if (!result) {
          // Mostly random; often the mover's last move taken back (a piece going home), for
          // repetitions; a mate when there is one, half the time.
          let move = list[Math.floor(random() * count)]!;
          const own = game.ucis.at(-2);
          const mate = list.find((candidate) => sans.get(candidate)!.endsWith('#'));
          const stalemate = list.find((candidate) => stalemates(position, candidate));
          if (mate !== undefined && random() < 0.5) move = mate;
          else if (stalemate !== undefined && random() < 0.3) move = stalemate;
          else if (own && random() < (index % 4 === 1 ? 0.85 : 0.4)) {
            const back = list.find((m) => SQUARE_NAMES[moveFrom(m)] === own.slice(2, 4) && SQUARE_NAMES[moveTo(m)] === own.slice(0, 2));
            if (back !== undefined) move = back;
          }
          const input = writtenAs(random, sans.get(move)!, uciOf(move), move);
          const ours = game.play(input);
          const theirs = reference.play(input);
          assert.deepEqual(ours, theirs, `${where}: ${JSON.stringify(input)}`);
          assert.ok(ours.ok, `${where}: ${JSON.stringify(input)} refused: ${!ours.ok && ours.error.message}`);
          assert.equal(ours.move.uci, uciOf(move), where);
          result = ours;
        }

        const move = result.move;
        const lan = move.uci;
        const expected = chess.move({ from: lan.slice(0, 2), to: lan.slice(2, 4), ...(lan.length > 4 ? { promotion: lan[4] } : {}) });
        assert.deepEqual([move.san, move.uci, move.fen, move.side, move.ply], [expected.san, expected.lan, expected.after, mover, played.length + 1], where);
        assert.equal(game.fen, chess.fen(), where);
        played.push(move);
        playMove(position, moveFromUci(position, move.uci) as number);
        const after = key(move.fen);
        keys.push(after);
        counts.set(after, (counts.get(after) ?? 0) + 1);
        const occurrences = counts.get(after)!;
        assert.deepEqual(move.outcome, expectedEnding(chess, mover, occurrences), where);

        const claim = game.drawClaim();
        assert.equal(claim, reference.drawClaim(), where);
        assert.equal(claim, occurrences >= 3 ? 'threefold' : chess.isDrawByFiftyMoves() ? 'fifty' : undefined, where);
        // chess.js counts a position with an en-passant square it cannot use as another position
        // (FIDE does not), so it may see fewer repetitions, never more.
        assert.ok(!chess.isThreefoldRepetition() || occurrences >= 3, where);
        if (occurrences >= 3 && !chess.isThreefoldRepetition()) seen.chessJsFewerRepetitions++;
        if (claim) seen[claim]++;
        if (ply % 5 === 0 || move.outcome) {
          for (const side of ['white', 'black'] as const) {
            assert.equal(game.hasMatingMaterial(side), reference.hasMatingMaterial(side), where);
            assert.deepEqual(game.timeoutOutcome(side), reference.timeoutOutcome(side), where);
          }
        }
        if (move.outcome) {
          seen[move.outcome.termination as keyof Seen]++;
          break;
        }
      }

      // The game again from its kept moves (a restart): replayed up to a random ply, then played.
      const again = start(fen);
      const replayed = Math.floor(random() * (played.length + 1));
      for (const [i, move] of played.entries()) {
        const kept = { uci: move.uci, san: move.san, fen: move.fen };
        if (i < replayed) {
          const ours = again.game.replay(kept);
          assert.deepEqual(ours, again.reference.replay(kept), `game ${index} replay ${i}`);
          assert.deepEqual(ours, move, `game ${index} replay ${i}`);
        } else {
          const ours = again.game.play({ uci: move.uci });
          assert.deepEqual(ours, again.reference.play({ uci: move.uci }), `game ${index} play after replay ${i}`);
          assert.deepEqual(ours, { ok: true, move }, `game ${index} play after replay ${i}`);
        }
        assert.equal(again.game.drawClaim(), again.reference.drawClaim(), `game ${index} replay ${i}`);
      }
      assert.deepEqual([again.game.fen, again.game.sans, again.game.ucis], [game.fen, game.sans, game.ucis]);
    }
    for (const words of REFUSALS) assert.ok(refusals.has(words), `no refusal "${words}": ${JSON.stringify([...refusals])}`);
    for (const [what, times] of Object.entries(seen)) {
      if (what !== 'chessJsFewerRepetitions') assert.ok(times > 0, `no ${what} in ${plies} plies: ${JSON.stringify(seen)}`);
    }
    assert.ok(plies > 6000, `only ${plies} plies`);
  });

  it('starts from the positions ChessGame on chess.js started from, written the same, and refuses the others alike', () => {
    const random = prng(20261208);
    const fens = new Set<string>([
      ...STARTS,
      'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR  w  KQkq  -  0  1',
      'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR\tw KQkq - 007 01',
      'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 0',
      'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w QK - 0 1',
      'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq e3 0 1',
      'rnbqkbnr/pppppppp/8/8/4P3/8/PPPP1PPP/RNBQKBNR b KQkq e3 0 1',
      'rnbqkbnr/ppp1pppp/8/8/3pP3/8/PPPP1PPP/RNBQKBNR b KQkq e3 0 3',
      'rnbqkbnr/ppp1pppp/8/8/3pP3/8/PPPP1PPP/RNBQKBNR b KQkq e3 1 3',
      '7k/5Q2/6K1/8/8/8/8/8 b - - 0 1',
      '7k/6Q1/6K1/8/8/8/8/8 b - - 0 1',
      '4k3/8/8/8/8/8/8/4K2R w KQ - 0 1',
      'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0',
      'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBN w KQkq - 0 1',
      '',
    ]);
    // Positions from random games, and the same with an en-passant square written after every double step.
    for (let index = 0; index < 20; index++) {
      const chess = memoizeLegalMoves(new Chess(STARTS[index % STARTS.length]));
      for (let ply = 0; ply < 60 && !chess.isGameOver(); ply++) {
        const moves = chess.moves({ verbose: true });
        const move = moves[Math.floor(random() * moves.length)]!;
        chess.move(move);
        if (ply % 7 === 0 || move.isBigPawn()) fens.add(chess.fen());
        if (move.isBigPawn()) {
          const fields = chess.fen().split(' ');
          fields[3] = SQUARE_NAMES[(Number(move.to[1]) + (move.color === 'w' ? -2 : 0)) * 16 + FILES.indexOf(move.to[0]!)]!;
          fens.add(fields.join(' '));
        }
      }
    }
    let started = 0;
    for (const fen of fens) {
      const ours = ChessGame.start(fen);
      const theirs = ReferenceChessGame.start(fen);
      if (theirs instanceof ReferenceChessGame) {
        assert.ok(ours instanceof ChessGame, `${fen}: ${JSON.stringify(ours)}`);
        assert.deepEqual([ours.initialFen, ours.fen, ours.turn, ours.drawClaim()], [theirs.initialFen, theirs.fen, theirs.turn, theirs.drawClaim()], fen);
        assert.equal(ours.initialFen, new Chess(fen).fen(), fen);
        started++;
      } else {
        assert.deepEqual(ours, theirs, fen);
      }
    }
    assert.ok(started > 100, `only ${started} positions started`);
  });

  it('plays, replays, takes back and judges without calling chess.js', () => {
    const prototype = Chess.prototype as unknown as Record<string, unknown>;
    const names = Object.getOwnPropertyNames(Chess.prototype).filter((name) => name !== 'constructor' && typeof prototype[name] === 'function');
    const originals = new Map(names.map((name) => [name, prototype[name] as (...args: unknown[]) => unknown]));
    let calls = 0;
    for (const [name, original] of originals) {
      prototype[name] = function (this: unknown, ...args: unknown[]) {
        calls++;
        return original.apply(this, args);
      };
    }
    try {
      const random = prng(20261209);
      const game = ChessGame.start() as ChessGame;
      const played: PlayedMove[] = [];
      for (let ply = 0; ply < 120; ply++) {
        const position = positionAfter(STANDARD_FEN, game.ucis);
        const move = position.moves[Math.floor(random() * legalMoves(position))]!;
        assert.equal(game.play({ uci: 'a1a1' }).ok, false);
        assert.equal(game.play({ san: 'Zz9' }).ok, false);
        const result = game.play(ply % 2 === 0 ? { uci: uciOf(move) } : { san: sanOf(position, move) });
        assert.ok(result.ok);
        played.push(result.move);
        game.drawClaim();
        game.timeoutOutcome(game.turn);
        if (ply % 25 === 24) {
          game.undo(2);
          played.splice(-2);
        }
        if (result.move.outcome) break;
      }
      const again = ChessGame.start() as ChessGame;
      for (const move of played) again.replay(move);
      assert.deepEqual([again.fen, again.sans, again.drawClaim()], [game.fen, game.sans, game.drawClaim()]);
      assert.ok(played.length > 20);
      assert.equal(calls, 0, `chess.js was called ${calls} times`);
    } finally {
      for (const [name, original] of originals) prototype[name] = original;
    }
  });
});
